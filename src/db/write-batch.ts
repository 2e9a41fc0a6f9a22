/**
 * Group commit for SQLite. With WAL, most of an autocommit insert's cost is the
 * commit: every index page it touched is appended to the WAL again (4 indexes and a change
 * counter: about six pages per recipe). Writes that arrive together are run here in one
 * transaction and committed once; a write's promise settles only after that commit, so a client
 * hears "created" exactly when it would without batching and durability is unchanged
 * (synchronous=NORMAL, as before). A write that fails rejects alone and the others commit: the
 * batch runs without savepoints first, and if a write fails that transaction is rolled back and
 * the batch runs again with each write in a savepoint of its own, so a write's `work` may run
 * twice (it must only write through the transaction it is given). A failed commit rejects every
 * write of the batch, none of which is then stored.
 *
 * Batches run one at a time: writes arriving while one commits wait for the next, so batches
 * grow with load and a lone write waits only for the next turn of the event loop. A batch takes
 * its writes once it holds the write lock, so those that arrive while another process commits
 * go with it.
 *
 * `afterWrites` runs in each batch's transaction after its writes, in a savepoint of its own: a
 * failure there rolls back only its own work, and the writes still commit.
 */
import { CompiledQuery, type Kysely } from 'kysely';

// Compiled once: a batch runs these around every write.
const SAVEPOINT = CompiledQuery.raw('SAVEPOINT batched_write');
const RELEASE = CompiledQuery.raw('RELEASE batched_write');
const ROLLBACK_TO = CompiledQuery.raw('ROLLBACK TO batched_write');
const AFTER = CompiledQuery.raw('SAVEPOINT after_writes');
const AFTER_RELEASE = CompiledQuery.raw('RELEASE after_writes');
const AFTER_ROLLBACK_TO = CompiledQuery.raw('ROLLBACK TO after_writes');

interface Pending<DB> {
  work: (trx: Kysely<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export interface WriteBatchOptions<DB> {
  /** Most writes in one transaction (64). */
  maxWrites?: number;
  /** Work for the same commit, after the batch's writes (when at least one succeeded). */
  afterWrites?: (trx: Kysely<DB>) => Promise<unknown>;
  /** Hears of an afterWrites failure (the writes are committed regardless). */
  onAfterWritesError?: (err: unknown) => void;
}

export class WriteBatch<DB> {
  private queue: Pending<DB>[] = [];
  private running = false;
  private scheduled = false;
  /** How many batches have committed and the writes in them (for tests and metrics). */
  readonly stats = { batches: 0, writes: 0 };

  private readonly maxWrites: number;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: WriteBatchOptions<DB> = {},
  ) {
    this.maxWrites = opts.maxWrites ?? 64;
  }

  /**
   * Runs `work` in the next batch's transaction; settles after that transaction ends. `work` runs
   * again, in a new transaction, if another write of its batch failed the first time.
   */
  run<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async runAfterWrites(trx: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<unknown>): Promise<void> {
    await trx.executeQuery(AFTER);
    try {
      await work(trx);
      await trx.executeQuery(AFTER_RELEASE);
    } catch (err) {
      await trx.executeQuery(AFTER_ROLLBACK_TO);
      await trx.executeQuery(AFTER_RELEASE);
      this.opts.onAfterWritesError?.(err);
    }
  }

  private async flush(): Promise<void> {
    this.running = true;
    let batch: Pending<DB>[] | undefined;
    let results: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = [];
    try {
      // First without savepoints (two statements per write saved); if a write fails, that
      // transaction is undone whole and the same batch runs again, each write in its savepoint.
      for (let guarded = false; ; guarded = true) {
        results = [];
        try {
          await this.db.transaction().execute(async (trx) => {
            // Taken once the transaction holds the write lock, not before: the writes that arrived
            // while it waited for another process's commit join this batch instead of the next one.
            batch ??= this.queue.splice(0, this.maxWrites);
            if (guarded) await this.runGuarded(trx, batch, results);
            else for (const item of batch) results.push({ ok: true, value: await item.work(trx) });
            if (this.opts.afterWrites && results.some((r) => r.ok)) await this.runAfterWrites(trx, this.opts.afterWrites);
          });
          break;
        } catch (err) {
          // A failed commit (every write had run), or a lone write: nothing to run again.
          if (guarded || batch === undefined || batch.length === 1 || results.length === batch.length) throw err;
        }
      }
      this.stats.batches++;
      this.stats.writes += results.filter((r) => r.ok).length;
      batch!.forEach((item, i) => {
        const r = results[i]!;
        if (r.ok) item.resolve(r.value);
        else item.reject(r.err);
      });
    } catch (err) {
      // The transaction did not commit (or a lone write failed): nothing of this batch is stored.
      // If it never began (the write lock stayed taken), the writes that were waiting fail with it.
      for (const item of batch ?? this.queue.splice(0, this.maxWrites)) item.reject(err);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  /** Each write in a savepoint of its own: one that fails rolls back alone. */
  private async runGuarded(trx: Kysely<DB>, batch: Pending<DB>[], results: ({ ok: true; value: unknown } | { ok: false; err: unknown })[]) {
    for (const item of batch) {
      await trx.executeQuery(SAVEPOINT);
      try {
        results.push({ ok: true, value: await item.work(trx) });
        await trx.executeQuery(RELEASE);
      } catch (err) {
        await trx.executeQuery(ROLLBACK_TO);
        await trx.executeQuery(RELEASE);
        results.push({ ok: false, err });
      }
    }
  }
}
