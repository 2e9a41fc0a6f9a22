// SQLite takes new recipes into its FTS5 search index in batches (migration 004). Searches must
// be exact at every moment: for rows not yet indexed, for updates and deletes on both sides of
// the watermark, for non-ASCII text, across the migration in both directions, and the index
// must end up identical to the table (FTS5's own integrity check).
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.js';
import type { Db } from '../../src/lib/db.js';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { recipeSearchFor } from '../../src/modules/recipes/search/strategy.js';
import type { RecipeFilters } from '../../src/modules/recipes/search/filters.js';
import { WriteBatch } from '../../src/db/write-batch.js';
import { SearchIndex, sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import { buildTestApp, createRecipe, freshDatabase, registerAndLogin, testDatabaseUrl } from '../helpers/build.js';
import { insertUser } from '../helpers/factories.js';

const skip = testDatabaseUrl ? 'batched search indexing exists only on SQLite (PostgreSQL updates its GIN index in each write)' : false;

const base: RecipeFilters = { sort: 'title', limit: 100, offset: 0 };

async function setup(database: DatabaseHandle) {
  await database.migrate();
  const user = await insertUser(database.db);
  const add = async (title: string, ingredients: string) =>
    (
      await recipesRepository.insert(database.db, {
        title,
        ingredients,
        time_minutes: 10,
        owner_id: user.id,
        created_at: 'now',
        updated_at: 'now',
      })
    ).id;
  const titles = async (f: Partial<RecipeFilters>) => {
    const { rows, total } = await recipeSearchFor('sqlite').findMany(database.db, { ...base, ...f });
    assert.equal(total, rows.length, 'X-Total-Count agrees with the rows');
    return rows.map((r) => r.title);
  };
  return { add, titles, db: database.db };
}

const watermark = async (db: Db) => (await sql<{ w: number }>`SELECT watermark AS w FROM recipes_fts_state`.execute(db)).rows[0]!.w;
// rank = 1: also compare the index with the content table (external content, SQLite ≥ 3.44).
const integrityCheck = (db: Db) => sql`INSERT INTO recipes_fts(recipes_fts, rank) VALUES ('integrity-check', 1)`.execute(db);

/** The size of every batch indexPendingSearch indexes from now on (it still does the work). */
function recordBatches(t: TestContext): number[] {
  const batches: number[] = [];
  const original = sqliteIndexing.indexPendingSearch;
  t.mock.method(sqliteIndexing, 'indexPendingSearch', async (...args: Parameters<typeof original>) => {
    const n = await original.apply(sqliteIndexing, args);
    batches.push(n);
    return n;
  });
  return batches;
}

test(
  'rows not yet indexed are found, and found the same after indexing; updates and deletes on either side stay exact',
  { skip },
  async (t) => {
    const { add, titles, db } = await setup(await freshDatabase(t));
    const a = await add('Saffron risotto', 'arborio rice, saffron, stock');
    const b = await add('Apfelkuchen', 'Äpfel, Mehl, Zucker');
    await add('Plain rice', 'rice, water');
    assert.equal(await watermark(db), 0, 'nothing is indexed yet');
    // An integrity check fails while the index lacks rows of the table: the tail is real.
    await assert.rejects(integrityCheck(db));

    const queries: Partial<RecipeFilters>[] = [
      { ingredient: 'SAFFRON' },
      { q: 'rice' },
      { ingredient: 'äpfel' },
      { q: 'KUCHEN' },
      { ingredient: 'ri' },
    ];
    const before = await Promise.all(queries.map(titles));
    assert.deepEqual(before, [
      ['Saffron risotto'],
      ['Plain rice', 'Saffron risotto'],
      ['Apfelkuchen'],
      ['Apfelkuchen'],
      ['Plain rice', 'Saffron risotto'],
    ]);

    assert.equal(await sqliteIndexing.indexPendingSearch(db, 1000), 3);
    assert.equal(
      await watermark(db),
      (
        await db
          .selectFrom('recipes')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirstOrThrow()
      ).m,
    );
    await integrityCheck(db);
    assert.deepEqual(await Promise.all(queries.map(titles)), before);
    assert.equal(await sqliteIndexing.indexPendingSearch(db, 1000), 0, 'nothing left to index');

    // An indexed row changes: the old words leave the index, the new ones enter it.
    await recipesRepository.update(db, a, { ingredients: 'arborio rice, turmeric' });
    assert.deepEqual(await titles({ ingredient: 'saffron' }), []);
    assert.deepEqual(await titles({ ingredient: 'turmeric' }), ['Saffron risotto']);
    // A new, unindexed row changes and is deleted: nothing of it is left behind.
    const c = await add('Saffron buns', 'flour, saffron');
    await recipesRepository.update(db, c, { ingredients: 'flour, cardamom' });
    assert.deepEqual(await titles({ ingredient: 'saffron' }), []);
    assert.deepEqual(await titles({ ingredient: 'cardamom' }), ['Saffron buns']);
    const d = await add('Doomed saffron tea', 'saffron, water');
    assert.deepEqual(await titles({ ingredient: 'saffron' }), ['Doomed saffron tea']);
    assert.ok(await recipesRepository.delete(db, d));
    assert.ok(await recipesRepository.delete(db, b));
    assert.deepEqual(await titles({ ingredient: 'saffron' }), []);
    assert.deepEqual(await titles({ ingredient: 'äpfel' }), []);
    await sqliteIndexing.indexPendingSearch(db, 1000);
    await integrityCheck(db);
    assert.deepEqual(await titles({ ingredient: 'cardamom' }), ['Saffron buns']);
  },
);

test('a backlog is indexed in batches of at most batchSize rows, and close waits for the running batch', { skip }, async (t) => {
  const { add, titles, db } = await setup(await freshDatabase(t));
  for (let i = 0; i < 35; i++) await add(`Dish ${i}`, i % 5 === 0 ? 'nutmeg, milk' : 'milk');
  const index = new SearchIndex(db, { batchSize: 10, onError: (err) => assert.fail(err as Error) });
  const batches = recordBatches(t);
  await index.flush();
  assert.deepEqual(batches, [10, 10, 10, 5]);
  await integrityCheck(db);
  assert.equal((await titles({ ingredient: 'nutmeg' })).length, 7);

  // schedule() runs one batch a little later for every write made meanwhile.
  batches.length = 0;
  for (let i = 0; i < 3; i++) {
    await add(`Late ${i}`, 'nutmeg');
    index.schedule();
  }
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(batches, [3]);
  await index.close();
  await add('After close', 'nutmeg');
  index.schedule();
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(batches, [3], 'a closed index schedules nothing');
  assert.equal((await titles({ ingredient: 'nutmeg' })).length, 11, 'rows left in the tail are still found');
});

test('recipes created through the API are indexed shortly afterwards', { skip }, async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) ids.push((await createRecipe(app, user, { title: `Quick saffron ${i}`, ingredients: 'saffron' })).json().id);
  const listed = await app.inject({ method: 'GET', url: '/recipes?ingredient=saffron', headers: user.auth });
  assert.equal(listed.headers['x-total-count'], '5', 'found at once, indexed or not');
  const deadline = Date.now() + 5000;
  while ((await watermark(app.db)) < Math.max(...ids) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(await watermark(app.db), Math.max(...ids));
  await integrityCheck(app.db);
});

