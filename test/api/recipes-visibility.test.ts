// Visibility through the routes: a recipe the caller may not see is 404 on every route (304 paths
// and pictures included) and absent from every list, count, tag count and cached answer, also
// when it turns private or a member leaves after an answer was cached.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CHEAP_HASHING_ENV, buildTestApp, createRecipe, freshDatabase, registerAndLogin, type LoggedInUser } from '../helpers/build.js';
import { pngOf } from '../helpers/images.js';

const env = { ...CHEAP_HASHING_ENV, RATE_LIMIT_REGISTER_PER_IP: '1000' };

async function listed(app: FastifyInstance, user: LoggedInUser, query = '') {
  const res = await app.inject({ method: 'GET', url: `/recipes?limit=100&${query}`, headers: user.auth });
  assert.equal(res.statusCode, 200, res.body);
  return { titles: (res.json() as { title: string }[]).map((r) => r.title).sort(), total: Number(res.headers['x-total-count']) };
}

async function tagsOf(app: FastifyInstance, user: LoggedInUser) {
  const res = await app.inject({ method: 'GET', url: '/tags', headers: user.auth });
  return {
    tags: Object.fromEntries((res.json() as { tag: string; recipes: number }[]).map((r) => [r.tag, r.recipes])),
    total: res.headers['x-total-count'],
  };
}

async function household(app: FastifyInstance) {
  const ana = await registerAndLogin(app);
  const bob = await registerAndLogin(app);
  const carl = await registerAndLogin(app);
  const code = (await app.inject({ method: 'POST', url: '/household/invitations', headers: ana.auth })).json().code;
  assert.equal((await app.inject({ method: 'POST', url: '/household/join', headers: bob.auth, payload: { code } })).statusCode, 200);
  return { ana, bob, carl };
}

test('private, household and public recipes: who sees what on every route', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const { ana, bob, carl } = await household(app);
  const mine = (await createRecipe(app, ana, { title: 'Private soup', tags: ['soup'], visibility: 'private' })).json();
  const ours = (await createRecipe(app, ana, { title: 'Household stew', tags: ['stew', 'soup'], visibility: 'household' })).json();
  const all = (await createRecipe(app, ana, { title: 'Public salad', tags: ['salad'] })).json();
  assert.deepEqual([mine.visibility, ours.visibility, all.visibility], ['private', 'household', 'public']);

  const sees = { ana: [mine, ours, all], bob: [ours, all], carl: [all] };
  for (const [name, user] of [
    ['ana', ana],
    ['bob', bob],
    ['carl', carl],
  ] as const) {
    const visible = sees[name].map((r) => r.title).sort();
    for (const query of ['', 'fields=summary', 'q=s', 'ingredient=rice', 'sort=title', 'max_time=100', 'tag=soup&tag=stew']) {
      const got = await listed(app, user, query);
      const expected = query.startsWith('tag=') ? visible.filter((t) => t === 'Household stew') : visible;
      assert.deepEqual(got.titles, expected, `${name} ${query}`);
      assert.equal(got.total, expected.length, `${name} ${query} X-Total-Count`);
    }
    for (const r of [mine, ours, all]) {
      const get = await app.inject({ method: 'GET', url: `/recipes/${r.id}`, headers: user.auth });
      const visibleToThem = sees[name].includes(r);
      assert.equal(get.statusCode, visibleToThem ? 200 : 404, `${name} GET ${r.title}`);
      // The 304 path answers 404 too: an ETag does not reveal a hidden recipe.
      const cond = await app.inject({
        method: 'GET',
        url: `/recipes/${r.id}?servings=2`,
        headers: { ...user.auth, 'if-none-match': `"${r.id}-1"` },
      });
      if (!visibleToThem) assert.equal(cond.statusCode, 404, `${name} conditional GET ${r.title}`);
      if (name === 'ana') continue;
      const put = await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: user.auth, payload: { title: 'Taken' } });
      assert.equal(put.statusCode, visibleToThem ? 403 : 404, `${name} PUT ${r.title}`);
      const del = await app.inject({ method: 'DELETE', url: `/recipes/${r.id}`, headers: user.auth });
      assert.equal(del.statusCode, visibleToThem ? 403 : 404, `${name} DELETE ${r.title}`);
      const pic = await app.inject({
        method: 'PUT',
        url: `/recipes/${r.id}/image`,
        headers: { ...user.auth, 'content-type': 'image/png' },
        payload: await pngOf(8, 8),
      });
      assert.equal(pic.statusCode, visibleToThem ? 403 : 404, `${name} PUT image ${r.title}`);
      const unpic = await app.inject({ method: 'DELETE', url: `/recipes/${r.id}/image`, headers: user.auth });
      assert.equal(unpic.statusCode, visibleToThem ? 403 : 404, `${name} DELETE image ${r.title}`);
    }
  }
  assert.deepEqual((await tagsOf(app, ana)).tags, { soup: 2, stew: 1, salad: 1 });
  assert.deepEqual((await tagsOf(app, bob)).tags, { soup: 1, stew: 1, salad: 1 });
  assert.deepEqual(await tagsOf(app, carl), { tags: { salad: 1 }, total: '1' });
  assert.deepEqual((await listed(app, ana, 'mine=true')).total, 3);
});

