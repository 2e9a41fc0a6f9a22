/**
 * Page extraction (title, content, recipe) behind one interface, run either in a worker pool
 * (the app: parsing a large page costs 50–200 ms of CPU, which must not stall other requests)
 * or on the calling thread (scripts and unit tests that want no threads).
 */
import { DEFAULT_EXTRACT_WORKERS } from '../../config.js';
import type { PageContent } from './extract-content.js';
import type { ExtractedRecipe } from './extract-recipe.js';
import type { PageBounds } from './page-bounds.js';
import { TaskFailedError, WorkerPool, type WorkerPoolOptions } from '../../lib/worker-pool.js';

export { DEFAULT_EXTRACT_WORKERS };

export interface ExtractOptions {
  /** Whom the extraction runs for (a user id): the pool shares its workers fairly between keys. */
  key?: string;
}

export interface Extractor {
  title(html: string, opts?: ExtractOptions): Promise<string | null>;
  content(html: string, opts?: ExtractOptions): Promise<PageContent>;
  recipe(html: string, pageUrl: string, opts?: ExtractOptions): Promise<ExtractedRecipe | null>;
  /** A recipe from plain text (pasted from a page or a book). */
  recipeFromText(text: string, opts?: ExtractOptions): Promise<ExtractedRecipe | null>;
  close(): Promise<void>;
}

export interface ExtractorPoolOptions {
  /** Worker threads (default DEFAULT_EXTRACT_WORKERS: one per core, at least two). */
  workers?: number;
  /** Extractions allowed to wait for a worker before callers get "busy". */
  maxQueue?: number;
  /** The per-page time budget: an extraction running longer is cut off and its worker replaced. */
  taskTimeoutMs?: number;
  /** Bounds checked in the worker before a page is parsed (none when absent). */
  bounds?: PageBounds;
  /** The worker module; tests substitute one that misbehaves on purpose. */
  entry?: URL;
  /** Told when a worker thread ends (closed, crashed, timed out or failed to start). */
  onWorkerExit?: WorkerPoolOptions['onWorkerExit'];
}

// Same extension as this module: .ts under tsx (dev, tests), .js when compiled (`npm start`).
const WORKER_ENTRY = new URL(`./extract.worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

/** Default per-page time budget of a pooled extractor (the app takes SCRAPE_EXTRACT_BUDGET_MS). */
export const DEFAULT_EXTRACT_BUDGET_MS = 5000;

/** Extraction in a pool of worker threads; `close()` terminates them. */
export function createPooledExtractor(opts: ExtractorPoolOptions = {}): Extractor {
  const pool = new WorkerPool({
    entry: opts.entry ?? WORKER_ENTRY,
    size: opts.workers ?? DEFAULT_EXTRACT_WORKERS,
    maxQueue: opts.maxQueue ?? 64,
    taskTimeoutMs: opts.taskTimeoutMs ?? DEFAULT_EXTRACT_BUDGET_MS,
    // A 5 MB page parses into a DOM of a few hundred MB at worst; past that the worker dies
    // (and is replaced) instead of the whole API process running out of memory.
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
    onWorkerExit: opts.onWorkerExit,
  });
  const bounds = opts.bounds ?? null;
  return {
    title: (html, o) => pool.run('title', [html, bounds], { key: o?.key }),
    content: (html, o) => pool.run('content', [html, bounds], { key: o?.key }),
    recipe: (html, pageUrl, o) => pool.run('recipe', [html, pageUrl, bounds], { key: o?.key }),
    recipeFromText: (text, o) => pool.run('recipeText', [text], { key: o?.key }),
    close: () => pool.close(),
  };
}

/**
 * The extraction code (cheerio, htmlparser2, parse5), loaded on the first inline extraction: the
 * app extracts in its worker threads, so its own thread never needs these at start.
 */
let extractModules:
  Promise<[typeof import('./extract-content.js'), typeof import('./extract-recipe.js'), typeof import('./extract-title.js')]> | undefined;
const loadExtract = () =>
  (extractModules ??= Promise.all([import('./extract-content.js'), import('./extract-recipe.js'), import('./extract-title.js')]));

/** Runs `fn` here, reporting a throw the way a worker does, so callers handle both alike. */
async function inline<T>(fn: (m: Awaited<ReturnType<typeof loadExtract>>) => T): Promise<T> {
  const modules = await loadExtract();
  try {
    return fn(modules);
  } catch (err) {
    throw new TaskFailedError(err instanceof Error ? `${err.name}: ${err.message}` : String(err), { cause: err });
  }
}

/** Extraction on the calling thread: for scripts and tests, never for the API's request path. */
export const inlineExtractor: Extractor = {
  title: (html) => inline(([, , title]) => title.extractTitle(html)),
  content: (html) => inline(([content]) => content.extractContent(html)),
  recipe: (html, pageUrl) => inline(([, recipe]) => recipe.extractRecipe(html, pageUrl)),
  recipeFromText: (text) => inline(([, recipe]) => recipe.extractRecipeFromText(text)),
  close: async () => {},
};
