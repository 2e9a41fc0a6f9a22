/**
 * SQLite on a file: builds search summaries (migration 011) in a worker thread, on a connection
 * of its own (summary-build.worker.ts), instead of on the connection that serves requests. A
 * term's first search reads every recipe that holds it and writes their postings in one
 * transaction: at 1M recipes up to ~0.7 s (bench/run.mjs prints the slowest), during which
 * better-sqlite3, being synchronous, held the whole process and every request it was serving.
 * Now only that first search waits (the other connection's reads go on: WAL), and writers of
 * any process wait for the write lock as they would for any transaction.
 *
 * The build is the same code (sqliteSummaries.addTerm) and as safe against other processes:
 * a term summarised first elsewhere is simply returned. If the worker cannot build it (closed,
 * crashed), the search is answered without a summary (exactly, by the general way) and the next
 * search of the term tries again. The recipes plugin builds one per database file and hands it to
 * the SQLite search (sqlite.ts).
 */
import { WorkerPool } from '../../../lib/worker-pool.js';
import type { SummaryText } from './sqlite-summaries.js';

export interface SummaryBuilderOptions {
  /** Told when a build failed (the search was answered without it). */
  onError?: (err: unknown) => void;
}

export class SummaryBuilder {
  private readonly pool = new WorkerPool({
    // Same extension as this module: .ts under tsx (dev, tests), .js when compiled (`npm start`).
    entry: new URL(`./summary-build.worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
    size: 1,
    maxQueue: 1024,
    // A 1M-recipe term takes under a second; far past that the worker is stuck, and replaced.
    taskTimeoutMs: 120_000,
  });
  /** Builds under way, per term: concurrent first searches of one term wait for the same one. */
  private readonly running = new Map<string, Promise<number | undefined>>();
  readonly stats = { built: 0, failed: 0 };

  /** Builds on the SQLite file `file` (the worker opens its own connection to it). */
  constructor(
    private readonly file: string,
    private readonly opts: SummaryBuilderOptions = {},
  ) {}

  /** The term's summary id once built, or undefined if it could not be. */
  build(text: SummaryText): Promise<number | undefined> {
    const key = `${text.columns}:${text.term}`;
    let pending = this.running.get(key);
    if (!pending) {
      pending = this.pool
        .run<number>('build', [this.file, { term: text.term, columns: text.columns }])
        .then(
          (id) => {
            this.stats.built++;
            return id;
          },
          (err: unknown) => {
            this.stats.failed++;
            this.opts.onError?.(err);
            return undefined;
          },
        )
        .finally(() => this.running.delete(key));
      this.running.set(key, pending);
    }
    return pending;
  }

  /** Ends the worker (a build in progress is rolled back with its connection). */
  close(): Promise<void> {
    return this.pool.close();
  }
}