test('cached lists and tag counts follow a change of visibility and of membership', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const { ana, bob, carl } = await household(app);
  const r = (await createRecipe(app, ana, { title: 'Stew', tags: ['stew'] })).json();
  await createRecipe(app, carl, { title: 'Carl pie' });
  // Asked twice so the answers are kept (the cache admits an answer on its second request).
  for (let i = 0; i < 3; i++) {
    assert.deepEqual((await listed(app, carl)).titles, ['Carl pie', 'Stew']);
    assert.deepEqual((await tagsOf(app, carl)).tags, { stew: 1 });
  }
  const put = await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: ana.auth, payload: { visibility: 'household' } });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json().visibility, 'household');
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(await listed(app, carl), { titles: ['Carl pie'], total: 1 });
    assert.deepEqual((await tagsOf(app, carl)).tags, {});
    assert.deepEqual((await listed(app, bob)).titles, ['Carl pie', 'Stew']);
    assert.deepEqual((await tagsOf(app, bob)).tags, { stew: 1 });
  }
  // Bob leaves: nothing about the recipes changed, but he no longer shares Ana's household.
  assert.equal((await app.inject({ method: 'DELETE', url: `/household/members/${bob.id}`, headers: bob.auth })).statusCode, 204);
  assert.deepEqual(await listed(app, bob), { titles: ['Carl pie'], total: 1 });
  assert.deepEqual((await tagsOf(app, bob)).tags, {});
  assert.equal((await app.inject({ method: 'GET', url: `/recipes/${r.id}`, headers: bob.auth })).statusCode, 404);
  // Public again: everyone sees it, from the shared answers.
  await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: ana.auth, payload: { visibility: 'public' } });
  for (const u of [ana, bob, carl]) assert.deepEqual((await listed(app, u)).titles, ['Carl pie', 'Stew']);
  const bad = await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: ana.auth, payload: { visibility: 'secret' } });
  assert.equal(bad.statusCode, 400);
});

