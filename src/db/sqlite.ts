/**
 * The embedded SQLite side of the data layer: opening the file, caching prepared statements,
 * and waiting for the write lock without stopping the process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

/** How long a statement waits for another connection's write lock before failing (then: 503). */
export const SQLITE_LOCK_WAIT_MS = 5000;

export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // Temporary tables and sorts in memory: the search index batch's scratch table
  // (recipes/search/sqlite-summaries.ts) waited up to 100 ms on a temporary file's I/O for 2 ms of work.
  sqlite.pragma('temp_store = MEMORY');
  // No busy handler in SQLite itself: it would put the whole process to sleep (1, 2, 5, 10 ms
  // ...) while another process holds the write lock, stalling every request of this process.
  // Queries wait for the lock asynchronously instead (BusyRetrySqliteDialect below).
  sqlite.pragma('busy_timeout = 0');
  // Case folding as JavaScript does it, for the exact search of rows the FTS5 index has not yet
  // taken in (see migration 004): FTS5's trigram tokenizer folds case beyond ASCII, lower() does not.
  sqlite.function('fold_case', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
  return sqlite;
}

/**
 * A second connection to `file` for reading the change counters (database.ts changeTokens):
 * it reads a page or two per statement, so a page cache of a few pages is all it needs, and
 * dropping it when another process has committed costs next to nothing. It never writes.
 */
export function openTokenConnection(file: string): SQLite.Database {
  const sqlite = new SQLite(file);
  sqlite.pragma('cache_size = 16');
  sqlite.pragma('query_only = ON');
  sqlite.pragma('busy_timeout = 0');
  return sqlite;
}

/**
 * better-sqlite3 re-parses SQL on every prepare(); Kysely prepares per query. Caching the
 * prepared statement per SQL text saves that work on every request. Reader statements build
 * their rows in JavaScript (withObjectRows).
 */
export function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(text: string) {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = withObjectRows(sqlite.prepare(text));
        if (cache.size > 500) cache.clear();
        cache.set(text, stmt);
      }
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}

/**
 * A reader statement whose rows are built in JavaScript. better-sqlite3 builds each row object
 * through V8's C++ API, one property at a time: for a page of 20 recipes (16 columns, 35 KB)
 * that cost about as much as the query itself. Fetched as arrays (raw mode) and turned into
 * objects by a function made once per statement with the columns as an object literal (one
 * hidden class, like any literal), the page of READMIX's summarised searches took 157-164 µs
 * instead of 173-196 µs, and findMany with its count 183 µs instead of 223-264 µs
 * (scratch measurement on the 5k seed). The rows are the same objects by value. The
 * shape is remade if a row's width changes (another connection altered the table; migrations
 * here add and drop columns, never rename them).
 */
function withObjectRows(stmt: SQLite.Statement): SQLite.Statement {
  if (!stmt.reader) return stmt;
  const raw = stmt.raw(true);
  const shapeOf = () => {
    const names = stmt.columns().map((c) => c.name);
    // The names come from SQLite's own column list, written as computed keys of JSON string
    // literals (so a column named __proto__ is an own property, as better-sqlite3 makes it).
    const build = new Function('a', `return {${names.map((name, i) => `[${JSON.stringify(name)}]: a[${i}]`).join(', ')}};`) as (
      a: unknown[],
    ) => Record<string, unknown>;
    return { width: names.length, build };
  };
  let shape = shapeOf();
  const toObject = (a: unknown[]) => {
    if (a.length !== shape.width) shape = shapeOf();
    return shape.build(a);
  };
  return {
    reader: true,
    all: (...params: unknown[]) => (raw.all(...params) as unknown[][]).map(toObject),
    get: (...params: unknown[]) => {
      const a = raw.get(...params) as unknown[] | undefined;
      return a && toObject(a);
    },
    *iterate(...params: unknown[]) {
      for (const a of raw.iterate(...params) as IterableIterator<unknown[]>) yield toObject(a);
    },
    run: (...params: unknown[]) => raw.run(...params),
  } as unknown as SQLite.Statement;
}

