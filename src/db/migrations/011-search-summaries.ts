import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * SQLite only: search summaries (src/modules/recipes/search/sqlite-summaries.ts) so that common
 * searches are counted and paged exactly without visiting every match: per-time_minutes counts
 * of all recipes, and for summarised terms per-time counts and postings in created_at order.
 *
 * They cover the recipes up to the search watermark (migration 004), like the FTS5 index: the
 * indexing batch adds new recipes, and the triggers below keep already indexed rows exact when
 * they change or go (and add a row inserted with an explicit id at or below the watermark).
 * A term matches as everywhere else: the folded term is a substring of the folded text (007).
 */
const INDEXED = `(SELECT watermark FROM recipes_fts_state)`;
const TRIGGERS = ['search_summaries_ai', 'search_summaries_ad', 'search_summaries_au'];

const matches = (row: string) => `(instr(coalesce(${row}.search_ingredients, lower(${row}.ingredients)), t.term) > 0
  OR (t.columns = 'title ingredients' AND instr(coalesce(${row}.search_title, lower(${row}.title)), t.term) > 0))`;

const ADD = `
  INSERT INTO recipe_time_counts (time_minutes, n) VALUES (new.time_minutes, 1) ON CONFLICT (time_minutes) DO UPDATE SET n = n + 1;
  INSERT INTO search_postings (term_id, created_at, id, time_minutes) SELECT t.id, new.created_at, new.id, new.time_minutes FROM search_terms t WHERE ${matches('new')};
  INSERT INTO search_term_counts (term_id, time_minutes, n) SELECT t.id, new.time_minutes, 1 FROM search_terms t WHERE ${matches('new')}
    ON CONFLICT (term_id, time_minutes) DO UPDATE SET n = n + 1;
  UPDATE search_terms SET postings = postings + 1 WHERE id IN (SELECT t.id FROM search_terms t WHERE ${matches('new')});`;

const REMOVE = `
  UPDATE recipe_time_counts SET n = n - 1 WHERE time_minutes = old.time_minutes;
  UPDATE search_term_counts SET n = n - 1 WHERE time_minutes = old.time_minutes
    AND term_id IN (SELECT term_id FROM search_postings WHERE term_id IN (SELECT id FROM search_terms) AND created_at = old.created_at AND id = old.id);
  UPDATE search_terms SET postings = postings - 1
    WHERE id IN (SELECT term_id FROM search_postings WHERE term_id IN (SELECT id FROM search_terms) AND created_at = old.created_at AND id = old.id);
  DELETE FROM search_postings WHERE term_id IN (SELECT id FROM search_terms) AND created_at = old.created_at AND id = old.id;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`CREATE TABLE recipe_time_counts (time_minutes INTEGER PRIMARY KEY, n INTEGER NOT NULL)`.execute(db);
  await sql`CREATE TABLE search_terms (id INTEGER PRIMARY KEY, columns TEXT NOT NULL, term TEXT NOT NULL, postings INTEGER NOT NULL, UNIQUE (columns, term))`.execute(
    db,
  );
  await sql`CREATE TABLE search_term_counts (term_id INTEGER NOT NULL REFERENCES search_terms(id) ON DELETE CASCADE, time_minutes INTEGER NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (term_id, time_minutes)) WITHOUT ROWID`.execute(db);
  await sql`CREATE TABLE search_postings (term_id INTEGER NOT NULL REFERENCES search_terms(id) ON DELETE CASCADE, created_at TEXT NOT NULL,
    id INTEGER NOT NULL, time_minutes INTEGER NOT NULL, PRIMARY KEY (term_id, created_at, id)) WITHOUT ROWID`.execute(db);
  await sql
    .raw(
      `INSERT INTO recipe_time_counts (time_minutes, n) SELECT time_minutes, count(*) FROM recipes WHERE id <= ${INDEXED} GROUP BY time_minutes`,
    )
    .execute(db);
  await sql.raw(`CREATE TRIGGER search_summaries_ai AFTER INSERT ON recipes WHEN new.id <= ${INDEXED} BEGIN ${ADD} END`).execute(db);
  await sql.raw(`CREATE TRIGGER search_summaries_ad AFTER DELETE ON recipes WHEN old.id <= ${INDEXED} BEGIN ${REMOVE} END`).execute(db);
  await sql
    .raw(
      `CREATE TRIGGER search_summaries_au AFTER UPDATE OF title, ingredients, search_title, search_ingredients, time_minutes, created_at
    ON recipes WHEN old.id <= ${INDEXED} BEGIN ${REMOVE} ${ADD} END`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  for (const name of TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
  for (const table of ['search_postings', 'search_term_counts', 'search_terms', 'recipe_time_counts'])
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
