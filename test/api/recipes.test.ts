import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, createRecipe, registerAndLogin } from '../helpers/build.js';

test('create returns the whole recipe, owned by the caller', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const res = await createRecipe(app, user, {
    instructions: 'Stir.\nServe.',
    servings: 4,
    source_url: 'https://example.org/r',
    image_url: 'https://example.org/i.jpg',
  });
  const r = res.json();
  assert.deepEqual(Object.keys(r).sort(), [
    'created_at',
    'id',
    'image',
    'image_url',
    'ingredient_lines',
    'ingredients',
    'instructions',
    'owner_id',
    'servings',
    'source_url',
    'tags',
    'time_minutes',
    'title',
    'updated_at',
    'visibility',
  ]);
  assert.equal(r.owner_id, user.id);
  assert.equal(r.visibility, 'public');
  assert.equal(r.servings, 4);
  assert.equal(res.headers.location, `/recipes/${r.id}`);
  const got = await app.inject({ method: 'GET', url: `/recipes/${r.id}`, headers: user.auth });
  assert.deepEqual(got.json(), r);
  assert.equal(got.headers.etag, res.headers.etag);
});

test('invalid recipes get 400 and create nothing', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const valid = { title: 'T', ingredients: 'x', time_minutes: 1 };
  const bad: Record<string, unknown>[] = [
    {},
    { title: 'T' },
    { time_minutes: 1, ingredients: 'x' },
    { ...valid, title: '' },
    { ...valid, title: '   ' },
    { ...valid, title: 'x'.repeat(201) },
    { ...valid, ingredients: '' },
    { ...valid, ingredients: 'x'.repeat(10_001) },
    { ...valid, time_minutes: -1 },
    { ...valid, time_minutes: 10_081 },
    { ...valid, time_minutes: 1.5 },
    { ...valid, time_minutes: '30' },
    { ...valid, servings: 0 },
    { ...valid, source_url: 'javascript:alert(1)' },
    { ...valid, image_url: 'ftp://x/y' },
    { ...valid, owner_id: 999 },
    { ...valid, id: 5 },
  ];
  for (const payload of bad) {
    const res = await app.inject({ method: 'POST', url: '/recipes', headers: user.auth, payload });
    assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 80));
    assert.equal(typeof res.json().error, 'string');
  }
  const malformed = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: { ...user.auth, 'content-type': 'application/json' },
    payload: '{"title":',
  });
  assert.equal(malformed.statusCode, 400);
  const list = await app.inject({ method: 'GET', url: '/recipes', headers: user.auth });
  assert.equal(list.headers['x-total-count'], '0');
});

test('boundaries of time_minutes and lengths are accepted', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  await createRecipe(app, user, { title: 'x'.repeat(200), ingredients: 'y'.repeat(10_000), time_minutes: 10_080 });
  await createRecipe(app, user, { time_minutes: 0 });
});

