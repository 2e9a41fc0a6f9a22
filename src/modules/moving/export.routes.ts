import type { FastifyInstance } from 'fastify';
import { BINARY } from './moving.schemas.js';

export default async function exportRoutes(app: FastifyInstance) {
  const exports = app.exportService;
  app.get(
    '/export',
    {
      onRequest: app.authenticate,
      schema: {
        operationId: 'exportRecipes',
        tags: ['moving'],
        summary: 'All your recipes as a zip (to keep, or to move to another app)',
        security: [{ BearerAuth: [] }],
        description:
          'Streamed as it is written (never whole in memory). Per recipe, in the order they were created: recipes/<nnnn>.json, a schema.org ' +
          'Recipe in JSON-LD (name, recipeIngredient, recipeInstructions as HowToStep, with HowToSection for a line ending in ":", keywords, ' +
          'totalTime as ISO 8601, recipeYield, url, image), and recipes/<nnnn>.webp, its picture when it has one. Then gourmet-restore.jsonl: a ' +
          'header line, then one line per recipe with everything this service keeps for it (groups and their lines, the parsed lines, method, ' +
          'time, servings, tags, source and picture). POST /imports reads the zip back (format gourmet, or jsonld from the JSON-LD files).',
        response: {
          200: {
            description: 'The zip',
            content: {
              'application/zip': {
                schema: {
                  ...BINARY,
                  maxLength: 1_000_000_000_000,
                  description: 'A zip archive (no fixed size: it grows with the recipes and their pictures)',
                },
              },
            },
            headers: {
              'Content-Disposition': {
                type: 'string',
                maxLength: 100,
                description: 'attachment; filename="recipes-<date>.zip"',
                example: 'attachment; filename="recipes-2026-12-07.zip"',
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const stream = await exports.stream(request.user.id);
      const day = new Date(app.clock()).toISOString().slice(0, 10);
      return reply
        .type('application/zip')
        .header('content-disposition', `attachment; filename="recipes-${day}.zip"`)
        .header('cache-control', 'no-store')
        .send(stream as never);
    },
  );
}
