import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * SQLite only: the FTS5 index (migration 007) no longer merges its segments on its own. With
 * FTS5's automerge, every 64 leaf pages written buy 64 × (levels) pages of merge work in the
 * statement that crosses the mark: a 128-row indexing batch took 1.8 ms at the median but up to
 * 25 ms, and held the write lock all along. Instead each indexing batch merges about
 * as many pages as it has rows (recipes/search/sqlite-index.ts, indexPendingSearch): bounded work per
 * batch, with as few segments as before. FTS5's crisis merge (16 segments on a level) still
 * applies to anything else that writes to the index (updates and deletes of indexed recipes).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`INSERT INTO recipes_fts(recipes_fts, rank) VALUES ('automerge', 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  // FTS5's default.
  await sql`INSERT INTO recipes_fts(recipes_fts, rank) VALUES ('automerge', 4)`.execute(db);
}
