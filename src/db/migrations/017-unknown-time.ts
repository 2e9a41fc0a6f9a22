import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * A recipe's `time_minutes` may be NULL: the time is unknown (an imported page without one, a
 * cook who left it out). Existing rows are left as they are. An unknown time never passes a
 * `max_time` and sorts after every known time in both directions, so each database gets the
 * one index that gives that order without sorting every row:
 *
 * - SQLite: NULL sorts first, so `recipes_time_idx` read backwards already gives the longest
 *   first with unknown last; quickest first orders by `time_minutes IS NULL` first, which
 *   `recipes_time_known_idx` follows. SQLite cannot drop a NOT NULL in place, so the table is
 *   rebuilt (SQLite's documented procedure: copy, drop, rename, re-create its indexes, triggers
 *   and views; foreign keys off meanwhile so recipe_tags is left alone). The search-summary
 *   triggers (migration 011) count an unknown time under UNKNOWN_TIME_KEY, as their tables'
 *   keys cannot hold NULL; it is above every max_time, so a summary's count never includes it.
 * - PostgreSQL: NULL sorts last ascending, so `recipes_time_idx` serves quickest first; longest
 *   first with unknown last reads `recipes_time_desc_idx`. The summary tables (migration 012)
 *   simply hold NULL.
 *
 * Down refuses while any recipe has an unknown time: NOT NULL cannot come back without
 * inventing a time for them.
 */
export const UNKNOWN_TIME_KEY = 2_147_483_647;

const NOT_NULL = '"time_minutes" integer not null';
const NULLABLE = '"time_minutes" integer';
const KEYED = (row: string) => `coalesce(${row}.time_minutes, ${UNKNOWN_TIME_KEY})`;

/** The summary triggers' SQL with an unknown time counted under UNKNOWN_TIME_KEY (up), or back (down). */
const keyTimes = (text: string) => text.replace(/\b(new|old)\.time_minutes\b/g, (_, row: string) => KEYED(row));
const unkeyTimes = (text: string) => text.replace(/coalesce\((new|old)\.time_minutes, \d+\)/g, (_, row: string) => `${row}.time_minutes`);

async function refuseUnknownTimes(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM recipes WHERE time_minutes IS NULL`.execute(db);
  const n = Number(rows[0]?.n ?? 0);
  if (n > 0) throw new Error(`${n} recipes have an unknown time (time_minutes NULL); give them a time before migrating down`);
}

/**
 * SQLite: re-creates `recipes` with its column definition `from` replaced by `to` (nothing to do
 * when it already reads `to`), rows, ids and the autoincrement counter kept, and its indexes,
 * triggers and views re-created (the search-summary triggers passed through `editSummaryTrigger`).
 */
async function rebuildRecipesSqlite(
  db: Kysely<unknown>,
  from: string,
  to: string,
  editSummaryTrigger: (text: string) => string,
): Promise<void> {
  const table = (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'recipes'`.execute(db)).rows[0]
    ?.sql;
  if (table === undefined) throw new Error('no recipes table');
  if (!table.includes(from)) {
    if (table.includes(to)) return;
    throw new Error(`recipes table has no ${from} column definition`);
  }
  const { rows: fk } = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db);
  // Dropping the old table must not cascade to recipe_tags (and PRAGMA foreign_keys is a no-op inside a transaction).
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      const { rows: dependents } = await sql<{ type: string; name: string; sql: string }>`SELECT type, name, sql FROM sqlite_master
        WHERE sql IS NOT NULL AND ((tbl_name = 'recipes' AND type IN ('index', 'trigger')) OR (type = 'view' AND sql LIKE '%FROM recipes%'))`.execute(
        trx,
      );
      const seq = (await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'recipes'`.execute(trx)).rows[0]?.seq ?? 0;
      await sql.raw(table.replace(from, to).replace(/^CREATE TABLE (?:"recipes"|recipes)/, 'CREATE TABLE "recipes_rebuild"')).execute(trx);
      await sql`INSERT INTO recipes_rebuild SELECT * FROM recipes`.execute(trx);
      for (const v of dependents.filter((d) => d.type === 'view')) await sql.raw(`DROP VIEW "${v.name}"`).execute(trx);
      await sql`DROP TABLE recipes`.execute(trx);
      await sql`ALTER TABLE recipes_rebuild RENAME TO recipes`.execute(trx);
      await sql`UPDATE sqlite_sequence SET seq = max(seq, ${seq}) WHERE name = 'recipes'`.execute(trx);
      const order = ['view', 'index', 'trigger'];
      for (const d of [...dependents].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type))) {
        await sql.raw(d.type === 'trigger' && d.name.startsWith('search_summaries_') ? editSummaryTrigger(d.sql) : d.sql).execute(trx);
      }
      const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error('recipes rebuild broke a foreign key');
    });
  } finally {
    await sql.raw(`PRAGMA foreign_keys = ${fk[0]?.foreign_keys ? 'ON' : 'OFF'}`).execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    for (const table of ['recipes', 'search_postings', 'search_term_counts']) {
      await sql.raw(`ALTER TABLE ${table} ALTER COLUMN time_minutes DROP NOT NULL`).execute(db);
    }
    await sql`CREATE INDEX IF NOT EXISTS recipes_time_desc_idx ON recipes (time_minutes DESC NULLS LAST, id DESC)`.execute(db);
    return;
  }
  await rebuildRecipesSqlite(db, NOT_NULL, NULLABLE, keyTimes);
  await sql`CREATE INDEX IF NOT EXISTS recipes_time_known_idx ON recipes (time_minutes IS NULL, time_minutes, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await refuseUnknownTimes(db);
  if (isPostgres(db)) {
    await sql`DROP INDEX IF EXISTS recipes_time_desc_idx`.execute(db);
    for (const table of ['recipes', 'search_postings', 'search_term_counts']) {
      await sql.raw(`ALTER TABLE ${table} ALTER COLUMN time_minutes SET NOT NULL`).execute(db);
    }
    return;
  }
  await sql`DROP INDEX IF EXISTS recipes_time_known_idx`.execute(db);
  await rebuildRecipesSqlite(db, NULLABLE + ',', NOT_NULL + ',', unkeyTimes);
}
