/**
 * Scraping use cases shared by the /scrape routes and POST /recipes/import: fetch through the
 * guarded fetcher, then extract. Extraction errors become contract errors (422).
 */
import type { Config } from '../../config.js';
import { Unprocessable } from '../../errors.js';
import { extractContent, type PageContent } from './extract-content.js';
import { extractRecipe, type ExtractedRecipe } from './extract-recipe.js';
import { extractTitle } from './extract-title.js';
import { createSafeFetcher, type SafeFetcher, type SafeFetcherOptions } from './safe-fetch.js';

/** Sent on every outbound request so site owners can see who is fetching and why. */
export const SCRAPER_USER_AGENT = 'GourmetRecipeCatalog/0.1 (recipe import bot; fetches single pages on user request)';

/** The fetcher configured from `Config['scrape']`; tests may override e.g. the DNS lookup. */
export function createScrapeFetcher(config: Config['scrape'], overrides: Partial<SafeFetcherOptions> = {}): SafeFetcher {
  return createSafeFetcher({
    allowHosts: config.allowHosts,
    timeoutMs: config.timeoutMs,
    maxBytes: config.maxBytes,
    maxConcurrent: config.maxConcurrent,
    maxPerUser: config.maxPerUser,
    userAgent: SCRAPER_USER_AGENT,
    ...overrides,
  });
}

export interface ScrapedRecipe extends ExtractedRecipe {
  /** The URL the caller asked for. */
  source_url: string;
}

export async function scrapeTitle(fetcher: SafeFetcher, url: string, userKey: string): Promise<{ title: string; url: string }> {
  const page = await fetcher.fetchHtml(url, userKey);
  const title = extractTitle(page.html);
  if (title === null) throw Unprocessable('The page has no title');
  return { title, url };
}

export async function scrapeContent(fetcher: SafeFetcher, url: string, userKey: string): Promise<PageContent & { url: string }> {
  const page = await fetcher.fetchHtml(url, userKey);
  return { url, ...extractContent(page.html) };
}

/** Fetches and extracts a recipe; throws 422 when the page holds none. */
export async function scrapeRecipe(fetcher: SafeFetcher, url: string, userKey: string): Promise<ScrapedRecipe> {
  const page = await fetcher.fetchHtml(url, userKey);
  // Relative image links resolve against the final URL, where the page really came from.
  const recipe = extractRecipe(page.html, page.url);
  if (!recipe) throw Unprocessable('No recipe found on the page');
  return { ...recipe, source_url: url };
}
