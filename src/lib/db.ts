/** The database types every layer shares: the typed Kysely handle (or a transaction on it), and which database it is. */
import type { Kysely } from 'kysely';
import type { Database, PostgresSearchTables, SqliteSearchTables } from '../db/tables.js';

/** The Kysely instance, or a transaction of it: repositories take either as their first argument. */
export type Db = Kysely<Database>;

export type Dialect = 'sqlite' | 'postgres';

/**
 * The handle with the search tables only SQLite has (the same connection or transaction; only
 * the types differ): Kysely's way to add tables that one database lacks.
 */
export const withSqliteSearch = (db: Db) => db.withTables<SqliteSearchTables>();
export type SqliteDb = ReturnType<typeof withSqliteSearch>;
/** The handle with PostgreSQL's shape of the search summary tables. */
export const withPostgresSearch = (db: Db) => db.withTables<PostgresSearchTables>();
export type PostgresDb = ReturnType<typeof withPostgresSearch>;

/** True for a unique-constraint violation on SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
