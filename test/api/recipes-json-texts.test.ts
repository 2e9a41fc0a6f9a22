// SQLite listings read each page row's key (id, version, parser_version) and reuse the recipe's
// JSON text kept for exactly that state (recipe-json-cache.ts). Nothing may be served
// stale: not after a change through the API, not after a change by hand through another
// connection (migration 014 moves the version), and not when a row changes between the page's
// keys and the read of the rows it lacked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import { buildTestApp, createRecipe, registerAndLogin, sqliteFileDatabase, testDatabaseUrl } from '../helpers/build.js';
import { SqliteSearch } from '../../src/modules/recipes/search/sqlite.js';

const skip = testDatabaseUrl ? 'the kept texts are SQLite-only (migration 014 makes the version move with every change there)' : false;

/** An app on a SQLite file, and a second connection to the same file (another process, or a hand edit). */
async function onFile(t: Parameters<typeof buildTestApp>[0], env: Record<string, string> = {}) {
  const file = sqliteFileDatabase(t, 'json-texts-');
  const { app } = await buildTestApp(t, { env, build: { database: file.open() } });
  const other = file.open();
  return { app, other, user: await registerAndLogin(app) };
}

test('texts are reused while the database names the same version, and written anew after any change', { skip }, async (t) => {
  const { app, other, user } = await onFile(t);
  const ids: number[] = [];
  for (const title of ['Saffron one', 'Saffron two', 'Saffron three']) ids.push((await createRecipe(app, user, { title })).json().id);
  const list = async () => {
    const res = await app.inject({ method: 'GET', url: '/recipes?ingredient=saffron&sort=title', headers: user.auth });
    assert.equal(res.statusCode, 200);
    return { titles: res.json().map((r: { title: string }) => r.title), total: res.headers['x-total-count'] };
  };
  const stats = () => ({ ...app.recipeJsonTexts.stats });

  assert.deepEqual(await list(), { titles: ['Saffron one', 'Saffron three', 'Saffron two'], total: '3' });
  const first = stats();
  assert.deepEqual(await list(), { titles: ['Saffron one', 'Saffron three', 'Saffron two'], total: '3' });
  assert.equal(stats().hits - first.hits, 3, 'the second listing reuses all three texts');
  assert.equal(stats().writes, first.writes, 'and writes none');

  // Through the API.
  const put = await app.inject({ method: 'PUT', url: `/recipes/${ids[0]}`, headers: user.auth, payload: { title: 'Saffron zero' } });
  assert.equal(put.statusCode, 200);
  assert.deepEqual((await list()).titles, ['Saffron three', 'Saffron two', 'Saffron zero']);

  // By hand, without touching the version: the trigger moves it, so the listing and the ETag both change.
  const before = await app.inject({ method: 'GET', url: `/recipes/${ids[1]}`, headers: user.auth });
  await other.db.updateTable('recipes').set({ title: 'Saffron by hand', time_minutes: 12 }).where('id', '=', ids[1]!).execute();
  const listed = await app.inject({ method: 'GET', url: '/recipes?ingredient=saffron&sort=title', headers: user.auth });
  const byHand = listed.json().find((r: { id: number }) => r.id === ids[1]);
  assert.deepEqual({ title: byHand.title, time_minutes: byHand.time_minutes }, { title: 'Saffron by hand', time_minutes: 12 });
  const after = await app.inject({
    method: 'GET',
    url: `/recipes/${ids[1]}`,
    headers: { ...user.auth, 'if-none-match': before.headers.etag as string },
  });
  assert.equal(after.statusCode, 200, 'the old ETag no longer matches');
  assert.notEqual(after.headers.etag, before.headers.etag);

  // The parse stored again under the same parser version but changed by hand is a change too.
  await other.db.updateTable('recipes').set({ ingredient_lines: '[]' }).where('id', '=', ids[2]!).execute();
  const lines = (await app.inject({ method: 'GET', url: '/recipes?ingredient=saffron&sort=title', headers: user.auth }))
    .json()
    .find((r: { id: number }) => r.id === ids[2]).ingredient_lines;
  assert.deepEqual(lines, [], 'the hand-edited parse is what is listed');
});