test("a change of visibility moves the recipe's version and ETag by every path, by hand too; no kept text or 304 shows the old one", async (t) => {
  const database = await freshDatabase(t);
  const { app } = await buildTestApp(t, { env, build: { database } });
  const { ana, bob, carl } = await household(app);
  const r = (await createRecipe(app, ana, { title: 'Stew' })).json();
  const get = (user: LoggedInUser, etag?: string) =>
    app.inject({ method: 'GET', url: `/recipes/${r.id}`, headers: { ...user.auth, ...(etag ? { 'if-none-match': etag } : {}) } });
  const inListing = async (user: LoggedInUser, query = '') => {
    const res = await app.inject({ method: 'GET', url: `/recipes?limit=100${query}`, headers: user.auth });
    return (res.json() as { id: number; visibility: string; owner_id: number }[]).find((x) => x.id === r.id);
  };
  const first = await get(ana);
  const etags = [first.headers.etag];
  // Listed (and its JSON text kept) in the first state, each listing asked twice so the answers are kept too.
  for (let i = 0; i < 2; i++) for (const q of ['', '&fields=summary']) assert.equal((await inListing(ana, q))?.visibility, 'public');

  const put = await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: ana.auth, payload: { visibility: 'household' } });
  assert.equal(put.statusCode, 200, put.body);
  etags.push(put.headers.etag);
  const afterPut = await get(ana, etags[0]);
  assert.equal(afterPut.statusCode, 200, 'the ETag from before the change no longer matches');
  assert.equal(afterPut.headers.etag, etags[1]);
  assert.equal(afterPut.json().visibility, 'household');

  // By hand (another tool, an admin at the SQL prompt): the version moves in the database itself.
  const before = await database.db.selectFrom('recipes').select('version').where('id', '=', r.id).executeTakeFirstOrThrow();
  await database.db.updateTable('recipes').set({ visibility: 'private' }).where('id', '=', r.id).execute();
  const after = await database.db.selectFrom('recipes').select('version').where('id', '=', r.id).executeTakeFirstOrThrow();
  assert.equal(after.version, before.version + 1, 'a hand edit of visibility moves the version once');
  const afterHand = await get(ana, etags[1]);
  assert.equal(afterHand.statusCode, 200, 'no 304 for the state before the hand edit');
  assert.equal(afterHand.json().visibility, 'private');
  etags.push(afterHand.headers.etag);
  for (const q of ['', '&fields=summary']) assert.equal((await inListing(ana, q))?.visibility, 'private', `listing${q}`);
  assert.equal(await inListing(bob), undefined);
  assert.equal((await get(bob)).statusCode, 404);

  // Back to household by hand: a fourth state, checked with the others at the end.
  await database.db.updateTable('recipes').set({ visibility: 'household' }).where('id', '=', r.id).execute();
  // Bob's account removed by the admin (Ana): his household recipe passes to her, with a new version.
  const shared = (await createRecipe(app, bob, { title: 'Bob soup', visibility: 'household' })).json();
  const sharedEtag = (await app.inject({ method: 'GET', url: `/recipes/${shared.id}`, headers: ana.auth })).headers.etag;
  const removed = await app.inject({ method: 'DELETE', url: `/admin/users/${bob.id}`, headers: ana.auth });
  assert.equal(removed.statusCode, 200, removed.body);
  assert.equal(removed.json().recipes_passed_on, 1);
  const passed = await app.inject({
    method: 'GET',
    url: `/recipes/${shared.id}`,
    headers: { ...ana.auth, 'if-none-match': sharedEtag! },
  });
  assert.equal(passed.statusCode, 200);
  assert.equal(passed.json().owner_id, ana.id);
  assert.notEqual(passed.headers.etag, sharedEtag);
  assert.equal(new Set([...etags, (await get(ana)).headers.etag]).size, 4, 'every state its own ETag');
  assert.equal((await get(carl)).statusCode, 404);
});

test('RECIPE_DEFAULT_VISIBILITY gives new and imported recipes their visibility unless they name one', async (t) => {
  const { app } = await buildTestApp(t, { env: { ...env, RECIPE_DEFAULT_VISIBILITY: 'household' } });
  const ana = await registerAndLogin(app);
  assert.equal((await createRecipe(app, ana)).json().visibility, 'household');
  assert.equal((await createRecipe(app, ana, { visibility: 'public' })).json().visibility, 'public');
  const text = 'Toast\n\nIngredients\n2 slices bread\n\nMethod\nToast the bread.';
  const imported = await app.inject({ method: 'POST', url: '/recipes/import', headers: ana.auth, payload: { text } });
  assert.equal(imported.statusCode, 201, imported.body);
  assert.equal(imported.json().visibility, 'household');
  const priv = await app.inject({ method: 'POST', url: '/recipes/import?visibility=private', headers: ana.auth, payload: { text } });
  assert.equal(priv.statusCode, 201, priv.body);
  assert.equal(priv.json().visibility, 'private');
  assert.equal(
    (await app.inject({ method: 'POST', url: '/recipes/import?visibility=nope', headers: ana.auth, payload: { text } })).statusCode,
    400,
  );
});