test('filters: ingredient, max_time, q and mine combine', async (t) => {
  const { app } = await buildTestApp(t);
  const ana = await registerAndLogin(app);
  const bob = await registerAndLogin(app);
  const ids: Record<string, number> = {};
  for (const [who, title, ingredients, time] of [
    [ana, 'Saffron risotto', 'arborio rice\nSAFFRON threads\nparmesan', 35],
    [ana, 'Paella', 'rice, saffron, prawns', 60],
    [bob, 'Tomato soup', 'tomatoes, basil, garlic', 20],
    [bob, 'Crème brûlée', 'cream, sugar, vanilla, 100% cocoa_nibs', 90],
  ] as const) {
    ids[title] = (await createRecipe(app, who, { title, ingredients, time_minutes: time })).json().id;
  }
  const list = async (qs: string, user = ana) => {
    const res = await app.inject({ method: 'GET', url: `/recipes?${qs}`, headers: user.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res
      .json()
      .map((r: { title: string }) => r.title)
      .sort();
  };
  assert.deepEqual(await list('ingredient=saffron'), ['Paella', 'Saffron risotto']);
  assert.deepEqual(await list('ingredient=Saffron&max_time=40'), ['Saffron risotto']);
  assert.deepEqual(await list('max_time=20'), ['Tomato soup']);
  assert.deepEqual(await list('q=RISOTTO'), ['Saffron risotto']);
  assert.deepEqual(await list('q=basil'), ['Tomato soup']);
  assert.deepEqual(await list('q=rice&max_time=59'), ['Saffron risotto']);
  assert.deepEqual(await list('mine=true'), ['Paella', 'Saffron risotto']);
  assert.deepEqual(await list('mine=true', bob), ['Crème brûlée', 'Tomato soup']);
  assert.deepEqual(await list('q=rème'), ['Crème brûlée'], 'non-ASCII substring');
  // LIKE wildcards and FTS syntax in the search text are taken literally.
  assert.deepEqual(await list('ingredient=100%25'), ['Crème brûlée']);
  assert.deepEqual(await list('ingredient=%25'), ['Crème brûlée']);
  assert.deepEqual(await list('ingredient=_'), ['Crème brûlée']);
  assert.deepEqual(await list('ingredient=s_g'), [], '_ is not a wildcard (would match "sug")');
  assert.deepEqual(await list('ingredient=" OR "'), []);
  assert.deepEqual(await list('q=ri'), ['Paella', 'Saffron risotto'], 'short terms still match');
  assert.deepEqual(await list('ingredient=nothing-like-this'), []);
});

test('sorting by every key, ties broken by id', async (t) => {
  const { app, clock } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  for (const [title, time] of [
    ['b', 30],
    ['a', 10],
    ['c', 20],
  ] as const) {
    await createRecipe(app, user, { title, time_minutes: time });
    clock.advance(1000);
  }
  const titles = async (sort: string) =>
    (await app.inject({ method: 'GET', url: `/recipes?sort=${sort}`, headers: user.auth }))
      .json()
      .map((r: { title: string }) => r.title)
      .join('');
  assert.equal(await titles('-created_at'), 'cab');
  assert.equal(await titles('created_at'), 'bac');
  assert.equal(await titles('time_minutes'), 'acb');
  assert.equal(await titles('-time_minutes'), 'bca');
  assert.equal(await titles('title'), 'abc');
  assert.equal(await titles('-title'), 'cba');
  const def = (await app.inject({ method: 'GET', url: '/recipes', headers: user.auth }))
    .json()
    .map((r: { title: string }) => r.title)
    .join('');
  assert.equal(def, 'cab', 'default is newest first');
});

test('pagination: X-Total-Count and Link at the edges', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const page = async (qs: string) => {
    const res = await app.inject({ method: 'GET', url: `/recipes?${qs}`, headers: user.auth });
    assert.equal(res.statusCode, 200);
    const links = Object.fromEntries(
      String(res.headers.link)
        .split(', ')
        .map((l) => {
          const m = /^<([^>]+)>; rel="(\w+)"$/.exec(l)!;
          return [m[2], m[1]];
        }),
    );
    return { count: res.json().length, total: res.headers['x-total-count'], links };
  };
  const empty = await page('limit=2');
  assert.deepEqual(empty, { count: 0, total: '0', links: { first: '/recipes?limit=2&offset=0', last: '/recipes?limit=2&offset=0' } });

  for (let i = 0; i < 5; i++) await createRecipe(app, user, { title: `r${i}` });
  const first = await page('limit=2&sort=title');
  assert.equal(first.count, 2);
  assert.equal(first.total, '5');
  assert.equal(first.links.next, '/recipes?limit=2&sort=title&offset=2');
  assert.equal(first.links.prev, undefined);
  assert.equal(first.links.last, '/recipes?limit=2&sort=title&offset=4');

  const last = await page('limit=2&offset=4&sort=title');
  assert.equal(last.count, 1);
  assert.equal(last.total, '5');
  assert.equal(last.links.next, undefined);
  assert.equal(last.links.prev, '/recipes?limit=2&offset=2&sort=title');

  const past = await page('limit=2&offset=50');
  assert.equal(past.count, 0);
  assert.equal(past.total, '5', 'the total is known even past the end');
  assert.equal(past.links.next, undefined);
  assert.equal(past.links.prev, '/recipes?limit=2&offset=3');

  const exact = await page('limit=5');
  assert.equal(exact.count, 5);
  assert.equal(exact.links.next, undefined);
});

test('bad list parameters get 400', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  for (const qs of [
    'limit=0',
    'limit=101',
    'limit=-5',
    'limit=abc',
    'limit=99999999999999999999',
    'offset=-1',
    'offset=x',
    'sort=password_hash',
    'sort=id;drop',
    'max_time=soon',
    'max_time=-1',
    'mine=maybe',
    'bogus=1',
    `q=${'x'.repeat(201)}`,
    'ingredient=',
  ]) {
    const res = await app.inject({ method: 'GET', url: `/recipes?${qs}`, headers: user.auth });
    assert.equal(res.statusCode, 400, qs);
    assert.equal(typeof res.json().error, 'string');
  }
});

