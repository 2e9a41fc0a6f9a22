/**
 * SQLite: brings the FTS5 trigram index up to date with new recipes in batches (migration 004).
 * A write asks for a batch once writes have paused for 50 ms, so the recipes written meanwhile
 * (by any process) are indexed together; until then searches find them by an exact scan of the tail.
 * Several processes may run batches: each takes the write lock and indexes what is still pending.
 *
 * Under a steady stream of writes a batch's worth is pending at almost every group commit
 * (src/db/write-batch.ts); that commit then indexes it itself (indexInCommit), instead of a
 * separate transaction that must wait for the write lock and hand it back. While
 * commits do so, the scheduled batch waits: it takes in what is left once they stop.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { sql } from 'kysely';
import { withSqliteSearch, type Db } from '../../../lib/db.js';
import { NOT_INDEXED_ABOVE } from './sqlite-match.js';
import { sqliteSummaries } from './sqlite-summaries.js';

/** Rows an indexing batch takes at most (the default batchSize below). */
export const INDEX_BATCH_ROWS = 64;

/** Least merge work (FTS5 pages) an indexing batch does, so small batches still merge (migration 013). */
const FTS_MERGE_MIN_PAGES = 32;

/**
 * The SQL of indexing. Raw where it writes FTS5 commands, reads NOT INDEXED, or compares with the
 * watermark's scalar subquery, none of which Kysely's builder writes.
 */
export const sqliteIndexing = {
  /**
   * Moves up to `limit` recipes written since the last batch into the FTS5 index (the folded
   * text, migrations 004 and 007) and the search summaries (migration 011), and returns how many.
   * Reads first, so it takes the write lock only when there is something to index.
   */
  async indexPendingSearch(db: Db, limit: number): Promise<number> {
    const pending = await sql<{
      any: number;
    }>`SELECT EXISTS (SELECT 1 FROM recipes NOT INDEXED WHERE id > ${NOT_INDEXED_ABOVE}) AS any`.execute(db);
    if (!pending.rows[0]?.any) return 0;
    return db.transaction().execute((trx) => this.indexPendingWithin(trx, limit));
  },

  /** The same inside a write transaction the caller already holds (the group commit's, SearchIndex below). */
  async indexPendingWithin(trx: Db, limit: number): Promise<number> {
    const batch = await sql<{ last: number | null; n: number }>`SELECT max(id) AS last, count(*) AS n
      FROM (SELECT id FROM recipes NOT INDEXED WHERE id > ${NOT_INDEXED_ABOVE} ORDER BY id LIMIT ${limit})`.execute(trx);
    const { last, n } = batch.rows[0]!;
    if (last === null || n === 0) return 0;
    await sql`INSERT INTO recipes_fts(rowid, title, ingredients)
      SELECT id, title, ingredients FROM recipes_search WHERE id > ${NOT_INDEXED_ABOVE} AND id <= ${last}`.execute(trx);
    // FTS5 merges no segments on its own (migration 013): each batch does about as many pages of
    // merge work as it has rows, which keeps the number of segments level (a no-op when no
    // level has enough segments to merge).
    await sql`INSERT INTO recipes_fts(recipes_fts, rank) VALUES ('merge', ${Math.max(FTS_MERGE_MIN_PAGES, n)})`.execute(trx);
    await sqliteSummaries.addBatch(trx, last);
    await withSqliteSearch(trx).updateTable('recipes_fts_state').set({ watermark: last }).execute();
    return n;
  },

  /**
   * An upper bound on the recipes waiting for the index: ids above the watermark (deleted ones
   * included). Two lookups, cheap enough for every group commit.
   */
  async pendingSearchAtMost(db: Db): Promise<number> {
    const { rows } = await sql<{ n: number | null }>`SELECT (SELECT max(id) FROM recipes) - ${NOT_INDEXED_ABOVE} AS n`.execute(db);
    return rows[0]?.n ?? 0;
  },
};

export interface SearchIndexOptions {
  /** How long after a write the batch runs (ms). */
  delayMs?: number;
  /** Most rows per transaction, so a large backlog never holds the write lock for long. */
  batchSize?: number;
  onError?: (err: unknown) => void;
}

export class SearchIndex {
  private timer: NodeJS.Timeout | undefined;
  /** When a group commit of this process last indexed a batch (Date.now()). */
  private lastInCommit = -Infinity;
  /** When this process last asked for a batch, after a write (Date.now()). */
  private lastWrite = -Infinity;
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly delayMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly db: Db,
    private readonly opts: SearchIndexOptions = {},
  ) {
    this.delayMs = opts.delayMs ?? 50;
    // Small enough that one batch (a synchronous transaction: FTS5, its merge work and the search
    // summaries) holds the write lock and the event loop for a few milliseconds only; both are
    // given back between batches.
    this.batchSize = opts.batchSize ?? INDEX_BATCH_ROWS;
  }

  /** A recipe was inserted: index it soon, with whatever else is written meanwhile. */
  schedule(): void {
    this.lastWrite = Date.now();
    if (this.timer || this.closed) return;
    this.arm(this.delayMs);
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // While this process goes on writing, the rows left over (fewer than a batch) go with a
      // later commit, which indexes once a batch's worth waits (another process's commit, too):
      // a batch of its own would be one more transaction, with its fixed merge work, competing
      // for the write lock. It runs once this process has neither written nor indexed in a
      // commit for delayMs.
      const since = Date.now() - Math.max(this.lastInCommit, this.lastWrite);
      if (since < this.delayMs && !this.closed) this.arm(this.delayMs - since);
      else void this.flush();
    }, ms);
    this.timer.unref();
  }

  /**
   * For the group commit's afterWrites (in its transaction): when at least a batch's worth of
   * recipes waits for the index, index one batch in this commit. Fewer are left to the
   * scheduled batch.
   */
  async indexInCommit(trx: Db): Promise<void> {
    if (this.closed || (await sqliteIndexing.pendingSearchAtMost(trx)) < this.batchSize) return;
    await sqliteIndexing.indexPendingWithin(trx, this.batchSize);
    this.lastInCommit = Date.now();
  }

  /** Indexes everything pending now (after any batch already running); never rejects. */
  flush(): Promise<void> {
    this.running = this.running.then(async () => {
      try {
        while (!this.closed && (await sqliteIndexing.indexPendingSearch(this.db, this.batchSize)) === this.batchSize) await nextTurn();
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