test('a row deleted between the page and the read of its row: the page is read again whole', { skip }, async (t) => {
  const { app, other, user } = await onFile(t);
  const ids: number[] = [];
  for (const title of ['Saffron a', 'Saffron b', 'Saffron c']) ids.push((await createRecipe(app, user, { title })).json().id);
  // None of the texts is kept yet (creating keeps none), so the listing reads the rows it lacks;
  // just before that read, another process deletes one of them.
  const original = recipesRepository.findByIdsSqlite.bind(recipesRepository);
  let raced = 0;
  t.mock.method(recipesRepository, 'findByIdsSqlite', async (...args: Parameters<typeof original>) => {
    if (raced++ === 0) await other.db.deleteFrom('recipes').where('id', '=', ids[1]!).execute();
    return original(...args);
  });
  const res = await app.inject({ method: 'GET', url: '/recipes?ingredient=saffron&sort=title', headers: user.auth });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(
    res.json().map((r: { title: string }) => r.title),
    ['Saffron a', 'Saffron c'],
  );
  assert.equal(res.headers['x-total-count'], '2', 'page and total are one snapshot');
  assert.equal(raced, 1);
});

test(
  'a row changed between the page and the read of its row so that it no longer matches: the page is read again whole',
  { skip },
  async (t) => {
    const { app, other, user } = await onFile(t);
    const ids: number[] = [];
    for (const title of ['Saffron a', 'Saffron b', 'Saffron c'])
      ids.push((await createRecipe(app, user, { title, time_minutes: 20 })).json().id);
    const original = recipesRepository.findByIdsSqlite.bind(recipesRepository);
    let raced = 0;
    t.mock.method(recipesRepository, 'findByIdsSqlite', async (...args: Parameters<typeof original>) => {
      if (raced++ === 0) await other.db.updateTable('recipes').set({ time_minutes: 200 }).where('id', '=', ids[0]!).execute();
      return original(...args);
    });
    const res = await app.inject({ method: 'GET', url: '/recipes?ingredient=saffron&max_time=60&sort=title', headers: user.auth });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().map((r: { title: string; time_minutes: number }) => [r.title, r.time_minutes]),
      [
        ['Saffron b', 20],
        ['Saffron c', 20],
      ],
    );
    assert.equal(res.headers['x-total-count'], '2');
  },
);

test('RECIPE_JSON_CACHE_MB=0 keeps no text, and listings are the same', { skip }, async (t) => {
  const { app, user } = await onFile(t, { RECIPE_JSON_CACHE_MB: '0' });
  for (const title of ['Saffron a', 'Saffron b']) await createRecipe(app, user, { title });
  const find = t.mock.method(recipesRepository, 'findByIdsSqlite');
  for (let i = 0; i < 2; i++) {
    const res = await app.inject({ method: 'GET', url: '/recipes?ingredient=saffron&sort=title', headers: user.auth });
    assert.deepEqual(
      res.json().map((r: { title: string }) => r.title),
      ['Saffron a', 'Saffron b'],
    );
  }
  assert.deepEqual(app.recipeJsonTexts.stats, { hits: 0, writes: 4 });
  assert.equal(find.mock.callCount(), 0, 'pages are read whole, in one statement');
});

test(
  'migration 014: a hand edit moves the version once, an API update once, a new parse under a new parser version not at all',
  { skip },
  async (t) => {
    const { app, other, user } = await onFile(t);
    const { id } = (await createRecipe(app, user, { title: 'Saffron rice' })).json();
    const version = async () =>
      (await other.db.selectFrom('recipes').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
    assert.equal(await version(), 1);
    await other.db.updateTable('recipes').set({ title: 'Saffron rice by hand' }).where('id', '=', id).execute();
    assert.equal(await version(), 2);
    const put = await app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: user.auth, payload: { servings: 3 } });
    assert.equal(put.headers.etag, `"${id}-3"`);
    assert.equal(await version(), 3);
    // An outdated parse (another parser version) and the re-parse that stores the current one: the recipe shown is the same.
    const shown = (await app.inject({ method: 'GET', url: `/recipes/${id}`, headers: user.auth })).json();
    await other.db
      .updateTable('recipes')
      .set({ ingredient_lines: '[{"input":"x"}]', parser_version: 'older' })
      .where('id', '=', id)
      .execute();
    assert.equal(await version(), 3);
    const { reparseOutdatedIngredients } = await import('../../src/modules/recipes/ingredient-reparse.js');
    assert.equal(await reparseOutdatedIngredients(other.db), 1);
    assert.equal(await version(), 3);
    const listed = (await app.inject({ method: 'GET', url: '/recipes?ingredient=saffron', headers: user.auth })).json();
    assert.deepEqual(listed, [shown]);
    // Down and up again.
    const triggers = async () =>
      (
        await other.db
          .selectFrom('sqlite_master' as never)
          .select('name' as never)
          .where('type' as never, '=', 'trigger' as never)
          .where('name' as never, '=', 'recipes_version_au' as never)
          .execute()
      ).length;
    assert.equal(await triggers(), 1);
    while ((await other.migrationStatus()).some((m) => m.name === '014-recipe-version-on-any-change' && m.executedAt))
      await other.migrateDown();
    assert.equal(await triggers(), 0);
    await other.migrate();
    assert.equal(await triggers(), 1);
  },
);

