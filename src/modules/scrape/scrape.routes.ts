/**
 * GET /scrape/title, /scrape/content and /scrape/recipe. Every fetch goes through one guarded
 * fetcher (SSRF rules, time and size limits, per-user and global concurrency).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorResponse, ValidationErrorResponse, bearerAuth } from '../../schemas/common.js';
import { RecipeSourceBody, ScrapeQuery, ScrapedContent, ScrapedRecipe, ScrapedTitle, sentPageBodyLimit } from './scrape.schemas.js';
import { recipeFromSource, scrapeContent, scrapeRecipe, scrapeTitle } from './scrape.service.js';
import fp from 'fastify-plugin';

const failures = {
  400: ValidationErrorResponse,
  403: ErrorResponse,
  413: ErrorResponse,
  415: ErrorResponse,
  422: ErrorResponse,
  502: ErrorResponse,
  504: ErrorResponse,
};
const failureText =
  'Fails with 400 for a missing or non-http(s) URL, 403 when the host resolves to an internal address ' +
  '(checked again on every redirect), 413 when the page is over the size limit, has too many elements (PAGE_TOO_MANY_ELEMENTS) ' +
  'or a too-long JSON-LD block (JSON_LD_TOO_LARGE), 415 when it is not HTML, 422 when it nests elements too deeply ' +
  '(PAGE_TOO_DEEPLY_NESTED) or takes longer than the per-page time budget to read (EXTRACTION_BUDGET_EXCEEDED), 429 when you already ' +
  'have too many scrapes running or the extractors are saturated, 502 when the site fails, 504 when it is too slow. ' +
  'Extraction is shared fairly between users.';

async function scrapeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  // The app's one fetcher (scrape.plugin.ts), shared with POST /recipes/import.
  const fetcher = app.scrapeFetcher;

  app.get(
    '/scrape/title',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'scrapeTitle',
        tags: ['scrape'],
        summary: 'Read the title of a web page',
        description: `The page's <title>, falling back to og:title and then the first h1. 422 when it has none. ${failureText}`,
        security: bearerAuth,
        querystring: ScrapeQuery,
        response: { 200: ScrapedTitle, ...failures },
      },
    },
    async (request) => scrapeTitle(fetcher, request.query.url, { userKey: String(request.user.id), log: request.log }),
  );

  app.get(
    '/scrape/content',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'scrapeContent',
        tags: ['scrape'],
        summary: 'Read the headings and paragraphs of a web page',
        description: `Texts of h1–h3 and of p elements in document order, trimmed, without scripts or styles; empty ones dropped. ${failureText}`,
        security: bearerAuth,
        querystring: ScrapeQuery,
        response: { 200: ScrapedContent, ...failures },
      },
    },
    async (request) => scrapeContent(fetcher, request.query.url, { userKey: String(request.user.id), log: request.log }),
  );

  app.get(
    '/scrape/recipe',
    {
      onRequest: [app.authenticate],
      schema: {
        operationId: 'scrapeRecipe',
        tags: ['scrape'],
        summary: 'Extract a recipe from a web page (not saved)',
        description:
          "Reads schema.org Recipe data (JSON-LD, then microdata, then recipe-card plugin markup), and the page's own ingredient " +
          'and method sections where those leave gaps. ingredients is the flat list; ingredient_groups keeps "For the sauce" style groups; ' +
          'tags come from recipeCategory, recipeCuisine and keywords. Times over a week and servings outside 1–1000 are null. ' +
          'POST /scrape/recipe does the same for a page or text sent in the body; POST /recipes/import saves it. ' +
          `422 when the page holds no recipe. ${failureText}`,
        security: bearerAuth,
        querystring: ScrapeQuery,
        response: { 200: ScrapedRecipe, ...failures },
      },
    },
    async (request) => scrapeRecipe(fetcher, request.query.url, { userKey: String(request.user.id), log: request.log }),
  );

  app.post(
    '/scrape/recipe',
    {
      onRequest: [app.authenticate],
      bodyLimit: sentPageBodyLimit(app.config.scrape.maxBytes),
      schema: {
        operationId: 'previewRecipe',
        tags: ['scrape'],
        summary: 'Extract a recipe from a URL, a page you send, or plain text (not saved)',
        description:
          'The preview of POST /recipes/import: the same body ({"url"}, {"html", "url"?} or {"text"}), the same extractor ' +
          'and limits, and nothing is saved. With html nothing is fetched and url only resolves relative links (and is echoed as source_url); ' +
          'with text source_url is null. 400 for a body that is none of these, empty or binary data; 413 when the page or text is over ' +
          `SCRAPE_MAX_BYTES; 422 when there is no recipe. For {"url"}: ${failureText}`,
        security: bearerAuth,
        body: RecipeSourceBody,
        response: { 200: ScrapedRecipe, ...failures },
      },
    },
    async (request) => recipeFromSource(fetcher, request.body, { userKey: String(request.user.id), log: request.log }),
  );
}

// Encapsulated (its hooks apply to its own routes only), with the plugins it needs named.
export default fp(scrapeRoutes, { name: 'scrape-routes', dependencies: ['auth', 'scrape'], encapsulate: true });
