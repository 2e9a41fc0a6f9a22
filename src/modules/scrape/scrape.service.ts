/**
 * Scraping use cases shared by the /scrape routes and POST /recipes/import: fetch through the
 * guarded fetcher, then extract off the event loop. Extraction errors become contract errors
 * (422 for a page we cannot read, 429 when the extractors are saturated).
 */
import type { Config } from '../../config.js';
import {
  AppError,
  BadGateway,
  BadRequest,
  isScrapePageRefusal,
  PageRefused,
  PayloadTooLarge,
  TooManyRequests,
  Unprocessable,
} from '../../errors.js';
import { redactUrlForLog } from '../../lib/log-redaction.js';
import type { PageContent } from './extract-content.js';
import type { ExtractedRecipe } from './extract-recipe.js';
import { SCRAPE_LIMITS, type ScrapedRecipe } from './scrape.schemas.js';
import { createPooledExtractor, inlineExtractor, type Extractor } from './extractor.js';
import { createSafeFetcher, type SafeFetcher, type SafeFetcherOptions } from './safe-fetch.js';
import { PoolBusyError, PoolClosedError, TaskFailedError, TaskTimedOutError, WorkerCrashedError } from '../../lib/worker-pool.js';

/** Sent on every outbound request so site owners can see who is fetching and why. */
export const SCRAPER_USER_AGENT = 'GourmetRecipeCatalog/0.1 (recipe import bot; fetches single pages on user request)';

/**
 * The fetcher together with the extractor pool that reads what it fetches. The app creates
 * one and hands it to every scraping route, so they share both the fetch limits and the
 * worker threads; `close()` aborts fetches and terminates the workers.
 */
export interface ScrapeFetcher extends SafeFetcher {
  extractor: Extractor;
  /** The largest page read (SCRAPE_MAX_BYTES): fetched pages and pages handed over in a request alike. */
  maxBytes?: number;
}

/**
 * The fetcher configured from `Config['scrape']`; tests may override e.g. the DNS lookup.
 * Its extractor pool has `extractWorkers` threads, the per-page time budget and the parsing bounds.
 */
export function createScrapeFetcher(
  config: Config['scrape'],
  overrides: Partial<SafeFetcherOptions> & { extractor?: Extractor; extractorEntry?: URL } = {},
): ScrapeFetcher {
  const { extractor: givenExtractor, extractorEntry, ...fetchOverrides } = overrides;
  const fetcher = createSafeFetcher({
    allowHosts: config.allowHosts,
    timeoutMs: config.timeoutMs,
    maxBytes: config.maxBytes,
    maxConcurrent: config.maxConcurrent,
    maxPerUser: config.maxPerUser,
    userAgent: SCRAPER_USER_AGENT,
    ...fetchOverrides,
  });
  // Enough room for every fetch that may finish at once; beyond that callers are told to retry.
  const extractor =
    givenExtractor ??
    createPooledExtractor({
      workers: config.extractWorkers,
      maxQueue: Math.max(8, config.maxConcurrent * 2),
      taskTimeoutMs: config.extractBudgetMs,
      entry: extractorEntry,
      bounds: { maxElements: config.maxElements, maxDepth: config.maxDepth, maxJsonLdChars: config.maxJsonLdChars },
    });
  return {
    fetchHtml: fetcher.fetchHtml,
    fetchBytes: fetcher.fetchBytes,
    extractor,
    maxBytes: config.maxBytes,
    async close() {
      await Promise.all([fetcher.close(), extractor.close()]);
    },
  };
}

/** The fetcher's extractor pool, or (for a bare SafeFetcher) extraction on this thread. */
function extractorOf(fetcher: SafeFetcher): Extractor {
  return (fetcher as Partial<ScrapeFetcher>).extractor ?? inlineExtractor;
}

/** Where the service reports pages it refused (pino's `warn`, e.g. `request.log`). */
export interface ScrapeLog {
  warn(obj: object, msg: string): void;
}

/** Who asks and where to log: the key the fetch limits and the fair extraction queue use. */
export interface ScrapeCaller {
  userKey: string;
  log?: ScrapeLog;
}

function callerOf(caller: string | ScrapeCaller): ScrapeCaller {
  return typeof caller === 'string' ? { userKey: caller } : caller;
}

/** Runs one extraction, turning the ways it can fail into the contract's errors. */
async function extracting<T>(url: string, caller: ScrapeCaller, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError) throw err;
    // Refused for what reading it costs: the page's own fault, with a code saying which bound.
    // The URL is logged without its userinfo and query, which may hold credentials.
    const refusal =
      err instanceof TaskTimedOutError
        ? PageRefused('EXTRACTION_BUDGET_EXCEEDED', `Reading the page took longer than its ${err.budgetMs} ms budget`)
        : err instanceof TaskFailedError && isScrapePageRefusal(err.code)
          ? PageRefused(err.code, err.detail ?? 'The page is too costly to read')
          : null;
    if (refusal) {
      caller.log?.warn({ url: redactUrlForLog(url), user: caller.userKey, code: refusal.code }, 'scraped page refused');
      throw refusal;
    }
    if (err instanceof PoolBusyError) throw TooManyRequests(1, 'The scraper is busy, try again shortly');
    if (err instanceof PoolClosedError) throw BadGateway('The scraper is shutting down');
    // The page broke the parser, exhausted the worker's memory or ran it past its time limit:
    // the page cannot be read, which is the caller's 422, not our 500. A worker that could
    // not even start (a plain Error from the pool) is our fault and stays a 500.
    if (err instanceof TaskFailedError || err instanceof WorkerCrashedError) {
      throw new AppError(422, 'UNPROCESSABLE', 'The page could not be read', { cause: err });
    }
    throw err;
  }
}

