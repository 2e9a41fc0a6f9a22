// Tags: normalised on create and update, ?tag= filters (all must match) combined with
// every other filter, GET /tags counts, and cached listings notice every tag change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  CHEAP_HASHING_ENV,
  buildTestApp,
  createRecipe,
  instancesOnOneDatabase,
  registerAndLogin,
  sqliteFileDatabase,
  testDatabaseUrl,
  type LoggedInUser,
} from '../helpers/build.js';
import { redisEnv } from '../helpers/redis.js';
import { needsPostgres, redisSkipReason } from '../helpers/services.js';
import { PostgresSearch } from '../../src/modules/recipes/search/postgres.js';

async function list(app: FastifyInstance, user: LoggedInUser, query: string) {
  const res = await app.inject({ method: 'GET', url: `/recipes?${query}`, headers: user.auth });
  assert.equal(res.statusCode, 200, res.body);
  return { titles: res.json().map((r: { title: string }) => r.title) as string[], total: Number(res.headers['x-total-count']) };
}

async function tagCounts(app: FastifyInstance, user: LoggedInUser, query = '') {
  const res = await app.inject({ method: 'GET', url: `/tags${query}`, headers: user.auth });
  assert.equal(res.statusCode, 200, res.body);
  return { tags: res.json() as { tag: string; recipes: number }[], total: Number(res.headers['x-total-count']) };
}

test('tags are normalised on create and read back on every recipe response', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const created = await createRecipe(app, user, { tags: ['  Vegan ', 'QUICK', 'vegan', 'Weeknight   Dinner', 'ｃａｆé'] });
  const expected = ['vegan', 'quick', 'weeknight dinner', 'café'];
  assert.deepEqual(created.json().tags, expected);
  const got = await app.inject({ method: 'GET', url: `/recipes/${created.json().id}`, headers: user.auth });
  assert.deepEqual(got.json().tags, expected);
  const listed = await app.inject({ method: 'GET', url: '/recipes', headers: user.auth });
  assert.deepEqual(listed.json()[0].tags, expected);
  // A recipe without tags has [].
  assert.deepEqual((await createRecipe(app, user, { title: 'Plain' })).json().tags, []);
});

test('bad tags are refused with 400 {error, code} and change nothing', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const r = (await createRecipe(app, user, { title: 'Kept', tags: ['keep'] })).json();
  const bad: [unknown, string][] = [
    [['x'.repeat(41)], 'INVALID_TAGS'],
    [['   '], 'INVALID_TAGS'],
    [['a\u0000b'], 'INVALID_TAGS'],
    [['zero\u200bwidth'], 'INVALID_TAGS'],
    [Array.from({ length: 21 }, (_, i) => `t${i}`), 'VALIDATION_FAILED'],
    [[''], 'VALIDATION_FAILED'],
    [[1], 'VALIDATION_FAILED'],
    ['vegan', 'VALIDATION_FAILED'],
  ];
  for (const [tags, code] of bad) {
    const create = await app.inject({
      method: 'POST',
      url: '/recipes',
      headers: user.auth,
      payload: { title: 'X', ingredients: 'y', time_minutes: 1, tags },
    });
    assert.equal(create.statusCode, 400, `${JSON.stringify(tags)}: ${create.body}`);
    assert.equal(create.json().code, code, JSON.stringify(tags));
    assert.equal(typeof create.json().error, 'string');
    const update = await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: user.auth, payload: { title: 'Changed', tags } });
    assert.equal(update.statusCode, 400, `${JSON.stringify(tags)}: ${update.body}`);
    assert.equal(update.json().code, code);
  }
  // 41 characters before trimming but 40 after is fine; 40 non-ASCII characters too.
  assert.equal((await createRecipe(app, user, { tags: [` ${'a'.repeat(40)} `, 'é'.repeat(40)] })).statusCode, 201);
  const after = await list(app, user, 'sort=title');
  assert.deepEqual(after.titles, ['Kept', 'Saffron risotto']);
  assert.deepEqual((await app.inject({ method: 'GET', url: `/recipes/${r.id}`, headers: user.auth })).json().tags, ['keep']);
  assert.deepEqual((await tagCounts(app, user)).tags.map((c) => c.tag).sort(), ['a'.repeat(40), 'keep', 'é'.repeat(40)].sort());
});