test('migration 004 down and up again: the index is complete either way and nothing is lost', { skip }, async (t) => {
  const database = await freshDatabase(t);
  const { add, titles, db } = await setup(database);
  await add('Indexed saffron', 'saffron');
  await sqliteIndexing.indexPendingSearch(db, 1000);
  await add('Tail saffron', 'saffron');

  // Down reverts the last applied migration: later ones go first, until 004 is reverted.
  while ((await database.migrationStatus()).some((m) => m.name === '004-deferred-fts' && m.executedAt)) await database.migrateDown();
  // The old triggers index every row at once, and the tail was taken in on the way down.
  await integrityCheck(db);
  // Written as the code of that time did (the folded columns of migration 007 do not exist yet).
  await sql`INSERT INTO recipes (title, ingredients, time_minutes, owner_id, created_at, updated_at)
    SELECT 'Old-style saffron', 'saffron', 10, owner_id, 'now', 'now' FROM recipes LIMIT 1`.execute(db);
  await integrityCheck(db);
  assert.equal(
    (await sql<{ n: number }>`SELECT count(*) AS n FROM recipes_fts WHERE recipes_fts MATCH '"saffron"'`.execute(db)).rows[0]!.n,
    3,
  );

  await database.migrate();
  const max = (
    await db
      .selectFrom('recipes')
      .select((eb) => eb.fn.max('id').as('m'))
      .executeTakeFirstOrThrow()
  ).m;
  assert.equal(await watermark(db), max, 'every existing row counts as indexed');
  await add('New-style saffron', 'saffron');
  assert.deepEqual(await titles({ ingredient: 'saffron' }), ['Indexed saffron', 'New-style saffron', 'Old-style saffron', 'Tail saffron']);
  await sqliteIndexing.indexPendingSearch(db, 1000);
  await integrityCheck(db);
});

