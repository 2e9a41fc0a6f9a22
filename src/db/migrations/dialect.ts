import { PostgresAdapter, type Kysely } from 'kysely';

/** Migrations that need dialect-specific DDL (indexes, full-text search) ask this. */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
