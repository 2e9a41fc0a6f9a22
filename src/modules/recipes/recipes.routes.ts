import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ErrorResponse } from '../../schemas/common.js';
import { etagOf, toRecipe } from './recipes.service.js';
import type { SafeFetcher } from '../scrape/safe-fetch.js';
import { recipeFromSource } from '../scrape/scrape.service.js';
import { RecipeSourceBody, sentPageBodyLimit } from '../scrape/scrape.schemas.js';
import { Recipe, RecipeCreate, RecipeIdParams, RecipeList, RecipeListQuery, RecipeUpdate, type RecipeListQuery as ListQuery } from './recipes.schemas.js';

const bearer = [{ BearerAuth: [] }];
const etagHeader = { ETag: { type: 'string', description: 'Version of the recipe; send it back in If-Match to update only an unchanged recipe' } };
/** A single recipe response: the recipe, with its version in the ETag header. */
const RecipeWithEtag = { ...Recipe, headers: etagHeader };
const ifMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 1024, description: 'ETag from a previous response; 412 if the recipe changed since' })),
});

/** RFC 8288 Link header with first/prev/next/last pages, as relative references keeping every other parameter. */
function linkHeader(request: FastifyRequest, query: ListQuery, total: number): string {
  const base = new URL(request.url, 'http://localhost');
  const at = (offset: number) => {
    base.searchParams.set('limit', String(query.limit));
    base.searchParams.set('offset', String(offset));
    return `<${base.pathname}${base.search}>`;
  };
  const links = [`${at(0)}; rel="first"`];
  if (query.offset > 0) links.push(`${at(Math.max(0, Math.min(query.offset - query.limit, total - query.limit)))}; rel="prev"`);
  if (query.offset + query.limit < total) links.push(`${at(query.offset + query.limit)}; rel="next"`);
  links.push(`${at(Math.max(0, Math.floor((total - 1) / query.limit) * query.limit))}; rel="last"`);
  return links.join(', ');
}

export interface RecipesRoutesOptions {
  /** The guarded fetcher that POST /recipes/import reads pages with. */
  fetcher: SafeFetcher;
}

export default async function recipesRoutes(fastify: FastifyInstance, opts: RecipesRoutesOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const recipes = app.recipesService;
  app.addHook('onRequest', app.authenticate);

  app.post('/recipes', {
    schema: {
      tags: ['recipes'], summary: 'Create a recipe owned by the caller', security: bearer,
      body: RecipeCreate,
      response: { 201: RecipeWithEtag, 400: ErrorResponse, 401: ErrorResponse },
    },
  }, async (request, reply) => {
    const row = await recipes.create(request.user.id, request.body);
    return reply.status(201).header('etag', etagOf(row)).header('location', `/recipes/${row.id}`).send(toRecipe(row));
  });

  app.get('/recipes', {
    schema: {
      tags: ['recipes'], summary: 'List and search recipes',
      description: 'Filters combine. The total number of matches is in X-Total-Count; Link gives first/prev/next/last pages. '
        + 'A recipe created, changed or deleted through the API is listed accordingly as soon as that request has been answered, '
        + 'by every instance. Only on PostgreSQL with Redis may a change made directly in the database, outside the API, take up to 5 s to show.',
      security: bearer,
      querystring: RecipeListQuery,
      response: {
        200: { ...RecipeList, headers: { 'X-Total-Count': { type: 'integer' }, Link: { type: 'string' } } },
        400: ErrorResponse, 401: ErrorResponse,
      },
    },
  }, async (request, reply) => {
    const q = request.query;
    const { rows, total } = await recipes.list({
      ingredient: q.ingredient, q: q.q, maxTime: q.max_time, ownerId: q.mine ? request.user.id : undefined,
      sort: q.sort, limit: q.limit, offset: q.offset,
    });
    reply.header('x-total-count', String(total)).header('link', linkHeader(request, q, total));
    return rows.map(toRecipe);
  });

  app.post('/recipes/import', {
    schema: {
      tags: ['recipes'], summary: 'Import a recipe from a web page, a page you send, or plain text, and save it for the caller', security: bearer,
      description: 'The body is one of: {"url"}: reads the page like GET /scrape/recipe (same safety rules and limits); '
        + '{"html", "url"?}: extracts from the page you send, for sites that refuse servers or saved pages (nothing is fetched; '
        + 'url only resolves relative links and becomes source_url); {"text"}: reads a recipe from plain text pasted from a page or a book. '
        + 'The same extractor runs in every case, with the same limits: a sent page or text of at most SCRAPE_MAX_BYTES (413 above), '
        + 'the same worker time limit. Then saves the recipe with ingredients one per line and source_url set (null for text). '
        + 'A recipe without a total time is saved with time_minutes 0. '
        + '400 for a body that is none of these, empty, or binary data; 422 when there is no recipe; 403 for internal addresses, '
        + '413/415 for too large or non-HTML pages, 502/504 when the site fails or is too slow.',
      body: RecipeSourceBody,
      response: {
        201: RecipeWithEtag, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 413: ErrorResponse,
        415: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse, 502: ErrorResponse, 504: ErrorResponse,
      },
    },
    bodyLimit: sentPageBodyLimit(app.config.scrape.maxBytes),
  }, async (request, reply) => {
    const scraped = await recipeFromSource(opts.fetcher, request.body, String(request.user.id));
    const row = await recipes.createFromScraped(request.user.id, scraped);
    return reply.status(201).header('etag', etagOf(row)).header('location', `/recipes/${row.id}`).send(toRecipe(row));
  });

  app.get('/recipes/:id', {
    schema: {
      tags: ['recipes'], summary: 'Get one recipe', security: bearer,
      params: RecipeIdParams,
      response: { 200: RecipeWithEtag, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
    },
  }, async (request, reply) => {
    const row = await recipes.get(request.params.id);
    reply.header('etag', etagOf(row));
    return toRecipe(row);
  });

  app.put('/recipes/:id', {
    schema: {
      tags: ['recipes'], summary: 'Update a recipe (any subset of fields); owner only', security: bearer,
      params: RecipeIdParams, body: RecipeUpdate, headers: ifMatchHeaders,
      response: { 200: RecipeWithEtag, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 412: ErrorResponse },
    },
  }, async (request, reply) => {
    const row = await recipes.update(request.user.id, request.params.id, request.body, request.headers['if-match']);
    reply.header('etag', etagOf(row));
    return toRecipe(row);
  });

  app.delete('/recipes/:id', {
    schema: {
      tags: ['recipes'], summary: 'Delete a recipe; owner only', security: bearer,
      params: RecipeIdParams, headers: ifMatchHeaders,
      response: { 204: Type.Null({ description: 'Deleted' }), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 412: ErrorResponse },
    },
  }, async (request, reply) => {
    await recipes.delete(request.user.id, request.params.id, request.headers['if-match']);
    return reply.status(204).send(null);
  });
}