test('an update replaces the tags; [] removes them; other updates keep them; a stale If-Match changes none', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const created = await createRecipe(app, user, { tags: ['a', 'b'] });
  const id = created.json().id;
  const put = (payload: object, headers: Record<string, string> = {}) =>
    app.inject({ method: 'PUT', url: `/recipes/${id}`, headers: { ...user.auth, ...headers }, payload });
  assert.deepEqual((await put({ title: 'Renamed' })).json().tags, ['a', 'b']);
  const replaced = await put({ tags: ['C', 'b'] });
  assert.deepEqual(replaced.json().tags, ['c', 'b']);
  assert.deepEqual((await list(app, user, 'tag=a')).total, 0);
  assert.deepEqual((await list(app, user, 'tag=c')).titles, ['Renamed']);
  const stale = await put({ tags: ['stale'] }, { 'if-match': String(created.headers.etag) });
  assert.equal(stale.statusCode, 412);
  assert.equal((await list(app, user, 'tag=stale')).total, 0);
  const fresh = await put({ tags: ['fresh'] }, { 'if-match': String(replaced.headers.etag) });
  assert.equal(fresh.statusCode, 200, fresh.body);
  assert.deepEqual(fresh.json().tags, ['fresh']);
  assert.notEqual(fresh.headers.etag, replaced.headers.etag, 'a tag change is a new version');
  assert.deepEqual((await put({ tags: [] })).json().tags, []);
  assert.deepEqual((await tagCounts(app, user)).tags, []);
});

test('?tag= needs every tag and combines with every other filter, sort and pagination', async (t) => {
  const { app } = await buildTestApp(t);
  const ana = await registerAndLogin(app);
  const bob = await registerAndLogin(app);
  const L = (user: LoggedInUser, query: string) => list(app, user, query);
  const make = (user: LoggedInUser, title: string, time: number, tags: string[], ingredients = 'rice\nonion') =>
    createRecipe(app, user, { title, time_minutes: time, tags, ingredients });
  await make(ana, 'A curry', 20, ['vegan', 'quick', 'indian'], 'chickpeas\nsaffron');
  await make(ana, 'B salad', 10, ['vegan', 'quick']);
  await make(ana, 'C stew', 90, ['vegan']);
  await make(bob, 'D wrap', 15, ['Quick', 'VEGAN']);
  await make(bob, 'E steak', 15, ['quick']);
  await make(bob, 'F saffron rice', 25, ['vegan', 'quick'], 'rice\nsaffron');

  assert.deepEqual(await L(ana, 'tag=vegan&sort=title'), {
    titles: ['A curry', 'B salad', 'C stew', 'D wrap', 'F saffron rice'],
    total: 5,
  });
  assert.deepEqual(await L(ana, 'tag=vegan&tag=quick&sort=title'), {
    titles: ['A curry', 'B salad', 'D wrap', 'F saffron rice'],
    total: 4,
  });
  assert.deepEqual(
    await L(ana, 'tag=QUICK&tag=%20Vegan&sort=title'),
    { titles: ['A curry', 'B salad', 'D wrap', 'F saffron rice'], total: 4 },
    'case-insensitive, trimmed',
  );
  assert.deepEqual(await L(ana, 'tag=vegan&tag=quick&tag=indian'), { titles: ['A curry'], total: 1 });
  assert.deepEqual(await L(ana, 'tag=vegan&tag=nope'), { titles: [], total: 0 });
  assert.deepEqual(await L(ana, 'tag=vegan&tag=quick&max_time=15&sort=time_minutes'), { titles: ['B salad', 'D wrap'], total: 2 });
  assert.deepEqual(await L(ana, 'tag=vegan&tag=quick&mine=true&sort=-title'), { titles: ['B salad', 'A curry'], total: 2 });
  assert.deepEqual(await L(ana, 'tag=vegan&ingredient=saffron&sort=title'), { titles: ['A curry', 'F saffron rice'], total: 2 });
  assert.deepEqual(await L(ana, 'tag=quick&q=saf&sort=title'), { titles: ['A curry', 'F saffron rice'], total: 2 }, 'short text filter');
  assert.deepEqual(await L(ana, 'tag=quick&q=saffron&max_time=20'), { titles: ['A curry'], total: 1 });
  assert.deepEqual(await L(ana, 'tag=vegan&sort=title&limit=2&offset=2'), { titles: ['C stew', 'D wrap'], total: 5 });
  const page = await app.inject({ method: 'GET', url: '/recipes?tag=vegan&tag=quick&limit=1&offset=1', headers: ana.auth });
  assert.match(String(page.headers.link), /tag=vegan&tag=quick/, 'the Link header keeps the tags');

  for (const bad of ['tag=', 'tag=%20%20', `tag=${'x'.repeat(41)}`, Array.from({ length: 21 }, (_, i) => `tag=t${i}`).join('&')]) {
    const res = await app.inject({ method: 'GET', url: `/recipes?${bad}`, headers: ana.auth });
    assert.equal(res.statusCode, 400, bad);
    assert.ok(res.json().error && res.json().code, bad);
  }
});