/** 300 indexed recipes holding "saffron" (a common term: its first search has it summarised), time 20, one minute apart. */
async function commonTerm({ app, other, user }: Awaited<ReturnType<typeof onFile>>) {
  const rows = Array.from({ length: 300 }, (_, i) => {
    const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    return {
      title: `Saffron ${String(i).padStart(3, '0')}`,
      ingredients: 'saffron\nrice',
      time_minutes: 20,
      owner_id: user.id,
      created_at: at,
      updated_at: at,
    };
  });
  await recipesRepository.insertMany(other.db, rows);
  await sqliteIndexing.indexPendingSearch(other.db, 1000);
  return async (url = '/recipes?ingredient=saffron&max_time=60&limit=20') => {
    const res = await app.inject({ method: 'GET', url, headers: user.auth });
    assert.equal(res.statusCode, 200, res.body);
    return { rows: res.json() as { id: number; title: string; time_minutes: number }[], total: res.headers['x-total-count'] };
  };
}

test(
  "a common term's page is its postings' ids when nothing waits for the index: texts checked at the same counter are taken without reading a row",
  { skip },
  async (t) => {
    const setup = await onFile(t);
    const { app, other, user } = setup;
    const list = await commonTerm(setup);
    const ids = t.mock.method(SqliteSearch.prototype, 'summarisedIds');
    const reads = t.mock.method(recipesRepository, 'findByIdsSqlite');
    const first = await list(); // asks for the term's summary (built in the background), reads and keeps the 20 texts
    await app.summaryBuilder.idle();
    assert.deepEqual(
      first.rows.map((r) => r.title),
      Array.from({ length: 20 }, (_, i) => `Saffron ${299 - i}`),
    );
    assert.equal(first.total, '300');
    const readsBefore = reads.mock.callCount();
    // Asked again at the same counter (the list cache keeps it from the second request: a new offset each time avoids it).
    const again = await list('/recipes?ingredient=saffron&max_time=60&limit=20&offset=0&sort=-created_at');
    assert.deepEqual(again, first);
    assert.equal(reads.mock.callCount(), readsBefore, 'no row read: every text was checked at this counter');
    const fast = await Promise.all(ids.mock.calls.map((c) => c.result));
    assert.ok(fast.at(-1), 'the page came from the postings alone');

    // Any change to recipes moves the counter: the bare ids no longer prove the texts, so the rows are read.
    await other.db.updateTable('recipes').set({ title: 'Unrelated' }).where('title', '=', 'Saffron 000').execute();
    const afterChange = await list();
    assert.deepEqual(afterChange.rows, first.rows);
    assert.equal(reads.mock.callCount(), readsBefore + 1);

    // A recipe waiting for the index (the tail): the postings alone would miss it, so that way is not taken.
    const created = (await createRecipe(app, user, { title: 'Saffron newest', ingredients: 'saffron', time_minutes: 10 })).json();
    const withTail = await list();
    assert.equal(withTail.rows[0]!.id, created.id);
    assert.equal(withTail.total, '301');
    assert.equal(await ids.mock.calls.at(-1)!.result, undefined, 'pending recipes: the general way');
  },
);

test("a commit between a common term's ids and the read of its rows: the page is read again whole", { skip }, async (t) => {
  const setup = await onFile(t);
  const { other } = setup;
  const list = await commonTerm(setup);
  await list(); // asks for the term's summary, built in the background
  await setup.app.summaryBuilder.idle();
  // A change moves the counter, so the next page's texts must be read; just before that read,
  // another process makes the newest recipe too slow for max_time=60.
  await other.db.updateTable('recipes').set({ title: 'Unrelated' }).where('title', '=', 'Saffron 000').execute();
  const original = recipesRepository.findByIdsSqlite.bind(recipesRepository);
  let raced = 0;
  t.mock.method(recipesRepository, 'findByIdsSqlite', async (...args: Parameters<typeof original>) => {
    if (raced++ === 0) await other.db.updateTable('recipes').set({ time_minutes: 200 }).where('title', '=', 'Saffron 299').execute();
    return original(...args);
  });
  const page = await list();
  assert.equal(raced, 1);
  assert.ok(
    page.rows.every((r) => r.time_minutes <= 60),
    'no recipe outside max_time',
  );
  assert.deepEqual(
    page.rows.map((r) => r.title),
    Array.from({ length: 20 }, (_, i) => `Saffron ${298 - i}`),
  );
  assert.equal(page.total, '299');
});
