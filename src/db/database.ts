/**
 * One typed query layer (Kysely) for the embedded SQLite default and PostgreSQL.
 */
import SQLite from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  PostgresIntrospector,
  sql,
  type DatabaseMetadataOptions,
  type MigrationInfo,
  type MigrationLockOptions,
  type MigrationResultSet,
  type TableMetadata,
} from 'kysely';
import path from 'node:path';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { Db, Dialect } from '../lib/db.js';
import type { Database } from './tables.js';
import { migrations } from './migrations/index.js';
import { BusyRetrySqliteDialect, isBusy, openSqlite, openTokenConnection } from './sqlite.js';

/**
 * The pg driver, loaded when the first PostgreSQL database is opened rather than at start (the
 * embedded SQLite default never needs it). Synchronous, since opening a database is: pg is CommonJS.
 */
let pgModule: typeof pg | undefined;
function loadPg(): typeof pg {
  if (!pgModule) {
    pgModule = createRequire(import.meta.url)('pg') as typeof pg;
    // COUNT(*) and BIGINT columns (epoch seconds) come back from pg as strings; they fit a JS number.
    pgModule.types.setTypeParser(20, (v: string) => Number(v));
  }
  return pgModule;
}

export interface PoolStats {
  /** Connections open (idle + in use). */
  total: number;
  idle: number;
  /** Queries queued for a free connection. */
  waiting: number;
  max: number;
}

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** Runs every pending migration; throws if one fails. */
  migrate(): Promise<MigrationResultSet>;
  /** Reverts the last applied migration. */
  migrateDown(): Promise<MigrationResultSet>;
  /** Runs or reverts migrations until `name` is the last one applied (tests of one migration's step). */
  migrateTo(name: string): Promise<MigrationResultSet>;
  /** Every known migration and whether (and when) it was applied. */
  migrationStatus(): Promise<readonly MigrationInfo[]>;
  /**
   * SQLite only: tokens that change whenever any connection, this one or another process's, has
   * committed a write to the recipes (`recipes`, which also moves with users) or to users and
   * revocations (`auth`). Lets a process cache results exactly (see migration 002).
   */
  changeTokens?: { recipes: () => string; auth: () => string };
  /** SQLite on a file: its absolute path (another connection may open it); undefined in memory and on PostgreSQL. */
  sqliteFile?: string;
  /** A cheap round trip, for /health. */
  ping(): Promise<void>;
  /** Pool usage for /metrics; undefined on SQLite (one in-process connection). */
  poolStats(): PoolStats | undefined;
  close(): Promise<void>;
}

/**
 * Kysely's PostgreSQL migration lock is one advisory lock for the whole server, so migrations of
 * unrelated schemas (every test run has its own) would queue behind each other. Keyed by the
 * schema instead, they only exclude migrations of the same schema, which is all the lock is for.
 */
class SchemaScopedPostgresAdapter extends PostgresAdapter {
  override async acquireMigrationLock(db: Kysely<any>, opt: MigrationLockOptions): Promise<void> {
    await sql`select pg_advisory_lock(hashtext(${`kysely_migration:${opt.lockTableSchema ?? ''}`}))`.execute(db);
  }
  override async releaseMigrationLock(db: Kysely<any>, opt: MigrationLockOptions): Promise<void> {
    await sql`select pg_advisory_unlock(hashtext(${`kysely_migration:${opt.lockTableSchema ?? ''}`}))`.execute(db);
  }
}

/**
 * Kysely's Migrator asks the introspector for every table of the whole database just to learn
 * whether kysely_migration exists, and that catalog query calls name-resolving functions
 * (has_schema_privilege, pg_get_serial_sequence) that fail with "schema does not exist" when
 * another schema is dropped meanwhile, which concurrent test runs on one server do all the time.
 * This introspector lists only the tables of the schemas on our search path (names, no columns:
 * all the Migrator needs).
 */
class SchemaScopedPostgresIntrospector extends PostgresIntrospector {
  constructor(private readonly kysely: Kysely<any>) {
    super(kysely);
  }

  override async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; kind: string }>`
      select c.relname as name, ns.nspname as schema, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
      where ns.nspname = any(current_schemas(false)) and c.relkind in ('r', 'v', 'p', 'm')`.execute(this.kysely);
    return rows
      .filter((r) => options.withInternalKyselyTables || !r.name.startsWith('kysely_migration'))
      .map((r) => ({ name: r.name, schema: r.schema, isView: r.kind === 'v' || r.kind === 'm', columns: [] }));
  }
}

class SchemaScopedPostgresDialect extends PostgresDialect {
  override createAdapter() {
    return new SchemaScopedPostgresAdapter();
  }
  override createIntrospector(db: Kysely<any>) {
    return new SchemaScopedPostgresIntrospector(db);
  }
}

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  /** PostgreSQL schema holding the tables (tests give each app its own); `public` stays on the search path for pg_trgm. */
  pgSchema?: string;
  /** How long to wait for a PostgreSQL connection before failing the request (ms). */
  connectTimeoutMs?: number;
  /** Longest a single PostgreSQL statement may run before the server cancels it (ms). */
  statementTimeoutMs?: number;
}

