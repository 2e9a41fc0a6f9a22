import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { ErrorResponse, ValidationErrorResponse, bearerAuth } from '../../schemas/common.js';
import { etagListMatches, etagOf, ifMatchOf, viewEtag } from './recipe-etag.js';
import { recipeView } from './recipe-view.js';
import { JSON_TYPE, recipeJson } from './recipe-json.js';
import { recipeFromSource } from '../scrape/scrape.service.js';
import { RecipeSourceBody, sentPageBodyLimit } from '../scrape/scrape.schemas.js';
import { normaliseTags } from './recipe-tags.js';
import {
  Recipe,
  RecipeCreate,
  RecipeIdParams,
  RecipeViewQuery,
  RecipeList,
  RecipeListQuery,
  RecipeSummaryList,
  RecipeUpdate,
  ImportQuery,
  type RecipeListQuery as ListQuery,
} from './recipes.schemas.js';
import fp from 'fastify-plugin';
import { requestViewer } from './visibility.js';
import { linkHeader } from './link-header.js';

const etag = {
  type: 'string',
  maxLength: 64,
  pattern: '^(W/)?"[^"]*"$',
  description:
    'Version of the recipe; send it back in If-Match to update only an unchanged recipe, or in If-None-Match to get 304 while it is unchanged',
  example: '"42-1"',
};
const location = {
  type: 'string',
  maxLength: 64,
  pattern: '^/recipes/\\d+$',
  description: 'Where the new recipe lives',
  example: '/recipes/42',
};
/** A single recipe response: the recipe, with its version in the ETag header. */
const recipeWithEtag = (description: string) => ({ ...Recipe, description, headers: { ETag: etag } });
const createdRecipe = (description: string) => ({ ...Recipe, description, headers: { ETag: etag, Location: location } });
const importedRecipe = {
  ...createdRecipe('The recipe as saved'),
  headers: {
    ETag: etag,
    Location: location,
    'X-Import-Truncated': {
      type: 'string',
      maxLength: 200,
      pattern: '^[a-z_]+(, [a-z_]+)*$',
      example: 'title, ingredient_groups',
      description:
        'Only when something was cut to fit the limits of POST /recipes: the fields cut (title, ingredients, ingredient_groups, instructions)',
    },
    'X-Ingredient-Lines-Dropped': {
      type: 'integer',
      format: 'int32',
      minimum: 0,
      maximum: 1_000_000,
      example: 0,
      description: 'How many ingredient lines of the page were not saved (over RECIPE_MAX_LINES or 10,000 characters); 0 when none',
    },
  },
};
/** The line limit as create, update and import state it (RECIPE_MAX_LINES in config.ts). */
const MAX_LINES_NOTE =
  'A recipe has at most RECIPE_MAX_LINES ingredient lines (300 by default; ingredients or all of ingredient_groups): ' +
  'above it the request is 400 VALIDATION_FAILED naming the limit.';
const ifMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      maxLength: 1024,
      description:
        'ETag from a previous response (or *); 412 if the recipe changed since. Compared strongly (RFC 9110): a weak W/"…" tag never matches. A malformed value is 400.',
      examples: ['"42-1"'],
    }),
  ),
});
const ifNoneMatchHeaders = Type.Object({
  'if-none-match': Type.Optional(
    Type.String({
      maxLength: 1024,
      description: 'ETag from a previous response; 304 without a body while the recipe is unchanged',
      examples: ['"42-1"'],
    }),
  ),
});

/**
 * Sends JSON text made by recipe-json.ts as it is (Fastify does not serialize a string sent with a
 * JSON type); the schema still documents it, and the suite's contract helper checks it.
 */
const sendJsonText = (reply: FastifyReply, text: string) => reply.type(JSON_TYPE).send(text);

