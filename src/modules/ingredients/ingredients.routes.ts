/** POST /parse/ingredients: ingredient lines in, structured parts out. Bearer only; nothing is stored. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorResponse, bearerAuth } from '../../schemas/common.js';
import { MAX_LINE_LENGTH } from './ingredient-parser.js';
import { MAX_LINES, ParseIngredientsBody, ParseIngredientsResponse } from './ingredients.schemas.js';
import fp from 'fastify-plugin';

// Room for MAX_LINES lines of MAX_LINE_LENGTH characters, each up to 4 bytes in UTF-8 or 6 as a
// JSON escape, plus quotes and commas; anything larger cannot be a valid request.
const BODY_LIMIT = MAX_LINES * (MAX_LINE_LENGTH * 6 + 4) + 64;

async function ingredientsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/parse/ingredients',
    {
      onRequest: [app.authenticate],
      bodyLimit: BODY_LIMIT,
      schema: {
        operationId: 'parseIngredients',
        tags: ['ingredients'],
        summary: 'Parse ingredient lines into quantity, unit, food, size, preparation and comment',
        description:
          'Each line is read into its amount (integers, decimals with a point or a comma, vulgar fractions such as ½, ' +
          'mixed numbers such as 1 1/2, ranges such as 2-3 or 2 to 3), its unit (a canonical name: every spelling and abbreviation, ' +
          'metric, US and imperial, and count units such as clove, sprig, can, bunch, pinch; the usual kitchen units of French, Dutch, ' +
          'German, Portuguese, Polish, Italian, Hungarian, Swedish, Spanish and Danish too), the food name, size words, preparation ' +
          'and comment. "200g/7oz" gives the first amount and lists the others in `alternatives`. Parts a line does not have are null. ' +
          `Nothing is stored. At most ${MAX_LINES} lines of at most ${MAX_LINE_LENGTH} characters each; ` +
          'more lines or longer lines get 400, a body over the size limit 413, a body that is not JSON 415. ' +
          'A batch of more than INGREDIENT_INLINE_MAX_CHARS characters (default 1,000) is parsed in a worker thread, and one account ' +
          'may have at most INGREDIENT_MAX_PER_USER (default 2) such batches, scaled views of long recipes or long writes in progress ' +
          'at once: one more is refused at once with 429 TOO_MANY_REQUESTS and Retry-After (it is not queued).',
        security: bearerAuth,
        body: ParseIngredientsBody,
        response: {
          200: ParseIngredientsResponse,
          400: ErrorResponse,
        },
      },
    },
    async (request) => {
      const lines = request.body.ingredients;
      const chars = lines.reduce((n, l) => n + l.length, 0);
      return { ingredients: await app.ingredientWork.run('parseLines', [lines], chars, String(request.user.id)) };
    },
  );
}

// Encapsulated (its hooks apply to its own routes only), with the plugins it needs named.
export default fp(ingredientsRoutes, { name: 'ingredients-routes', dependencies: ['auth'], encapsulate: true });