/** An extracted recipe with the URL the caller asked for (or named for a page it sent; null for pasted text). */
export type { ScrapedRecipe };

const L = SCRAPE_LIMITS;
const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);
const cutAll = (texts: string[], count: number, max: number) => texts.slice(0, count).map((t) => cut(t, max));

/** An extracted recipe within the sizes the API documents (SCRAPE_LIMITS). */
function bounded(recipe: ExtractedRecipe): ExtractedRecipe {
  const minutes = recipe.time_minutes;
  const servings = recipe.servings;
  return {
    title: cut(recipe.title, L.titleLength),
    ingredients: cutAll(recipe.ingredients, L.ingredients, L.ingredientLength),
    ingredient_groups: recipe.ingredient_groups.slice(0, L.ingredients).map((g) => ({
      name: g.name === null ? null : cut(g.name, L.ingredientLength),
      ingredients: cutAll(g.ingredients, L.ingredients, L.ingredientLength),
    })),
    tags: recipe.tags.slice(0, 20),
    time_minutes: minutes === null || !Number.isFinite(minutes) || minutes < 0 ? null : Math.min(Math.round(minutes), L.maxMinutes),
    instructions: recipe.instructions === null ? null : cut(recipe.instructions, L.instructionsLength),
    servings: servings === null || !Number.isFinite(servings) || servings < 0 ? null : Math.min(servings, L.maxServings),
    image_url: recipe.image_url !== null && recipe.image_url.length <= L.urlLength ? recipe.image_url : null,
  };
}

export async function scrapeTitle(fetcher: SafeFetcher, url: string, who: string | ScrapeCaller): Promise<{ title: string; url: string }> {
  const caller = callerOf(who);
  const page = await fetcher.fetchHtml(url, caller.userKey);
  const title = await extracting(url, caller, () => extractorOf(fetcher).title(page.html, { key: caller.userKey }));
  if (title === null) throw Unprocessable('The page has no title');
  return { title: cut(title, L.titleLength), url };
}

export async function scrapeContent(fetcher: SafeFetcher, url: string, who: string | ScrapeCaller): Promise<PageContent & { url: string }> {
  const caller = callerOf(who);
  const page = await fetcher.fetchHtml(url, caller.userKey);
  const content = await extracting(url, caller, () => extractorOf(fetcher).content(page.html, { key: caller.userKey }));
  return { url, headers: cutAll(content.headers, L.texts, L.textLength), paragraphs: cutAll(content.paragraphs, L.texts, L.textLength) };
}

/** Fetches and extracts a recipe; throws 422 when the page holds none. */
export async function scrapeRecipe(fetcher: SafeFetcher, url: string, who: string | ScrapeCaller): Promise<ScrapedRecipe> {
  const caller = callerOf(who);
  const page = await fetcher.fetchHtml(url, caller.userKey);
  // Relative image links resolve against the final URL, where the page really came from.
  const recipe = await extracting(url, caller, () => extractorOf(fetcher).recipe(page.html, page.url, { key: caller.userKey }));
  if (!recipe) throw Unprocessable('No recipe found on the page');
  return { ...bounded(recipe), source_url: url };
}

/** Where a recipe comes from: a page to fetch, a page the caller sends (its URL optional), or plain text. */
export type RecipeSource = { url: string } | { html: string; url?: string } | { text: string };

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Refuses what cannot be a page or a recipe text before any extraction work: over the size limit
 * (413, the same limit as a fetched page), blank (400), or binary data (400: NUL bytes or mostly
 * control characters, e.g. an image pasted as a string).
 */
function checkSentText(value: string, what: string, maxBytes: number): void {
  if (Buffer.byteLength(value, 'utf8') > maxBytes) throw PayloadTooLarge(`The ${what} is larger than ${maxBytes} bytes`);
  if (!/\S/.test(value)) throw BadRequest(`The ${what} is empty`);
  let control = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) throw BadRequest(`The ${what} holds binary data, not text`);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) control++;
  }
  if (control > 16 && control > value.length / 100) throw BadRequest(`The ${what} holds binary data, not text`);
}

/**
 * A recipe from any source: fetched like GET /scrape/recipe, or extracted from the page or text
 * the caller sent, by the same extractor in the same worker pool (same time limit and CPU
 * isolation). Throws 422 when there is no recipe.
 */
export async function recipeFromSource(fetcher: SafeFetcher, source: RecipeSource, who: string | ScrapeCaller): Promise<ScrapedRecipe> {
  const caller = callerOf(who);
  const maxBytes = (fetcher as Partial<ScrapeFetcher>).maxBytes ?? DEFAULT_MAX_BYTES;
  if ('text' in source) {
    checkSentText(source.text, 'text', maxBytes);
    const recipe = await extracting('(sent text)', caller, () => extractorOf(fetcher).recipeFromText(source.text, { key: caller.userKey }));
    if (!recipe) throw Unprocessable('No recipe found in the text');
    return { ...bounded(recipe), source_url: null };
  }
  if ('html' in source) {
    checkSentText(source.html, 'page', maxBytes);
    // Without a URL only absolute links (or the page's own <base>/canonical link) resolve.
    const recipe = await extracting(source.url ?? '(sent page)', caller, () =>
      extractorOf(fetcher).recipe(source.html, source.url ?? 'about:blank', { key: caller.userKey }),
    );
    if (!recipe) throw Unprocessable('No recipe found on the page');
    return { ...bounded(recipe), source_url: source.url ?? null };
  }
  return scrapeRecipe(fetcher, source.url, caller);
}
