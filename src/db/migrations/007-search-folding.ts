import { sql, type Kysely } from 'kysely';
import { storedFold } from '../../lib/fold.js';
import { isPostgres } from './dialect.js';

/**
 * One case folding for search on both databases (src/lib/fold.ts: full Unicode folding, so
 * "strasse" finds "Straße", "kale" finds "\u212Aale", "istanbul" finds "İSTANBUL"), used by the
 * index, the count and the rows alike, so X-Total-Count and the rows always agree.
 *
 * Databases cannot fold like that themselves (SQLite's lower() folds ASCII only, PostgreSQL 15 has
 * no case folding), so a recipe stores the folded text of a title or ingredient list that is not
 * ASCII in `search_title` / `search_ingredients`, written by the service (recipes.repository.ts);
 * for ASCII text they are NULL and lower() is the folding. Search reads
 * `coalesce(search_x, lower(x))` everywhere.
 * - SQLite: the FTS5 trigram index is rebuilt over that folded text, case-sensitively (the text
 *   is folded already), through the view `recipes_search`; the deferred indexing of migration 004
 *   stays as it was. A phrase match is then exactly "the folded term is a substring".
 * - PostgreSQL: the two pg_trgm GIN indexes are rebuilt on the folded expressions (same names).
 *
 * Writes that bypass the service and change a non-ASCII title or ingredient list should set the
 * search_ column to NULL (then lower() is used) or to the folded text.
 */
const TRIGGERS = ['recipes_fts_ai', 'recipes_fts_ad', 'recipes_fts_au'];
const INDEXED = `(SELECT watermark FROM recipes_fts_state)`;
const TITLE = (row: string) => `coalesce(${row}.search_title, lower(${row}.title))`;
const INGREDIENTS = (row: string) => `coalesce(${row}.search_ingredients, lower(${row}.ingredients))`;

async function backfill(db: Kysely<unknown>, pg: boolean) {
  const nonAscii = pg
    ? sql`octet_length(title) <> char_length(title) OR octet_length(ingredients) <> char_length(ingredients)`
    : sql`length(CAST(title AS BLOB)) <> length(title) OR length(CAST(ingredients AS BLOB)) <> length(ingredients)`;
  for (let after = 0; ;) {
    const { rows } = await sql<{ id: number; title: string; ingredients: string }>`SELECT id, title, ingredients FROM recipes
      WHERE id > ${after} AND (${nonAscii}) ORDER BY id LIMIT 1000`.execute(db);
    if (rows.length === 0) return;
    for (const r of rows) {
      await sql`UPDATE recipes SET search_title = ${storedFold(r.title)}, search_ingredients = ${storedFold(r.ingredients)} WHERE id = ${r.id}`.execute(
        db,
      );
    }
    after = rows[rows.length - 1]!.id;
  }
}

async function dropFts(db: Kysely<unknown>) {
  for (const name of TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
  await sql`DROP TABLE IF EXISTS recipes_fts`.execute(db);
}

/** The FTS5 table over `source` (columns title, ingredients), every row up to the watermark in it, and its triggers. */
async function createFts(
  db: Kysely<unknown>,
  source: string,
  tokenize: string,
  title: (row: string) => string,
  ingredients: (row: string) => string,
  columns: string,
) {
  await sql
    .raw(`CREATE VIRTUAL TABLE recipes_fts USING fts5(title, ingredients, content='${source}', content_rowid='id', tokenize='${tokenize}')`)
    .execute(db);
  await sql
    .raw(`INSERT INTO recipes_fts(rowid, title, ingredients) SELECT id, title, ingredients FROM ${source} WHERE id <= ${INDEXED}`)
    .execute(db);
  const add = `INSERT INTO recipes_fts(rowid, title, ingredients) VALUES (new.id, ${title('new')}, ${ingredients('new')});`;
  const remove = `INSERT INTO recipes_fts(recipes_fts, rowid, title, ingredients) VALUES ('delete', old.id, ${title('old')}, ${ingredients('old')});`;
  await sql.raw(`CREATE TRIGGER recipes_fts_ai AFTER INSERT ON recipes WHEN new.id <= ${INDEXED} BEGIN ${add} END`).execute(db);
  await sql.raw(`CREATE TRIGGER recipes_fts_ad AFTER DELETE ON recipes WHEN old.id <= ${INDEXED} BEGIN ${remove} END`).execute(db);
  await sql
    .raw(`CREATE TRIGGER recipes_fts_au AFTER UPDATE OF ${columns} ON recipes WHEN old.id <= ${INDEXED} BEGIN ${remove} ${add} END`)
    .execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await sql`ALTER TABLE recipes ADD COLUMN search_title TEXT`.execute(db);
  await sql`ALTER TABLE recipes ADD COLUMN search_ingredients TEXT`.execute(db);
  await backfill(db, pg);
  if (pg) {
    await sql`DROP INDEX IF EXISTS recipes_ingredients_trgm`.execute(db);
    await sql`DROP INDEX IF EXISTS recipes_title_trgm`.execute(db);
    await sql
      .raw(`CREATE INDEX recipes_ingredients_trgm ON recipes USING gin ((${INGREDIENTS('recipes')}) gin_trgm_ops) WITH (fastupdate = off)`)
      .execute(db);
    await sql
      .raw(`CREATE INDEX recipes_title_trgm ON recipes USING gin ((${TITLE('recipes')}) gin_trgm_ops) WITH (fastupdate = off)`)
      .execute(db);
    return;
  }
  await dropFts(db);
  await sql
    .raw(`CREATE VIEW recipes_search (id, title, ingredients) AS SELECT id, ${TITLE('recipes')}, ${INGREDIENTS('recipes')} FROM recipes`)
    .execute(db);
  await createFts(
    db,
    'recipes_search',
    'trigram case_sensitive 1',
    TITLE,
    INGREDIENTS,
    'title, ingredients, search_title, search_ingredients',
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP INDEX IF EXISTS recipes_ingredients_trgm`.execute(db);
    await sql`DROP INDEX IF EXISTS recipes_title_trgm`.execute(db);
    await sql`CREATE INDEX recipes_ingredients_trgm ON recipes USING gin (ingredients gin_trgm_ops) WITH (fastupdate = off)`.execute(db);
    await sql`CREATE INDEX recipes_title_trgm ON recipes USING gin (title gin_trgm_ops) WITH (fastupdate = off)`.execute(db);
  } else {
    // Back to migration 004's index: the raw text, folded by FTS5's own tokenizer.
    await dropFts(db);
    await sql`DROP VIEW IF EXISTS recipes_search`.execute(db);
    const raw = (column: string) => (row: string) => `${row}.${column}`;
    await createFts(db, 'recipes', 'trigram', raw('title'), raw('ingredients'), 'title, ingredients');
  }
  await sql`ALTER TABLE recipes DROP COLUMN search_ingredients`.execute(db);
  await sql`ALTER TABLE recipes DROP COLUMN search_title`.execute(db);
}