async function recipesRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const recipes = app.recipesService;
  app.addHook('onRequest', app.authenticate);

  app.post(
    '/recipes',
    {
      schema: {
        operationId: 'createRecipe',
        tags: ['recipes'],
        summary: 'Create a recipe owned by the caller',
        security: bearerAuth,
        description:
          'title and ingredients (or ingredient_groups) are required; time_minutes may be left out or null (the time is unknown); unknown fields are refused with 400. ' +
          'source_url and image_url must be absolute http(s) URLs. The new recipe is in the body, its URL in Location and its version in ETag. ' +
          "Ingredients of more than INGREDIENT_INLINE_MAX_CHARS characters (default 1,000) are parsed in a worker thread, within the caller's limit of " +
          'INGREDIENT_MAX_PER_USER large ingredient tasks at once (429 with Retry-After beyond it; see POST /parse/ingredients). ' +
          MAX_LINES_NOTE,
        body: RecipeCreate,
        response: { 201: createdRecipe('The recipe as saved') },
      },
    },
    async (request, reply) => {
      const row = await recipes.create(request.user.id, request.body);
      reply.status(201).header('etag', etagOf(row)).header('location', `/recipes/${row.id}`);
      return sendJsonText(reply, recipeJson(row));
    },
  );

  app.get(
    '/recipes',
    {
      schema: {
        operationId: 'listRecipes',
        tags: ['recipes'],
        summary: 'List and search recipes',
        description:
          'Filters combine (tag=a&tag=b: recipes with every one of the tags). The total number of matches is in X-Total-Count; Link gives first/prev/next/last pages. ' +
          'A recipe created, changed or deleted through the API is listed accordingly as soon as that request has been answered, ' +
          'by every instance. Only on PostgreSQL with Redis may a change made directly in the database, outside the API, take up to 5 s to show.',
        security: bearerAuth,
        querystring: RecipeListQuery,
        response: {
          200: {
            // Recipes by default; summaries with fields=summary (additionalProperties false on both, so a page is exactly one of them).
            anyOf: [RecipeList, RecipeSummaryList],
            description: 'One page of matching recipes: Recipe objects, or RecipeSummary objects with fields=summary',
            headers: {
              'X-Total-Count': {
                type: 'integer',
                format: 'int32',
                minimum: 0,
                maximum: 2_147_483_647,
                description: 'How many recipes match in all',
                example: 1,
              },
              Link: {
                type: 'string',
                maxLength: 4096,
                description:
                  'RFC 8288 links to the first, prev, next and last pages (relative URLs keeping the other parameters as sent, limit and offset set in place)',
                example: '</recipes?limit=20&offset=0>; rel="first", </recipes?limit=20&offset=0>; rel="last"',
              },
            },
          },
          400: ValidationErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const q = request.query as ListQuery;
      // Sorted, so the same set of tags in any order is one query (and one cache entry).
      const tags = q.tag ? normaliseTags(q.tag).sort() : undefined;
      const { json, total } = await recipes.list(
        {
          ingredient: q.ingredient,
          q: q.q,
          maxTime: q.max_time,
          ownerId: q.mine ? request.user.id : undefined,
          tags,
          sort: q.sort,
          limit: q.limit,
          offset: q.offset,
        },
        q.fields,
        requestViewer(app, request),
      );
      reply.header('x-total-count', String(total)).header('link', linkHeader(request, q, total));
      return sendJsonText(reply, json);
    },
  );

  app.post(
    '/recipes/import',
    {
      schema: {
        operationId: 'importRecipe',
        tags: ['recipes'],
        summary: 'Import a recipe from a web page, a page you send, or plain text, and save it for the caller',
        security: bearerAuth,
        description:
          'The body is one of: {"url"}: reads the page like GET /scrape/recipe (same safety rules and limits); ' +
          '{"html", "url"?}: extracts from the page you send, for sites that refuse servers or saved pages (nothing is fetched; ' +
          'url only resolves relative links and becomes source_url); {"text"}: reads a recipe from plain text pasted from a page or a book. ' +
          'The same extractor runs in every case, with the same limits: a sent page or text of at most SCRAPE_MAX_BYTES (413 above), ' +
          'the same worker time limit. Then saves the recipe with ingredients one per line and source_url set (null for text). ' +
          'A recipe without a total time is saved with time_minutes null (unknown). The recipe is held to the limits of POST /recipes: a longer title (200), ' +
          'ingredient line (500), group heading (200) or instructions (50,000) is cut and ends in "…", lines beyond 10,000 characters of ingredients ' +
          'are left out, and the fields cut are listed in X-Import-Truncated (never a 422 for length); control characters, bidirectional controls and ' +
          'lone surrogates are dropped from every field. Of a page with more than RECIPE_MAX_LINES (300 by default) ingredient lines, ' +
          'the first ones are saved and X-Ingredient-Lines-Dropped says how many were left out ' +
          '(GET and POST /scrape/recipe, which save nothing, list every line the page has). ' +
          '400 for a body that is none of these, empty, or binary data; 422 when there is no recipe; 403 for internal addresses, ' +
          '422 also when a page nests too deeply or takes longer than the per-page budget to read; 413/415 for too large (bytes, elements or a JSON-LD block) or non-HTML pages, 502/504 when the site fails or is too slow.',
        body: RecipeSourceBody,
        querystring: ImportQuery,
        response: {
          201: importedRecipe,
          403: ErrorResponse,
          422: ErrorResponse,
          502: ErrorResponse,
          504: ErrorResponse,
        },
      },
      bodyLimit: sentPageBodyLimit(app.config.scrape.maxBytes),
    },
    async (request, reply) => {
      const scraped = await recipeFromSource(app.scrapeFetcher, request.body, { userKey: String(request.user.id), log: request.log });
      const truncated = new Set<string>();
      const created = await recipes.createFromScraped(request.user.id, scraped, truncated, (request.query as ImportQuery).visibility);
      // The page's picture is stored here too (image_url keeps its address); not getting it never fails the import.
      const pictured = created.image_url
        ? await app.imagesService.setFromImport(request.user.id, created.id, created.image_url)
        : undefined;
      const row = pictured ?? created;
      reply
        .status(201)
        .header('etag', etagOf(row))
        .header('location', `/recipes/${row.id}`)
        .header('x-ingredient-lines-dropped', String(created.ingredientLinesDropped));
      if (truncated.size > 0) reply.header('x-import-truncated', [...truncated].join(', '));
      return sendJsonText(reply, recipeJson(row));
    },
  );

  app.get(
    '/recipes/:id',
    {
      schema: {
        operationId: 'getRecipe',
        tags: ['recipes'],
        summary: 'Get one recipe, optionally scaled or converted',
        security: bearerAuth,
        description:
          'Without query parameters: the recipe as stored. With servings (for recipes that have servings) or factor (0.01-100), every ' +
          'ingredient line is scaled: quantity, quantity_max, unit and alternatives hold the new amounts, rounded the way a cook writes them ' +
          '(1 ½ cups, 250 g), display is the line with the new amount, original the stored amount; servings is the servings asked for, and ' +
          'scaling says what was done. With units=metric|us, volumes and weights are converted too (cups of flour, sugar, butter, rice ... to ' +
          "grams with the food's density; liquids to ml; tsp and tbsp stay in a metric view); a line that cannot be converted keeps its unit " +
          'and says converted: false. ingredients stays the stored text. The ETag of such a view is the stored ETag with the view appended ' +
          '("12-3;factor=2;units=metric"): different from the stored form\'s, and accepted by If-Match on PUT and DELETE like the stored ' +
          'one, since it names the same version. 400 for servings and factor together, servings on a recipe without servings, or a factor ' +
          "outside 0.01-100 (also when servings / the recipe's servings is). With If-None-Match naming the current ETag (of this view) the answer is 304 without a body. " +
          'A view of a long recipe (ingredients over 4 × INGREDIENT_INLINE_MAX_CHARS characters) is made in a worker thread and counts towards the ' +
          "caller's limit of INGREDIENT_MAX_PER_USER (default 2) large ingredient tasks at once, shared with POST /parse/ingredients and long writes: " +
          'one more is refused at once with 429 TOO_MANY_REQUESTS and Retry-After.',
        params: RecipeIdParams,
        querystring: RecipeViewQuery,
        headers: ifNoneMatchHeaders,
        response: {
          200: recipeWithEtag('The recipe'),
          304: { type: 'null', description: 'Not modified: the ETag sent in If-None-Match is still current', headers: { ETag: etag } },
          400: ValidationErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const row = await recipes.get(request.params.id, requestViewer(app, request));
      const view = recipeView(row, request.query);
      const etag = viewEtag(row, view);
      reply.header('etag', etag);
      const ifNoneMatch = request.headers['if-none-match'];
      if (ifNoneMatch !== undefined && etagListMatches(ifNoneMatch, etag))
        return reply
          .status(304)
          .serializer(() => '')
          .send(null);
      return sendJsonText(reply, await recipes.recipeText(row, view, String(request.user.id)));
    },
  );

  app.put(
    '/recipes/:id',
    {
      schema: {
        operationId: 'updateRecipe',
        tags: ['recipes'],
        summary: 'Update a recipe (any subset of fields); owner only',
        security: bearerAuth,
        description:
          'Writes only the fields it names. With If-Match the write happens only if the recipe is still at that version (412 otherwise). ' +
          'Every change, visibility included, moves the version and so the ETag. ' +
          'Only the owner may change a recipe (403 for others). Long ingredients are parsed within the same per-account limit as on create (429 with Retry-After beyond it). ' +
          MAX_LINES_NOTE +
          ' The limit applies only to ingredients or ' +
          'ingredient_groups sent: a recipe stored with more lines before the limit keeps them, and an update of its other fields works as before. ' +
          'Ingredient headings: an update without ingredients or ingredient_groups leaves every line and heading as it is; ingredient_groups ' +
          'replaces lines and headings alike; ingredients (plain text, no headings) keeps the headings of the lines it keeps. Old and new lines ' +
          'are aligned by the longest common subsequence of their exact (trimmed) text: a line found unchanged keeps its heading, and so does a line moved elsewhere (same text); between two ' +
          'unchanged lines, the other new lines replace the other old ones one for one, in order, each taking the heading of the line it replaces; any ' +
          'further new line takes the heading of the line before it (a line added at the very start, of the line after it). ' +
          'A recipe without headings stays without.',
        params: RecipeIdParams,
        body: RecipeUpdate,
        headers: ifMatchHeaders,
        response: {
          200: recipeWithEtag('The recipe after the change'),
          403: ErrorResponse,
          404: ErrorResponse,
          412: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const row = await recipes.update(
        request.user.id,
        request.params.id,
        request.body,
        ifMatchOf(request.headers['if-match']),
        requestViewer(app, request),
      );
      reply.header('etag', etagOf(row));
      return sendJsonText(reply, recipeJson(row));
    },
  );

  app.delete(
    '/recipes/:id',
    {
      schema: {
        operationId: 'deleteRecipe',
        tags: ['recipes'],
        summary: 'Delete a recipe; owner only',
        security: bearerAuth,
        description:
          'Only the owner may delete a recipe (403 for others). With If-Match the delete happens only if the recipe is still at that version (412 otherwise).',
        params: RecipeIdParams,
        headers: ifMatchHeaders,
        response: {
          204: { type: 'null', description: 'Deleted' },
          403: ErrorResponse,
          404: ErrorResponse,
          412: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const imageSet = await recipes.delete(
        request.user.id,
        request.params.id,
        ifMatchOf(request.headers['if-match']),
        requestViewer(app, request),
      );
      // Its picture goes when no other recipe shows it.
      if (imageSet !== null) await app.imagesService.release(imageSet);
      return reply.status(204).send(null);
    },
  );
}

// Encapsulated (its hooks apply to its own routes only), with the plugins it needs named.
export default fp(recipesRoutes, { name: 'recipes-routes', dependencies: ['auth', 'recipes', 'scrape', 'households'], encapsulate: true });