test(
  'a group commit indexes a batch when one is waiting, in that commit; the scheduled batch waits while commits index',
  { skip },
  async (t) => {
    const { titles, db } = await setup(await freshDatabase(t));
    const owner = (await db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const index = new SearchIndex(db, { batchSize: 8, delayMs: 100, onError: (err) => assert.fail(err as Error) });
    t.after(() => index.close());
    const batch = new WriteBatch(db, {
      afterWrites: (trx) => index.indexInCommit(trx),
      onAfterWritesError: (err) => assert.fail(err as Error),
    });
    const separate = recordBatches(t);
    const write = (count: number, from: number) =>
      Promise.all(
        Array.from({ length: count }, (_, i) =>
          batch.run((trx) =>
            recipesRepository.insert(trx, {
              title: `Dish ${from + i}`,
              ingredients: 'nutmeg',
              time_minutes: 10,
              owner_id: owner,
              created_at: 'now',
              updated_at: 'now',
            }),
          ),
        ),
      );

    await write(5, 0);
    assert.equal(await watermark(db), 0, 'fewer than a batch waiting: the commit indexes nothing');
    index.schedule();
    t.mock.timers.tick(50);
    const rows = await write(5, 5);
    assert.equal(await watermark(db), rows[2]!.id, 'ten waiting: that commit indexed the first eight');
    assert.equal((await titles({ ingredient: 'nutmeg' })).length, 10, 'indexed or not, every row is found');

    // The scheduled batch is due, but a commit indexed 50 ms ago (within delayMs): it waits.
    t.mock.timers.tick(50);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(separate, []);
    // Once commits have not indexed for delayMs, it takes in the rest.
    t.mock.timers.tick(50);
    for (let i = 0; i < 5 && separate.length === 0; i++) await new Promise((r) => setImmediate(r));
    await index.flush();
    assert.equal(separate[0], 2, 'the two rows left over');
    assert.equal(await watermark(db), rows[4]!.id);
    await integrityCheck(db);
  },
);

test('migration 013: FTS5 merges only in the indexing batches, which keep the segments few', { skip }, async (t) => {
  const database = await freshDatabase(t);
  const { add, db } = await setup(database);
  const automerge = async () => (await sql<{ v: number }>`SELECT v FROM recipes_fts_config WHERE k = 'automerge'`.execute(db)).rows[0]?.v;
  assert.equal(await automerge(), 0);
  const segments = async () => (await sql<{ n: number }>`SELECT count(DISTINCT segid) AS n FROM recipes_fts_idx`.execute(db)).rows[0]!.n;
  let most = 0;
  for (let b = 0; b < 60; b++) {
    for (let i = 0; i < 16; i++) await add(`Dish ${b}.${i} with nutmeg`, `${b} g flour, ${i} eggs, nutmeg, batch ${b * 16 + i}`);
    await sqliteIndexing.indexPendingSearch(db, 16);
    most = Math.max(most, await segments());
  }
  // Without merges a level holds up to 16 segments (FTS5's crisis merge) before they are merged.
  assert.ok(most <= 8, `at most ${most} segments after 60 batches`);
  await integrityCheck(db);
  assert.equal(
    (await sql<{ n: number }>`SELECT count(*) AS n FROM recipes_fts WHERE recipes_fts MATCH '"nutmeg"'`.execute(db)).rows[0]!.n,
    960,
  );

  while ((await database.migrationStatus()).some((m) => m.name === '013-fts-merge-in-batches' && m.executedAt))
    await database.migrateDown();
  assert.equal(await automerge(), 4, "down restores FTS5's default");
  await database.migrate();
  assert.equal(await automerge(), 0);
});

test(
  'while this process goes on writing, no batch of its own competes with its commits; once writes pause for delayMs it runs',
  { skip },
  async (t) => {
    const { add, titles, db } = await setup(await freshDatabase(t));
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const index = new SearchIndex(db, { batchSize: 50, delayMs: 100, onError: (err) => assert.fail(err as Error) });
    t.after(() => index.close());
    const separate = recordBatches(t);
    // A write every 40 ms for 400 ms: fewer than a batch's worth waits, and no commit indexes.
    for (let i = 0; i < 10; i++) {
      await add(`Steady ${i}`, 'nutmeg');
      index.schedule();
      t.mock.timers.tick(40);
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(separate, [], 'no separate batch while the writes go on');
    assert.equal((await titles({ ingredient: 'nutmeg' })).length, 10, 'the rows waiting are found all the same');
    t.mock.timers.tick(100);
    for (let i = 0; i < 5 && separate.length === 0; i++) await new Promise((r) => setImmediate(r));
    await index.flush();
    assert.equal(separate[0], 10, 'the rows written meanwhile, in one batch');
    assert.equal(await watermark(db), (await db.selectFrom('recipes').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id);
    await integrityCheck(db);
  },
);
