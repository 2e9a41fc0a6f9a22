/**
 * One typed query layer (Kysely) for the embedded SQLite default and PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import type { Database } from './tables.js';

// COUNT(*) and BIGINT columns (epoch seconds) come back from pg as strings; they fit a JS number.
pg.types.setTypeParser(20, (v: string) => Number(v));
import { migrations } from './migrations/index.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Runs every pending migration; throws if one fails. */
  migrate(): Promise<MigrationResultSet>;
  /**
   * SQLite only: a token that changes whenever any connection, this one or another process's,
   * has committed a change since it was last read. Lets a process cache query results exactly.
   */
  changeToken?: () => string;
  /** A cheap round trip, for /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * better-sqlite3 re-parses SQL on every prepare(); Kysely prepares per query. Caching the
 * prepared statement per SQL text saves that work on every request.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size > 500) cache.clear();
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close() { cache.clear(); sqlite.close(); },
  };
}

function openSqlite(file: string) {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  /** PostgreSQL schema to use (tests give each run its own). */
  pgSchema?: string;
}

export function createDatabase(opts: DatabaseOptions): DatabaseHandle {
  let db: Kysely<Database>;
  let dialect: Dialect;
  let changeToken: (() => string) | undefined;
  if (opts.url.startsWith('sqlite:')) {
    const file = opts.url.slice('sqlite:'.length);
    const sqlite = openSqlite(file);
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    dialect = 'sqlite';
    // total_changes() counts this connection's writes; data_version moves on other connections' commits.
    const versionStmt = sqlite.prepare('SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS v').raw();
    changeToken = () => (versionStmt.get() as number[]).join(':');
  } else {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    // An idle client losing its server must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    dialect = 'postgres';
  }
  return {
    db,
    dialect,
    changeToken,
    async migrate() {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const result = await migrator.migrateToLatest();
      if (result.error) throw result.error;
      return result;
    },
    async ping() {
      await db.selectFrom('users').select((eb) => eb.val(1).as('one')).limit(1).execute();
    },
    async close() { await db.destroy(); },
  };
}
