// ?tag= is answered from the recipe_tags primary key (tag, recipe_id) on both databases
// (migration 005): EXPLAIN the repository's own page and count queries on a table big enough
// for the planner to prefer the index unprompted, alone and combined with other filters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.js';
import { recipeSearchFor } from '../../src/modules/recipes/search/strategy.js';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import type { RecipeFilters } from '../../src/modules/recipes/search/filters.js';
import { freshDatabase } from '../helpers/build.js';
import { insertUser } from '../helpers/factories.js';

const ROWS = 20_000;

async function seed(database: DatabaseHandle): Promise<number> {
  const { db } = database;
  const owner = await insertUser(db, 'o', '2024-01-01T00:00:00.000Z');
  const columns = sql`(title, ingredients, time_minutes, owner_id, created_at, updated_at)`;
  const values = (i: string, at: ReturnType<typeof sql>) =>
    sql`'Dish ' || ${sql.raw(i)}, 'rice, onion', ${sql.raw(i)} % 240, ${sql.lit(owner.id)}, ${at}, ${at}`;
  if (database.dialect === 'postgres') {
    const at = sql`to_char(to_timestamp(1700000000 + i * 60) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    await sql`INSERT INTO recipes ${columns} SELECT ${values('i', at)} FROM generate_series(1, ${ROWS}) AS i`.execute(db);
  } else {
    const at = sql`strftime('%Y-%m-%dT%H:%M:%fZ', 1700000000 + i * 60, 'unixepoch')`;
    await sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
      INSERT INTO recipes ${columns} SELECT ${values('i', at)} FROM n`.execute(db);
    await sqliteIndexing.indexPendingSearch(db, ROWS * 2);
  }
  // Every recipe is "dinner", every second "easy", one in a thousand "rare".
  await sql`INSERT INTO recipe_tags (tag, recipe_id) SELECT 'dinner', id FROM recipes`.execute(db);
  await sql`INSERT INTO recipe_tags (tag, recipe_id) SELECT 'easy', id FROM recipes WHERE id % 2 = 0`.execute(db);
  await sql`INSERT INTO recipe_tags (tag, recipe_id) SELECT 'rare', id FROM recipes WHERE id % 1000 = 0`.execute(db);
  await sql.raw(database.dialect === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE').execute(db);
  return owner.id;
}

async function explain(database: DatabaseHandle, query: { compile(): CompiledQuery }): Promise<string> {
  const { sql: text, parameters } = query.compile();
  const prefix = database.dialect === 'postgres' ? 'EXPLAIN' : 'EXPLAIN QUERY PLAN';
  const res = await database.db.executeQuery<Record<string, string>>(CompiledQuery.raw(`${prefix} ${text}`, [...parameters]));
  return res.rows.map((r) => r['QUERY PLAN'] ?? r.detail).join('\n');
}

test('?tag= uses the recipe_tags primary key (EXPLAIN), alone and with other filters', async (t) => {
  const database = await freshDatabase(t);
  await database.migrate();
  const owner = await seed(database);
  const pgsql = database.dialect === 'postgres';
  const base: RecipeFilters = { sort: '-created_at', limit: 20, offset: 0 };
  // PostgreSQL names the index; SQLite's WITHOUT ROWID table is its primary key.
  const tagIndex = pgsql
    ? /recipe_tags_pkey/
    : /SEARCH recipe_tags USING PRIMARY KEY \(tag=\? AND recipe_id=\?\)|SEARCH recipe_tags USING PRIMARY KEY \(tag=\?\)/;
  const cases: Partial<RecipeFilters>[] = [
    { tags: ['rare'] },
    { tags: ['easy', 'rare'] },
    { tags: ['rare'], maxTime: 100 },
    { tags: ['rare'], ownerId: owner, sort: 'title' },
    { tags: ['rare'], ingredient: 'onion' },
  ];
  for (const f of cases) {
    const filters = { ...base, ...f };
    for (const [which, query] of [
      ['page', recipeSearchFor(database.dialect).pageQuery(database.db, filters)],
      ['count', recipeSearchFor(database.dialect).countQuery(database.db, filters)],
    ] as const) {
      const plan = await explain(database, query);
      if (process.env.SHOW_PLANS) console.log(JSON.stringify(f), which, '\n' + plan);
      assert.match(plan, tagIndex, `${JSON.stringify(f)} ${which} should use the recipe_tags primary key; plan:\n${plan}`);
      assert.doesNotMatch(
        plan,
        /Seq Scan on recipe_tags|SCAN recipe_tags(?! USING)/,
        `${JSON.stringify(f)} ${which} must not scan recipe_tags; plan:\n${plan}`,
      );
    }
  }

  // And the answers are right.
  const rare = await recipeSearchFor(database.dialect).findMany(database.db, { ...base, tags: ['rare'] });
  assert.equal(rare.total, ROWS / 1000);
  assert.equal(rare.rows.length, ROWS / 1000);
  const both = await recipeSearchFor(database.dialect).findMany(database.db, { ...base, tags: ['easy', 'rare', 'dinner'], maxTime: 100 });
  const expected = Array.from({ length: ROWS / 1000 }, (_, i) => (i + 1) * 1000).filter((id) => id % 240 <= 100);
  assert.equal(both.total, expected.length);
  const searched = await recipeSearchFor(database.dialect).findMany(database.db, { ...base, tags: ['rare'], q: 'dish 1000' });
  assert.deepEqual(searched.rows.map((r) => r.title).sort(), ['Dish 1000', 'Dish 10000']);
  assert.equal(searched.total, 2);
});