const PG_SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function createDatabase(opts: DatabaseOptions): DatabaseHandle {
  let db: Db;
  let dialect: Dialect;
  let pool: pg.Pool | undefined;
  let changeTokens: DatabaseHandle['changeTokens'];
  let sqliteFile: string | undefined;
  let closeExtra = () => {};
  if (opts.url.startsWith('sqlite:')) {
    const file = opts.url.slice('sqlite:'.length);
    if (file !== ':memory:' && file !== '') sqliteFile = path.resolve(file);
    const sqlite = openSqlite(file);
    db = new Kysely<Database>({ dialect: new BusyRetrySqliteDialect(sqlite) });
    dialect = 'sqlite';
    // On a file, the tokens are read through a connection of their own with a small page cache.
    // Once another process has committed, a connection's next read drops its whole page cache:
    // on the main connection, warm with hundreds of pages, that made the token read of every
    // request cost 55-72 µs instead of 13-18 µs (scratch measurement on the 5k seed), and the
    // main connection then dropped its cache a second time at its own next statement.
    const tokenSqlite = sqliteFile ? openTokenConnection(sqliteFile) : sqlite;
    if (tokenSqlite !== sqlite) closeExtra = () => tokenSqlite.close();
    // Prepared on first use: the counters table exists only once migrations have run.
    let stmts: { recipes: SQLite.Statement; auth: SQLite.Statement } | undefined;
    const counters = () =>
      (stmts ??= {
        recipes: tokenSqlite
          .prepare(
            `SELECT (SELECT n FROM change_counters WHERE name = 'recipes') || ':' || (SELECT n FROM change_counters WHERE name = 'auth')`,
          )
          .pluck(),
        auth: tokenSqlite.prepare(`SELECT n FROM change_counters WHERE name = 'auth'`).pluck(),
      });
    // A read can meet SQLITE_BUSY in rare moments (another process recovering the WAL); a token
    // that matches nothing then makes the caller ask the database, which waits for the lock.
    let unknown = 0;
    const read = (stmt: () => SQLite.Statement) => () => {
      try {
        return String(stmt().get());
      } catch (err) {
        if (isBusy(err)) return `busy:${++unknown}`;
        throw err;
      }
    };
    changeTokens = { recipes: read(() => counters().recipes), auth: read(() => counters().auth) };
  } else {
    if (opts.pgSchema !== undefined && !PG_SCHEMA_NAME.test(opts.pgSchema))
      throw new Error(`invalid PostgreSQL schema name "${opts.pgSchema}"`);
    const statementTimeout = opts.statementTimeoutMs ?? 10_000;
    pool = new (loadPg().Pool)({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      // Fail fast when the server is unreachable instead of queueing requests forever.
      connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
      // The server cancels a runaway statement; the client gives up a little later in case the
      // server itself stopped answering (a dead link sends no error).
      statement_timeout: statementTimeout,
      query_timeout: statementTimeout + 2000,
      // Half-open connections (peer vanished without FIN) are noticed by TCP keepalive.
      keepAlive: true,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema},public` } : {}),
    });
    // A client losing its server emits 'error'. For idle clients the pool forwards it here; a
    // client checked out by a query has no listener of its own, and an unheard 'error' would
    // crash the process. The query itself still rejects (and the request gets 503), and the
    // pool discards the broken client when it is released.
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    db = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
    dialect = 'postgres';
  }

  let migrationSchema: string | undefined;
  const migrator = async () => {
    // On PostgreSQL the bookkeeping tables live in the schema the migrations write to: without
    // it, Kysely would take a kysely_migration table in any other schema as ours.
    if (dialect === 'postgres' && migrationSchema === undefined) {
      migrationSchema = opts.pgSchema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
    }
    return new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: migrationSchema });
  };
  const check = (result: MigrationResultSet) => {
    if (result.error) throw result.error;
    return result;
  };

  return {
    db,
    dialect,
    changeTokens,
    sqliteFile,
    async migrate() {
      return check(await (await migrator()).migrateToLatest());
    },
    async migrateDown() {
      return check(await (await migrator()).migrateDown());
    },
    async migrateTo(name: string) {
      return check(await (await migrator()).migrateTo(name));
    },
    async migrationStatus() {
      return (await migrator()).getMigrations();
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    poolStats() {
      if (!pool) return undefined;
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max };
    },
    async close() {
      closeExtra();
      await db.destroy();
    },
  };
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // PostgreSQL: connection exceptions, too many connections, shutting down, cannot connect now,
  // statement timeout (query_canceled), lock timeout.
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  '57P01',
  '57P02',
  '57P03',
  '57014',
  '55P03',
  // SQLite: the file is locked by another writer for longer than busy_timeout.
  'SQLITE_BUSY',
]);

/**
 * True when the error means "the database is not answering right now" rather than a bug: the
 * request should get a 503 and may be retried. pg reports lost connections and its own timeouts
 * as plain Errors without a code, so their messages are matched too.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as typeof e, depth++
  ) {
    if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
    if (
      typeof e.message === 'string' &&
      /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Connection ended unexpectedly/i.test(
        e.message,
      )
    )
      return true;
  }
  return false;
}
