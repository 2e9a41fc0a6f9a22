import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorResponse } from '../../schemas/common.js';
import { TagList, TagListQuery } from './tags.schemas.js';

const bearer = [{ BearerAuth: [] }];

export default async function tagsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', app.authenticate);

  app.get('/tags', {
    schema: {
      operationId: 'listTags', tags: ['recipes'], summary: 'Every tag with its number of recipes', security: bearer,
      description: 'All recipes count, whoever owns them (as GET /recipes lists them). Most used first, ties alphabetically. '
        + 'The number of distinct tags is in X-Total-Count. Filter recipes by tag with GET /recipes?tag=.',
      querystring: TagListQuery,
      response: {
        200: { ...TagList, headers: { 'X-Total-Count': { type: 'integer' } } },
        400: ErrorResponse, 401: ErrorResponse,
      },
    },
  }, async (request, reply) => {
    // Ajv fills in the defaults.
    const { rows, total } = await app.recipesService.tags(request.query.limit ?? 100, request.query.offset ?? 0);
    reply.header('x-total-count', String(total));
    return rows;
  });
}