/** True for SQLITE_BUSY and its extended codes: another connection holds the lock. */
export const isBusy = (err: unknown) => String((err as { code?: unknown } | undefined)?.code).startsWith('SQLITE_BUSY');

/**
 * How long a waiter for the write lock retries on every turn of the event loop before it
 * retries every millisecond instead. Another process's group commit holds the lock for a few
 * milliseconds; a waiter that slept a millisecond between tries left the lock idle after most
 * releases (in the WRITE benchmark the two workers were idle 27% of the time, waiting). Past
 * this, the holder is in a long transaction and millisecond tries cost less CPU.
 */
export const SQLITE_LOCK_SPIN_MS = 20;

/** How a waiter that has waited `waitedMs` waits before its next try. */
export const lockRetryPace = (waitedMs: number): 'next-turn' | 'one-ms' => (waitedMs < SQLITE_LOCK_SPIN_MS ? 'next-turn' : 'one-ms');

/**
 * Runs `attempt` until it stops failing with SQLITE_BUSY (another process holds the write lock),
 * yielding to the event loop between attempts so this process keeps serving other requests
 * (lockRetryPace), for at most `waitMs`. Only statements that start a transaction of their own
 * may be retried (autocommit statements and BEGIN IMMEDIATE); `retryable` says so.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>, retryable: () => boolean, waitMs = SQLITE_LOCK_WAIT_MS): Promise<T> {
  const started = Date.now();
  for (let retry = false; ; retry = true) {
    try {
      return await (retry ? withoutStackTraces(attempt) : attempt());
    } catch (err) {
      if (!isBusy(err) || !retryable() || Date.now() - started >= waitMs) throw err;
    }
    if (lockRetryPace(Date.now() - started) === 'next-turn') await nextTurn();
    else await sleep(1);
  }
}

/**
 * Runs the synchronous part of `attempt` (all of it for better-sqlite3) with error stack traces
 * off. A waiter for the write lock tries again and again, and most tries fail with SQLITE_BUSY:
 * capturing the stack of each such error was about 60% of a failed try's CPU (8 of 13 µs in a
 * scratch measurement of BEGIN IMMEDIATE against a held lock). The first try of a statement
 * keeps its stack; an error other than a busy lock met on a later try comes without one (its
 * message and code are intact).
 */
function withoutStackTraces<T>(attempt: () => T | Promise<T>): T | Promise<T> {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return attempt();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

class BusyRetryConnection implements DatabaseConnection {
  constructor(
    private readonly inner: DatabaseConnection,
    private readonly sqlite: SQLite.Database,
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    // A statement inside a transaction is not retried: with BEGIN IMMEDIATE the transaction
    // already holds the write lock, and anything else must fail and roll back as a whole.
    return retryWhileBusy(
      () => this.inner.executeQuery<R>(query),
      () => !this.sqlite.inTransaction,
    );
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

class BusyRetrySqliteDriver extends SqliteDriver {
  constructor(
    config: ConstructorParameters<typeof SqliteDriver>[0],
    private readonly sqlite: SQLite.Database,
  ) {
    super(config);
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    return new BusyRetryConnection(await super.acquireConnection(), this.sqlite);
  }

  /**
   * Transactions take the write lock when they begin: a deferred transaction that reads first
   * and writes later fails at once (SQLITE_BUSY_SNAPSHOT) when another process wrote in between,
   * and could not be retried statement by statement.
   */
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** Kysely's SQLite dialect, with the write-lock waiting and immediate transactions above. */
export class BusyRetrySqliteDialect extends SqliteDialect {
  private readonly driverConfig: ConstructorParameters<typeof SqliteDriver>[0];

  constructor(private readonly sqlite: SQLite.Database) {
    const driverConfig = { database: withStatementCache(sqlite) };
    super(driverConfig);
    this.driverConfig = driverConfig;
  }

  override createDriver(): Driver {
    return new BusyRetrySqliteDriver(this.driverConfig, this.sqlite);
  }
}
