/**
 * SQLite: brings the FTS5 trigram index up to date with new recipes in batches (migration 004).
 * A write asks for a batch 50 ms later, so the recipes written meanwhile (by any
 * process) are indexed together; until then searches find them by an exact scan of the tail.
 * Several processes may run batches: each takes the write lock and indexes what is still pending.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { recipesRepository } from './recipes.repository.js';

export interface SearchIndexOptions {
  /** How long after a write the batch runs (ms). */
  delayMs?: number;
  /** Most rows per transaction, so a large backlog never holds the write lock for long. */
  batchSize?: number;
  onError?: (err: unknown) => void;
}

export class SearchIndex {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly delayMs: number;
  private readonly batchSize: number;

  constructor(private readonly db: Kysely<Database>, private readonly opts: SearchIndexOptions = {}) {
    this.delayMs = opts.delayMs ?? 50;
    // Small enough that one batch (a synchronous transaction: FTS5 and the search summaries)
    // holds the event loop for a few milliseconds only; the loop is given back between batches.
    this.batchSize = opts.batchSize ?? 250;
  }

  /** A recipe was inserted: index it soon, with whatever else is written meanwhile. */
  schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.delayMs);
    this.timer.unref();
  }

  /** Indexes everything pending now (after any batch already running); never rejects. */
  flush(): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        while (!this.closed && await recipesRepository.indexPendingSearch(this.db, this.batchSize) === this.batchSize) await nextTurn();
      } catch (err) {
        // The rows stay in the tail, still found by the exact scan; the next write tries again.
        this.opts.onError?.(err);
      }
    });
    return this.running;
  }

  /** Stops scheduling and waits for a running batch, before the database closes. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
