// The indexes that keep listing and search fast as data grows are really used: EXPLAIN the
// repository's own queries on a table big enough for the planner to prefer them unprompted.
// Listing latencies are in docs/performance.md (bench/list-latency.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.js';
import { recipeSearchFor } from '../../src/modules/recipes/search/strategy.js';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import { hiddenFilter, type RecipeFilters } from '../../src/modules/recipes/search/filters.js';
import { sqliteSummaries } from '../../src/modules/recipes/search/sqlite-summaries.js';
import { freshDatabase } from '../helpers/build.js';

const ROWS = 20_000;

async function seed(database: DatabaseHandle): Promise<{ few: number; many: number }> {
  const { db } = database;
  const [few, many] = await db
    .insertInto('users')
    .values([
      { username: 'few', username_key: 'few', password_hash: 'x', created_at: '2024-01-01T00:00:00.000Z' },
      { username: 'many', username_key: 'many', password_hash: 'x', created_at: '2024-01-01T00:00:00.000Z' },
    ])
    .returning('id')
    .execute();
  // Generated in the database: 20k rows in one statement instead of 20k round trips.
  const columns = sql`(title, ingredients, time_minutes, owner_id, created_at, updated_at)`;
  const values = (i: string, at: ReturnType<typeof sql>) => sql`
    'Dish ' || ${sql.raw(i)}, 'rice, onion, stock ' || (${sql.raw(i)} % 97) || ', pepper', ${sql.raw(i)} % 240,
    CASE WHEN ${sql.raw(i)} % 100 = 0 THEN ${sql.lit(few!.id)} ELSE ${sql.lit(many!.id)} END, ${at}, ${at}`;
  if (database.dialect === 'postgres') {
    const at = sql`to_char(to_timestamp(1700000000 + i * 60) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    await sql`INSERT INTO recipes ${columns} SELECT ${values('i', at)} FROM generate_series(1, ${ROWS}) AS i`.execute(db);
  } else {
    const at = sql`strftime('%Y-%m-%dT%H:%M:%fZ', 1700000000 + i * 60, 'unixepoch')`;
    await sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
      INSERT INTO recipes ${columns} SELECT ${values('i', at)} FROM n`.execute(db);
  }
  await db
    .insertInto('recipes')
    .values({
      title: 'Zanzibar pilau',
      ingredients: 'basmati, cardamom pods',
      time_minutes: 50,
      owner_id: many!.id,
      created_at: '2024-01-01T00:00:00.000Z',
      updated_at: '2024-01-01T00:00:00.000Z',
    })
    .execute();
  // SQLite indexes new rows for search in batches (migration 004); the service does it shortly after a write.
  if (database.dialect === 'sqlite') assert.equal(await sqliteIndexing.indexPendingSearch(db, ROWS * 2), ROWS + 1);
  await sql.raw(database.dialect === 'postgres' ? 'VACUUM ANALYZE recipes' : 'ANALYZE').execute(db);
  return { few: few!.id, many: many!.id };
}

/** The plan of a compiled query, as one string (EXPLAIN QUERY PLAN details, or PostgreSQL's text plan). */
async function explain(database: DatabaseHandle, query: { compile(): CompiledQuery }): Promise<string> {
  const { sql: text, parameters } = query.compile();
  if (database.dialect === 'postgres') {
    const res = await database.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${text}`, [...parameters]));
    return res.rows.map((r) => r['QUERY PLAN']).join('\n');
  }
  const res = await database.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${text}`, [...parameters]));
  return res.rows.map((r) => r.detail).join('\n');
}

