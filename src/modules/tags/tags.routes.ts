import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorResponse, bearerAuth } from '../../schemas/common.js';
import { TagList, TagListQuery, type TagListQuery as TagQuery } from './tags.schemas.js';
import fp from 'fastify-plugin';
import { requestViewer } from '../recipes/visibility.js';

async function tagsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/tags',
    {
      schema: {
        operationId: 'listTags',
        tags: ['recipes'],
        summary: 'Every tag with its number of recipes',
        security: bearerAuth,
        description:
          'Every recipe the caller may see counts, whoever owns it (as GET /recipes lists them; see visibility). Most used first, ties alphabetically. ' +
          'The number of distinct tags is in X-Total-Count. Filter recipes by tag with GET /recipes?tag=.',
        querystring: TagListQuery,
        response: {
          200: {
            ...TagList,
            headers: {
              'X-Total-Count': {
                type: 'integer',
                format: 'int32',
                minimum: 0,
                maximum: 2_147_483_647,
                description: 'How many distinct tags there are',
              },
            },
          },
          400: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const { limit, offset } = request.query as TagQuery;
      const { rows, total } = await app.recipesService.tags(limit, offset, requestViewer(app, request));
      reply.header('x-total-count', String(total));
      return rows;
    },
  );
}

// Encapsulated (its hooks apply to its own routes only), with the plugins it needs named.
export default fp(tagsRoutes, { name: 'tags-routes', dependencies: ['auth', 'recipes', 'households'], encapsulate: true });