test('GET /tags counts recipes per tag, most used first, and follows deletes', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const other = await registerAndLogin(app);
  await createRecipe(app, user, { tags: ['vegan', 'quick'] });
  const r2 = (await createRecipe(app, other, { tags: ['Vegan', 'dessert'] })).json();
  await createRecipe(app, user, { tags: ['vegan', 'quick', 'asian'] });
  assert.deepEqual(await tagCounts(app, user), {
    tags: [
      { tag: 'vegan', recipes: 3 },
      { tag: 'quick', recipes: 2 },
      { tag: 'asian', recipes: 1 },
      { tag: 'dessert', recipes: 1 },
    ],
    total: 4,
  });
  assert.deepEqual(await tagCounts(app, user, '?limit=2&offset=1'), {
    tags: [
      { tag: 'quick', recipes: 2 },
      { tag: 'asian', recipes: 1 },
    ],
    total: 4,
  });
  assert.equal((await app.inject({ method: 'DELETE', url: `/recipes/${r2.id}`, headers: other.auth })).statusCode, 204);
  assert.deepEqual((await tagCounts(app, user)).tags, [
    { tag: 'quick', recipes: 2 },
    { tag: 'vegan', recipes: 2 },
    { tag: 'asian', recipes: 1 },
  ]);
  assert.equal((await app.inject({ method: 'GET', url: '/tags' })).statusCode, 401);
  for (const bad of ['?limit=0', '?limit=1001', '?offset=-1', '?bogus=1']) {
    assert.equal((await app.inject({ method: 'GET', url: `/tags${bad}`, headers: user.auth })).statusCode, 400, bad);
  }
});

test('cached listings and tag counts notice tag changes through the API', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const r = (await createRecipe(app, user, { title: 'Soup', tags: ['warm'] })).json();
  assert.deepEqual(await list(app, user, 'tag=warm'), { titles: ['Soup'], total: 1 });
  assert.deepEqual(await list(app, user, 'tag=warm'), { titles: ['Soup'], total: 1 });
  assert.deepEqual((await tagCounts(app, user)).tags, [{ tag: 'warm', recipes: 1 }]);
  await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: user.auth, payload: { tags: ['cold'] } });
  assert.deepEqual(await list(app, user, 'tag=warm'), { titles: [], total: 0 });
  assert.deepEqual(await list(app, user, 'tag=cold'), { titles: ['Soup'], total: 1 });
  assert.deepEqual((await tagCounts(app, user)).tags, [{ tag: 'cold', recipes: 1 }]);
});

test(
  'SQLite: a tag changed by hand through another connection is seen at once',
  { skip: testDatabaseUrl ? 'a second connection to one SQLite file' : false },
  async (t) => {
    const file = sqliteFileDatabase(t, 'tags-test-');
    const { app } = await buildTestApp(t, { build: { database: file.open() } });
    const user = await registerAndLogin(app);
    const r = (await createRecipe(app, user, { title: 'Soup', tags: ['warm'] })).json();
    assert.deepEqual(await list(app, user, 'tag=warm'), { titles: ['Soup'], total: 1 });
    assert.deepEqual((await tagCounts(app, user)).tags, [{ tag: 'warm', recipes: 1 }]);
    const other = file.open();
    await other.db.deleteFrom('recipe_tags').where('recipe_id', '=', r.id).execute();
    assert.deepEqual(await list(app, user, 'tag=warm'), { titles: [], total: 0 });
    assert.deepEqual((await tagCounts(app, user)).tags, []);
  },
);

test(
  "PostgreSQL with Redis: a tag change through one instance is seen by the other's cache at once",
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
    const r = (await createRecipe(A.app, user, { title: 'Soup', tags: ['warm'] })).json();
    // The cache keeps an answer from its query's second request (and serves it from the third).
    for (let i = 0; i < 3; i++) assert.deepEqual(await list(B.app, user, 'tag=warm'), { titles: ['Soup'], total: 1 });
    assert.equal(queries.mock.callCount(), 2, "the third is served from B's cache");
    assert.deepEqual((await tagCounts(B.app, user)).tags, [{ tag: 'warm', recipes: 1 }]);
    await A.app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: user.auth, payload: { tags: ['cold'] } });
    assert.deepEqual(await list(B.app, user, 'tag=warm'), { titles: [], total: 0 });
    assert.deepEqual((await tagCounts(B.app, user)).tags, [{ tag: 'cold', recipes: 1 }]);
  },
);