test('unknown and non-numeric ids', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  for (const method of ['GET', 'PUT', 'DELETE'] as const) {
    const payload = method === 'PUT' ? { title: 'x' } : undefined;
    assert.equal((await app.inject({ method, url: '/recipes/424242', headers: user.auth, payload })).statusCode, 404, method);
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      assert.equal((await app.inject({ method, url: `/recipes/${id}`, headers: user.auth, payload })).statusCode, 400, `${method} ${id}`);
    }
  }
});

test('partial update changes only the given fields; bad updates change nothing', async (t) => {
  const { app, clock } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const r = (await createRecipe(app, user, { instructions: 'Stir', servings: 2 })).json();
  clock.advance(5000);
  const upd = await app.inject({
    method: 'PUT',
    url: `/recipes/${r.id}`,
    headers: user.auth,
    payload: { servings: 6, instructions: null },
  });
  assert.equal(upd.statusCode, 200);
  const u = upd.json();
  assert.equal(u.servings, 6);
  assert.equal(u.instructions, null);
  assert.equal(u.title, r.title);
  assert.equal(u.created_at, r.created_at);
  assert.notEqual(u.updated_at, r.updated_at);
  for (const payload of [{}, { title: '' }, { time_minutes: 'soon' }, { owner_id: 1 }, { title: null }]) {
    const res = await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: user.auth, payload });
    assert.equal(res.statusCode, 400, JSON.stringify(payload));
  }
  const after = (await app.inject({ method: 'GET', url: `/recipes/${r.id}`, headers: user.auth })).json();
  assert.deepEqual(after, u);
});

test('only the owner may update or delete (403), others may read', async (t) => {
  const { app } = await buildTestApp(t);
  const owner = await registerAndLogin(app);
  const other = await registerAndLogin(app);
  const r = (await createRecipe(app, owner)).json();
  assert.equal((await app.inject({ method: 'GET', url: `/recipes/${r.id}`, headers: other.auth })).statusCode, 200);
  const put = await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: other.auth, payload: { title: 'Mine now' } });
  assert.equal(put.statusCode, 403);
  const del = await app.inject({ method: 'DELETE', url: `/recipes/${r.id}`, headers: other.auth });
  assert.equal(del.statusCode, 403);
  const still = await app.inject({ method: 'GET', url: `/recipes/${r.id}`, headers: owner.auth });
  assert.deepEqual(still.json(), r);
});

test('ETag and If-Match: a stale write is refused with 412 and changes nothing', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const created = await createRecipe(app, user);
  const id = created.json().id;
  const etag = String(created.headers.etag);
  const first = await app.inject({
    method: 'PUT',
    url: `/recipes/${id}`,
    headers: { ...user.auth, 'if-match': etag },
    payload: { title: 'First' },
  });
  assert.equal(first.statusCode, 200);
  assert.notEqual(first.headers.etag, etag);
  const stale = await app.inject({
    method: 'PUT',
    url: `/recipes/${id}`,
    headers: { ...user.auth, 'if-match': etag },
    payload: { title: 'Second' },
  });
  assert.equal(stale.statusCode, 412);
  const staleDelete = await app.inject({ method: 'DELETE', url: `/recipes/${id}`, headers: { ...user.auth, 'if-match': etag } });
  assert.equal(staleDelete.statusCode, 412);
  const now = await app.inject({ method: 'GET', url: `/recipes/${id}`, headers: user.auth });
  assert.equal(now.json().title, 'First');
  const del = await app.inject({
    method: 'DELETE',
    url: `/recipes/${id}`,
    headers: { ...user.auth, 'if-match': String(now.headers.etag) },
  });
  assert.equal(del.statusCode, 204);
});
