/**
 * Page extraction (title, content, recipe) behind one interface, run either in a worker pool
 * (the app: parsing a large page costs 50–200 ms of CPU, which must not stall other requests)
 * or on the calling thread (scripts and unit tests that want no threads).
 */
import { extractContent, type PageContent } from './extract-content.js';
import { extractRecipe, extractRecipeFromText, type ExtractedRecipe } from './extract-recipe.js';
import { extractTitle } from './extract-title.js';
import { TaskFailedError, WorkerPool, type WorkerPoolOptions } from './worker-pool.js';

export interface Extractor {
  title(html: string): Promise<string | null>;
  content(html: string): Promise<PageContent>;
  recipe(html: string, pageUrl: string): Promise<ExtractedRecipe | null>;
  /** A recipe from plain text (pasted from a page or a book). */
  recipeFromText(text: string): Promise<ExtractedRecipe | null>;
  close(): Promise<void>;
}

export interface ExtractorPoolOptions {
  /** Worker threads. One keeps the event loop free; more only help with cores to spare. */
  workers?: number;
  /** Extractions allowed to wait for a worker before callers get "busy". */
  maxQueue?: number;
  /** An extraction running longer than this is taken for a hung worker (e.g. a regex blow-up). */
  taskTimeoutMs?: number;
  /** The worker module; tests substitute one that misbehaves on purpose. */
  entry?: URL;
  /** Told when a worker thread ends (closed, crashed, timed out or failed to start). */
  onWorkerExit?: WorkerPoolOptions['onWorkerExit'];
}

// Same extension as this module: .ts under tsx (dev, tests, `npm start`), .js if ever compiled.
const WORKER_ENTRY = new URL(`./extract.worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

export const DEFAULT_EXTRACT_WORKERS = 1;

/** Extraction in a pool of worker threads; `close()` terminates them. */
export function createPooledExtractor(opts: ExtractorPoolOptions = {}): Extractor {
  const pool = new WorkerPool({
    entry: opts.entry ?? WORKER_ENTRY,
    size: opts.workers ?? DEFAULT_EXTRACT_WORKERS,
    maxQueue: opts.maxQueue ?? 64,
    taskTimeoutMs: opts.taskTimeoutMs ?? 30_000,
    // A 5 MB page parses into a DOM of a few hundred MB at worst; past that the worker dies
    // (and is replaced) instead of the whole API process running out of memory.
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
    onWorkerExit: opts.onWorkerExit,
  });
  return {
    title: (html) => pool.run('title', [html]),
    content: (html) => pool.run('content', [html]),
    recipe: (html, pageUrl) => pool.run('recipe', [html, pageUrl]),
    recipeFromText: (text) => pool.run('recipeText', [text]),
    close: () => pool.close(),
  };
}

/** Runs `fn` here, reporting a throw the way a worker does, so callers handle both alike. */
async function inline<T>(fn: () => T): Promise<T> {
  try {
    return fn();
  } catch (err) {
    throw new TaskFailedError(err instanceof Error ? `${err.name}: ${err.message}` : String(err), { cause: err });
  }
}

/** Extraction on the calling thread: for scripts and tests, never for the API's request path. */
export const inlineExtractor: Extractor = {
  title: (html) => inline(() => extractTitle(html)),
  content: (html) => inline(() => extractContent(html)),
  recipe: (html, pageUrl) => inline(() => extractRecipe(html, pageUrl)),
  recipeFromText: (text) => inline(() => extractRecipeFromText(text)),
  close: async () => {},
};
