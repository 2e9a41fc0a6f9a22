/**
 * Builds search summaries in the background, one at a time per process, so that no search waits
 * for one: a search of a common term without a summary asks for it (`request`) and is answered
 * exactly by the general way meanwhile (sqlite.ts, postgres.ts). A build reads every recipe that
 * holds the term and writes its postings in one transaction: at 1M recipes up to ~0.7 s on
 * SQLite and seconds on PostgreSQL, which a request used to pay and others queued behind.
 *
 * How a term is built depends on the database, and is given as `buildNow`:
 * - SQLite on a file: in a worker thread on a connection of its own (summary-build.worker.ts,
 *   `SummaryBuilder.onWorker`): better-sqlite3 is synchronous, and the build would otherwise hold
 *   the whole process. Readers go on under WAL; writers wait for the write lock as for any
 *   transaction.
 * - SQLite in memory (one connection): on that connection, a turn of the event loop later.
 * - PostgreSQL: on the pool (postgresSummaries.add), whose lock makes builds of any instances run
 *   one at a time; a term another instance summarised first is simply returned.
 *
 * Builds of one term share one promise; a build that fails (closed, crashed, writers holding
 * the lock) is counted and told, and the next search of the term asks again. The summaries of
 * the terms that are common in the data are built without any search by warmSummaries
 * (summary-warmup.ts), after a seed, an import or a restore and at start.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { WorkerPool } from '../../../lib/worker-pool.js';
import type { SummaryText } from './sqlite-summaries.js';
import type { WarmupResult } from './summary-warmup.js';

export interface SummaryBuilderOptions {
  /** Told when a build failed (searches were answered without it). */
  onError?: (err: unknown) => void;
  /** Ends what builds run on (the worker thread). */
  close?: () => Promise<void>;
  /**
   * Runs a warm-up (summary-warmup.ts) where the builds run, for at most `budgetMs`; given by
   * onWorker, so the warm-up's steps never wait for a serving thread busy with searches.
   */
  warm?: (budgetMs: number) => Promise<WarmOnWorker>;
}

export interface WarmOnWorker {
  result: WarmupResult;
  lines: { msg: string; data: Record<string, unknown> }[];
}

export type BuildSummary = (text: SummaryText) => Promise<number | undefined>;

export class SummaryBuilder {
  /** Builds asked for and not ended, per term: asking again joins the same one. */
  private readonly running = new Map<string, Promise<number | undefined>>();
  /** The end of the last build queued: builds run one after another. */
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  readonly stats = { built: 0, failed: 0 };

  /** `buildNow` builds one term's summary and returns its id (undefined when there was no room). */
  constructor(
    readonly buildNow: BuildSummary,
    private readonly opts: SummaryBuilderOptions = {},
  ) {}

  /** SQLite on a file: builds on a worker thread's own connection to `file`. */
  static onWorker(file: string, opts: Omit<SummaryBuilderOptions, 'close'> = {}): SummaryBuilder {
    const pool = new WorkerPool({
      // Same extension as this module: .ts under tsx (dev, tests), .js when compiled (`npm start`).
      entry: new URL(`./summary-build.worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
      size: 1,
      maxQueue: 1024,
      // A 1M-recipe term takes under a second; far past that the worker is stuck, and replaced.
      taskTimeoutMs: 120_000,
      // Builds come in bursts (a start's warm-up, a term writes made common): between them the
      // thread and its connection would hold about 20 MB for nothing.
      idleTimeoutMs: 30_000,
    });
    return new SummaryBuilder((text) => pool.run<number>('build', [file, { term: text.term, columns: text.columns }]), {
      ...opts,
      close: () => pool.close(),
      warm: (budgetMs) => pool.run<WarmOnWorker>('warm', [file, budgetMs]),
    });
  }

  /**
   * Where the builds run: the warm-up, there, in turn with the builds (undefined when the
   * warm-up is driven from the caller's thread instead). Rejects if it failed.
   */
  get warmHere(): ((budgetMs: number) => Promise<WarmOnWorker>) | undefined {
    const warm = this.opts.warm;
    if (!warm) return undefined;
    return (budgetMs) => {
      const run = this.tail.then(async () => {
        if (this.closed) throw new Error('the summary builder is closed');
        return warm(budgetMs);
      });
      this.tail = run.catch(() => undefined);
      return run;
    };
  }

  /** Asks for the term's summary, to be built in the background; never waits for it. */
  request(text: SummaryText): void {
    void this.build(text);
  }

  /** Whether a build of the term is queued or running in this process. */
  pending(text: SummaryText): boolean {
    return this.running.has(`${text.columns}:${text.term}`);
  }

  /** The term's summary id once built, or undefined if it could not be (never rejects). */
  build(text: SummaryText): Promise<number | undefined> {
    const key = `${text.columns}:${text.term}`;
    let pending = this.running.get(key);
    if (!pending) {
      pending = this.tail
        .then(async () => {
          // A turn of the loop first: the search that asked goes on before the build starts.
          await nextTurn();
          if (this.closed) throw new Error('the summary builder is closed');
          return this.buildNow(text);
        })
        .then(
          (id) => {
            this.stats.built++;
            return id;
          },
          (err: unknown) => {
            this.stats.failed++;
            // Builds still queued when the app closes are dropped quietly: the next start warms up.
            if (!this.closed) this.opts.onError?.(err);
            return undefined;
          },
        )
        .finally(() => this.running.delete(key));
      this.tail = pending;
      this.running.set(key, pending);
    }
    return pending;
  }

  /** Waits until no build is queued or running (tests, warm-up, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** No more builds; ends the worker (a build in progress is rolled back with its connection). */
  async close(): Promise<void> {
    this.closed = true;
    await this.opts.close?.();
    await this.idle();
  }
}
