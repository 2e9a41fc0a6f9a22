import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * PostgreSQL only: GIN's fastupdate parks new entries in a pending list that every search must
 * scan linearly until a vacuum merges it. After a burst of inserts that made trigram searches
 * ten times slower (READ fell from 370 to 34 req/s after 12k new recipes). Without it each insert
 * updates the index directly: a little more work per write, steady searches.
 */
const INDEXES = ['recipes_ingredients_trgm', 'recipes_title_trgm'];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const index of INDEXES) {
    await sql.raw(`ALTER INDEX ${index} SET (fastupdate = off)`).execute(db);
    await sql`SELECT gin_clean_pending_list(${sql.raw(`'${index}'::regclass`)})`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const index of INDEXES) await sql.raw(`ALTER INDEX ${index} SET (fastupdate = on)`).execute(db);
}