test('listing and search use the indexes (EXPLAIN)', async (t) => {
  const database = await freshDatabase(t);
  await database.migrate();
  const owners = await seed(database);
  const pgsql = database.dialect === 'postgres';
  const base: RecipeFilters = { sort: '-created_at', limit: 20, offset: 0 };
  const plans = async (f: Partial<RecipeFilters>) => {
    const filters = { ...base, ...f };
    return {
      page: await explain(database, recipeSearchFor(database.dialect).pageQuery(database.db, filters)),
      count: await explain(database, recipeSearchFor(database.dialect).countQuery(database.db, filters)),
    };
  };
  const uses = (plan: string, index: string, what: string) =>
    assert.ok(plan.includes(index), `${what} should use ${index}; plan:\n${plan}`);

  // Substring search: the trigram index on each database.
  for (const f of [{ ingredient: 'cardamom' }, { q: 'zanzibar' }]) {
    const p = await plans(f);
    for (const [which, plan] of Object.entries(p)) {
      if (pgsql) {
        uses(plan, 'recipes_ingredients_trgm', `${JSON.stringify(f)} ${which}`);
        if (f.q) uses(plan, 'recipes_title_trgm', `${JSON.stringify(f)} ${which}`);
      } else {
        uses(plan, 'recipes_fts VIRTUAL TABLE', `${JSON.stringify(f)} ${which}`);
        // Rows not yet indexed are found by a rowid range above the watermark, never a full scan.
        uses(plan, 'INTEGER PRIMARY KEY (rowid>?)', `${JSON.stringify(f)} ${which} (unindexed tail)`);
        assert.doesNotMatch(
          plan,
          /SCAN recipes(?! USING)(?!_fts)/,
          `${JSON.stringify(f)} ${which} must not scan the table; plan:\n${plan}`,
        );
      }
    }
  }
  // Sort keys: the (key, id) index yields the page in order, so no sort of every row.
  uses((await plans({})).page, 'recipes_created_idx', 'default listing');
  uses((await plans({ sort: 'title' })).page, 'recipes_title_idx', 'sort=title');
  // Both time sorts put an unknown time last, each by an index that gives that order (migration 016).
  uses((await plans({ sort: '-time_minutes' })).page, pgsql ? 'recipes_time_desc_idx' : 'recipes_time_idx', 'sort=-time_minutes');
  uses((await plans({ sort: 'time_minutes' })).page, pgsql ? 'recipes_time_idx' : 'recipes_time_known_idx', 'sort=time_minutes');
  for (const sort of ['time_minutes', '-time_minutes'] as const) {
    assert.doesNotMatch((await plans({ sort })).page, /Sort|USE TEMP B-TREE|Seq Scan/, `sort=${sort} must not sort every row`);
  }
  // max_time and owner: range and equality lookups on their indexes.
  const maxTime = await plans({ maxTime: 1 });
  // For the page the planner may instead walk the sort index and filter: also fine, as
  // long as it is an index and never a scan of the whole table.
  assert.match(
    maxTime.page,
    /recipes_time_(desc_|known_)?idx|recipes_created_idx/,
    `max_time page should use an index; plan:\n${maxTime.page}`,
  );
  assert.doesNotMatch(maxTime.page, /Seq Scan|SCAN recipes(?! USING)/, `max_time page must not scan the table; plan:\n${maxTime.page}`);
  // Either time index answers the range (PostgreSQL may take the descending one).
  assert.match(maxTime.count, /recipes_time_(desc_)?idx/, `max_time count should use a time index; plan:\n${maxTime.count}`);
  const mine = await plans({ ownerId: owners.few });
  // Either index that leads with owner_id answers it (recipes_owner_source_idx serves the import's dedupe).
  assert.match(mine.page, /recipes_owner_(source_)?idx/, `mine page should use an owner index; plan:\n${mine.page}`);
  assert.match(mine.count, /recipes_owner_(source_)?idx/, `mine count should use an owner index; plan:\n${mine.count}`);

  // The plans are for queries that answer correctly.
  const found = await recipeSearchFor(database.dialect).findMany(database.db, { ...base, ingredient: 'CARDAMOM' });
  assert.deepEqual(
    found.rows.map((r) => r.title),
    ['Zanzibar pilau'],
  );
  assert.equal(found.total, 1);
  const few = await recipeSearchFor(database.dialect).findMany(database.db, { ...base, ownerId: owners.few });
  assert.equal(few.total, ROWS / 100);
});

test("SQLite: the hidden part of a summarised term's count is read from the non-public index alone, each row probed in the postings", async (t) => {
  const database = await freshDatabase(t);
  if (database.dialect !== 'sqlite') return t.skip('SQLite search summaries');
  await database.migrate();
  const owners = await seed(database);
  await sql`UPDATE recipes SET visibility = 'private' WHERE id % 50 = 0`.execute(database.db);
  await sql.raw('ANALYZE').execute(database.db);
  const onion = { term: 'onion', columns: 'ingredients' as const };
  const id = await sqliteSummaries.addTerm(database.db, onion);
  const query = sqliteSummaries.hiddenCount(id, onion, 30, hiddenFilter({ userId: owners.few, members: [owners.few] }));
  const plan = await explain(database, { compile: () => query.compile(database.db) });
  assert.match(plan, /COVERING INDEX recipes_not_public/, `plan:\n${plan}`);
  assert.doesNotMatch(plan, /SEARCH h USING INTEGER PRIMARY KEY/, 'not a range of every recipe up to the watermark');
  assert.match(plan, /SEARCH p EXISTS USING PRIMARY KEY \(term_id=\? AND created_at=\? AND id=\?\)/, `plan:\n${plan}`);
  // The count it gives: the private recipes of the other owner under 30 minutes (all hold "onion").
  const { rows } = await query.execute(database.db);
  const expected = await sql<{ n: number }>`SELECT count(*) AS n FROM recipes
    WHERE visibility = 'private' AND owner_id <> ${owners.few} AND time_minutes <= 30 AND instr(ingredients, 'onion') > 0`.execute(
    database.db,
  );
  assert.ok(Number(expected.rows[0]!.n) > 0);
  assert.equal(Number(rows[0]!.total), Number(expected.rows[0]!.n));
});
