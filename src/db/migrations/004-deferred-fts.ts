import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * SQLite only: new recipes enter the FTS5 trigram index in batches instead of one by one.
 *
 * Indexing a single row in its own transaction cost about 100 µs (plus segment merges of up to
 * tens of ms), more than the insert itself; in batches a row costs about 13 µs. So the insert
 * trigger goes, and `recipes_fts_state.watermark` records the highest recipe id the index holds:
 * every row up to it is indexed, rows above it (the few written in the last milliseconds) are
 * searched by an exact scan of that tail (recipes/search/sqlite.ts), and the search index
 * (recipes/search/sqlite-index.ts) moves them into the index shortly after they are written.
 *
 * Recipe ids only grow (AUTOINCREMENT, and a batch runs under the write lock), so "id above the
 * watermark" is exactly "not yet indexed". Updates and deletes keep the index exact for indexed
 * rows, as before; for the tail there is nothing to do. A row inserted with an explicit id at or
 * below the watermark is still indexed at once.
 */
const TRIGGERS = ['recipes_fts_ai', 'recipes_fts_ad', 'recipes_fts_au'];
const INDEXED = `(SELECT watermark FROM recipes_fts_state)`;
const ADD = `INSERT INTO recipes_fts(rowid, title, ingredients) VALUES (new.id, new.title, new.ingredients);`;
const REMOVE = `INSERT INTO recipes_fts(recipes_fts, rowid, title, ingredients) VALUES ('delete', old.id, old.title, old.ingredients);`;

async function dropTriggers(db: Kysely<unknown>) {
  for (const name of TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`CREATE TABLE recipes_fts_state (id INTEGER PRIMARY KEY CHECK (id = 1), watermark INTEGER NOT NULL)`.execute(db);
  // Until now every row was indexed by its insert trigger.
  await sql`INSERT INTO recipes_fts_state (id, watermark) VALUES (1, COALESCE((SELECT max(id) FROM recipes), 0))`.execute(db);
  await dropTriggers(db);
  await sql.raw(`CREATE TRIGGER recipes_fts_ai AFTER INSERT ON recipes WHEN new.id <= ${INDEXED} BEGIN ${ADD} END`).execute(db);
  await sql.raw(`CREATE TRIGGER recipes_fts_ad AFTER DELETE ON recipes WHEN old.id <= ${INDEXED} BEGIN ${REMOVE} END`).execute(db);
  await sql
    .raw(`CREATE TRIGGER recipes_fts_au AFTER UPDATE OF title, ingredients ON recipes WHEN old.id <= ${INDEXED} BEGIN ${REMOVE} ${ADD} END`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  // Index the tail first: afterwards every row must be in the index again.
  await sql
    .raw(`INSERT INTO recipes_fts(rowid, title, ingredients) SELECT id, title, ingredients FROM recipes WHERE id > ${INDEXED}`)
    .execute(db);
  await dropTriggers(db);
  await sql.raw(`CREATE TRIGGER recipes_fts_ai AFTER INSERT ON recipes BEGIN ${ADD} END`).execute(db);
  await sql.raw(`CREATE TRIGGER recipes_fts_ad AFTER DELETE ON recipes BEGIN ${REMOVE} END`).execute(db);
  await sql.raw(`CREATE TRIGGER recipes_fts_au AFTER UPDATE OF title, ingredients ON recipes BEGIN ${REMOVE} ${ADD} END`).execute(db);
  await sql`DROP TABLE recipes_fts_state`.execute(db);
}
