// The list cache must never serve a stale answer: not after this process writes, and not after
// another process (another connection to the same SQLite file) writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { SHARED_LIST_MAX_AGE_MS } from '../../src/modules/recipes/list-version.js';
import {
  CHEAP_HASHING_ENV,
  buildTestApp,
  createRecipe,
  instancesOnOneDatabase,
  registerAndLogin,
  sqliteFileDatabase,
  testDatabaseUrl,
} from '../helpers/build.js';
import { redisEnv } from '../helpers/redis.js';
import { needsPostgres, redisSkipReason } from '../helpers/services.js';
import { PostgresSearch } from '../../src/modules/recipes/search/postgres.js';

const skip = testDatabaseUrl ? 'writes through a second connection to one SQLite file (the PostgreSQL pass has its own test below)' : false;

test('a write through another connection is seen at once', { skip }, async (t) => {
  const file = sqliteFileDatabase(t, 'cache-test-');
  const { app } = await buildTestApp(t, { build: { database: file.open() } });
  const user = await registerAndLogin(app);
  const recipe = (await createRecipe(app, user, { title: 'Cached soup' })).json();
  const list = async () =>
    (await app.inject({ method: 'GET', url: '/recipes?q=soup', headers: user.auth })).json().map((r: { title: string }) => r.title);
  assert.deepEqual(await list(), ['Cached soup']);
  assert.deepEqual(await list(), ['Cached soup']);

  // Another process's connection: renames and adds, then the same query again.
  const other = file.open();
  await other.db.updateTable('recipes').set({ title: 'Renamed soup' }).where('id', '=', recipe.id).execute();
  assert.deepEqual(await list(), ['Renamed soup']);
  const { id: _id, tags: _tags, ingredient_lines: _lines, ...columns } = recipe;
  await other.db
    .insertInto('recipes')
    .values({ ...columns, title: 'Second soup', version: 1 })
    .execute();
  assert.deepEqual((await list()).sort(), ['Renamed soup', 'Second soup']);
  await other.db.deleteFrom('recipes').execute();
  assert.deepEqual(await list(), []);
});

test('writes through the API invalidate the cached list', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const list = async () => {
    const res = await app.inject({ method: 'GET', url: '/recipes?ingredient=saffron', headers: user.auth });
    return { titles: res.json().map((r: { title: string }) => r.title), total: res.headers['x-total-count'] };
  };
  assert.deepEqual(await list(), { titles: [], total: '0' });
  const r = (await createRecipe(app, user, { title: 'A' })).json();
  assert.deepEqual(await list(), { titles: ['A'], total: '1' });
  await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: user.auth, payload: { title: 'B' } });
  assert.deepEqual(await list(), { titles: ['B'], total: '1' });
  await app.inject({ method: 'DELETE', url: `/recipes/${r.id}`, headers: user.auth });
  assert.deepEqual(await list(), { titles: [], total: '0' });
});

test(
  'PostgreSQL with Redis: lists are cached per instance, and a write through either instance is seen by both at once',
  { skip: needsPostgres },
  async (t) => {
    const redisSkip = await redisSkipReason();
    if (redisSkip) return t.skip(redisSkip);
    const env = { ...CHEAP_HASHING_ENV, ...redisEnv(t) };
    const { start } = await instancesOnOneDatabase(t, { env });
    const A = await start();
    const B = await start();
    const user = await registerAndLogin(A.app);
    const queries = t.mock.method(PostgresSearch.prototype, 'findMany');
    const list = async (app: typeof A.app) => {
      const res = await app.inject({ method: 'GET', url: '/recipes?ingredient=saffron&sort=title', headers: user.auth });
      return { titles: res.json().map((r: { title: string }) => r.title), total: res.headers['x-total-count'] };
    };

    // The cache keeps an answer from its query's second request (and serves it from the third).
    for (let i = 0; i < 3; i++) assert.deepEqual(await list(B.app), { titles: [], total: '0' });
    assert.equal(queries.mock.callCount(), 2, 'the third identical list is served from the cache');

    const r = (await createRecipe(A.app, user, { title: 'Paella', ingredients: 'rice, saffron' })).json();
    assert.deepEqual(await list(B.app), { titles: ['Paella'], total: '1' });
    await B.app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: user.auth, payload: { title: 'Arroz' } });
    assert.deepEqual(await list(A.app), { titles: ['Arroz'], total: '1' });
    assert.deepEqual(await list(B.app), { titles: ['Arroz'], total: '1' });
    assert.deepEqual(await list(A.app), { titles: ['Arroz'], total: '1' }, 'asked twice on A: now kept there');
    const calls = queries.mock.callCount();
    assert.deepEqual(await list(A.app), { titles: ['Arroz'], total: '1' });
    assert.equal(queries.mock.callCount(), calls, 'unchanged data is served from the cache');
    assert.equal((await A.app.inject({ method: 'DELETE', url: `/recipes/${r.id}`, headers: user.auth })).statusCode, 204);
    assert.deepEqual(await list(B.app), { titles: [], total: '0' });

    // A write that bypasses the service (by hand, in SQL) is seen once the cached answer is too old.
    await sql`INSERT INTO recipes (title, ingredients, time_minutes, owner_id, created_at, updated_at)
    VALUES ('Hand-made saffron buns', 'saffron', 5, ${user.id}, '2025-01-31T18:30:00.000Z', '2025-01-31T18:30:00.000Z')`.execute(B.app.db);
    assert.deepEqual(await list(B.app), { titles: [], total: '0' }, 'still the cached answer');
    B.clock.advance(SHARED_LIST_MAX_AGE_MS + 1);
    assert.deepEqual(await list(B.app), { titles: ['Hand-made saffron buns'], total: '1' });
  },
);

test('an answer is kept from the second time its query is asked; a stream of distinct searches stores none', { skip }, async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  await createRecipe(app, user, { title: 'Kept soup' });
  const stats = () => ({ ...app.recipeListCaches.recipes.stats });
  const get = async (url: string) => (await app.inject({ method: 'GET', url, headers: user.auth })).json();
  for (let i = 0; i < 600; i++) await get(`/recipes?q=soup&offset=${i % 600}`);
  assert.deepEqual(stats(), { hits: 0, stored: 0 }, 'distinct queries: nothing stored');
  assert.equal((await get('/recipes?q=kept')).length, 1);
  assert.deepEqual(stats(), { hits: 0, stored: 0 });
  await get('/recipes?q=kept');
  assert.deepEqual(stats(), { hits: 0, stored: 1 }, 'asked again: stored');
  assert.equal((await get('/recipes?q=kept'))[0].title, 'Kept soup');
  assert.deepEqual(stats(), { hits: 1, stored: 1 }, 'and served');
});
