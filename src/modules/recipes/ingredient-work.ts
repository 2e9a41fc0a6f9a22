/**
 * Where the CPU-heavy ingredient work runs (ingredient-tasks.ts), so that one account cannot
 * slow every other: parsing 200 awkward lines costs up to a second of CPU, a scaled view of a
 * recipe of thousands of stored lines hundreds of milliseconds, and on the event loop that time
 * is taken from every request the process serves.
 *
 * - Small inputs (up to `inlineMaxChars` characters of ingredient text; a view counts a quarter
 *   per character, being about that much cheaper than a parse) run on the event loop: a few
 *   milliseconds, less than a worker round trip would add to an ordinary recipe.
 * - Larger ones run in a worker pool (lib/worker-pool.ts), fair between users (round-robin, and
 *   one user never holds every worker).
 * - A user may have at most `maxPerUser` such tasks in flight in this process; one more is
 *   refused at once with 429 TOO_MANY_REQUESTS and Retry-After: 1, rather than queued, so a
 *   flood from one account costs the process almost nothing. Small inputs are not counted.
 */
import { AppError, TooManyRequests } from '../../errors.js';
import { PoolBusyError, PoolClosedError, WorkerCrashedError, WorkerPool } from '../../lib/worker-pool.js';
import { ingredientTasks, type IngredientTasks } from './ingredient-tasks.js';

export interface IngredientWorkOptions {
  /** Worker threads; 0 runs every task on the event loop (scripts, and tests of that path). */
  workers: number;
  /** Pooled tasks one user may have in flight at once in this process; more get 429. */
  maxPerUser: number;
  /** Inputs up to this cost (characters of ingredient text) run on the event loop. */
  inlineMaxChars: number;
  /** A task running longer is cut off (503) and its worker replaced. */
  taskTimeoutMs?: number;
  /** Tasks of all users allowed to wait for a worker; past it, 503 with Retry-After. */
  maxQueue?: number;
  /** The worker module (tests substitute a slow one). */
  entry?: URL;
}

type Method = keyof IngredientTasks;
type Args<M extends Method> = Parameters<IngredientTasks[M]>;
type Result<M extends Method> = ReturnType<IngredientTasks[M]>;

// Same extension as this module: .ts under tsx (dev, tests, `npm start`), .js if ever compiled.
const WORKER_ENTRY = new URL(`./ingredient.worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

/** What a view costs per character of ingredients, relative to a parse (measured: about a quarter). */
export const VIEW_COST_PER_CHAR = 0.25;

export class IngredientWork {
  private readonly pool: WorkerPool | null;
  private readonly inFlight = new Map<string, number>();
  /** Tasks run on the loop, in a worker, and refused for the per-user limit (tests, metrics). */
  readonly stats = { inline: 0, pooled: 0, refused: 0 };

  constructor(private readonly opts: IngredientWorkOptions) {
    this.pool =
      opts.workers > 0
        ? new WorkerPool({
            entry: opts.entry ?? WORKER_ENTRY,
            size: opts.workers,
            maxQueue: opts.maxQueue ?? 256,
            taskTimeoutMs: opts.taskTimeoutMs ?? 30_000,
            // A 10,000-line view needs a few tens of MB; far past that something is wrong.
            resourceLimits: { maxOldGenerationSizeMb: 512 },
          })
        : null;
  }

  /** Pooled tasks of this user now in flight (tests). */
  inFlightOf(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }

  /**
   * Runs `method(...args)` for user `key`: on the loop when `cost` is small (or there is no
   * pool), else in a worker within the user's limit. Throws 429 over the limit, 503 when the
   * pool is overloaded or the task overran its time.
   */
  async run<M extends Method>(method: M, args: Args<M>, cost: number, key: string): Promise<Result<M>> {
    if (!this.pool || cost <= this.opts.inlineMaxChars) {
      this.stats.inline++;
      return (ingredientTasks[method] as unknown as (...a: Args<M>) => Result<M>)(...args);
    }
    const running = this.inFlightOf(key);
    if (running >= this.opts.maxPerUser) {
      this.stats.refused++;
      throw TooManyRequests(
        1,
        `At most ${this.opts.maxPerUser} large ingredient tasks (parsing, scaled views, large recipes) may run at once per account; retry after Retry-After seconds`,
      );
    }
    this.inFlight.set(key, running + 1);
    this.stats.pooled++;
    try {
      return await this.pool.run<Result<M>>(method, args, { key });
    } catch (err) {
      if (err instanceof PoolBusyError || err instanceof WorkerCrashedError || err instanceof PoolClosedError) {
        throw new AppError(503, 'SERVICE_UNAVAILABLE', 'The server is busy with other work; retry after Retry-After seconds', {
          headers: { 'retry-after': '1' },
          cause: err,
        });
      }
      throw err;
    } finally {
      const n = this.inFlightOf(key) - 1;
      if (n > 0) this.inFlight.set(key, n);
      else this.inFlight.delete(key);
    }
  }

  close(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve();
  }
}
