// Shopping lists through the API: typed lines merging (201 new, 200 merged), recipes at servings,
// the plan's range, the pantry, removing a recipe's amounts, aisles remembered per household,
// another household's list 404, every route refusing bad tokens, and racing changes to one list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CHEAP_HASHING_ENV, buildTestApp, createRecipe, registerAndLogin, type LoggedInUser } from '../helpers/build.js';
import { forgeToken, tamperToken } from '../helpers/tokens.js';

const env = { ...CHEAP_HASHING_ENV, RATE_LIMIT_REGISTER_PER_IP: '1000' };
type Method = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
const call = (app: FastifyInstance, user: LoggedInUser, method: Method, url: string, payload?: object) =>
  app.inject({ method, url, headers: user.auth, payload });
const texts = (list: { items: { text: string }[] }) => list.items.map((i) => i.text);

async function newList(app: FastifyInstance, user: LoggedInUser, name = 'Week') {
  const res = await call(app, user, 'POST', '/lists', { name });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as number;
}

test('lines merge into items; recipes at servings; pantry skipped; a recipe’s amounts come back out', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const ana = await registerAndLogin(app);
  const bob = await registerAndLogin(app);
  const code = (await call(app, ana, 'POST', '/household/invitations')).json().code;
  await call(app, bob, 'POST', '/household/join', { code });
  const id = await newList(app, ana);

  const first = await call(app, ana, 'POST', `/lists/${id}/items`, { text: '2 onions' });
  assert.equal(first.statusCode, 201, first.body);
  const second = await call(app, bob, 'POST', `/lists/${id}/items`, { text: '1 onion' });
  assert.equal(second.statusCode, 200, 'merged into the household’s item');
  assert.equal(second.json().text, '3 onions');
  assert.equal(second.json().id, first.json().id);
  assert.equal((await call(app, ana, 'POST', `/lists/${id}/items`, { text: 'peanut butter' })).statusCode, 201);
  assert.equal((await call(app, ana, 'POST', `/lists/${id}/items`, { text: 'butter' })).statusCode, 201, 'different foods stay apart');

  const bread = (
    await createRecipe(app, ana, {
      title: 'Bread',
      servings: 2,
      ingredients: '250 g flour\n1 cup flour\n1 tsp salt\n2 onions\nsalt and pepper',
    })
  ).json();
  const added = await call(app, bob, 'POST', `/lists/${id}/recipes`, { recipe_id: bread.id, servings: 4 });
  assert.equal(added.statusCode, 200, added.body);
  const list = added.json();
  assert.ok(texts(list).includes('750 g flour'), texts(list).join(' | '));
  assert.ok(texts(list).includes('7 onions'), '3 typed + 4 from the recipe at double servings');
  assert.ok(!texts(list).some((t: string) => /salt/.test(t)), 'salt is in the default pantry');
  assert.equal(list.skipped.by_reason.pantry, 3, 'salt twice and pepper (black pepper is in the default pantry)');

  const removed = await call(app, ana, 'DELETE', `/lists/${id}/recipes/${bread.id}`);
  assert.equal(removed.statusCode, 200);
  assert.deepEqual(texts(removed.json()), ['3 onions', 'peanut butter', 'butter']);

  // Pantry: set, tidied, used.
  const pantry = await call(app, ana, 'PUT', '/household/pantry', { foods: [' flour ', '', 'farinha de trigo', 'pepper'] });
  assert.deepEqual(pantry.json(), { foods: ['flour', 'pepper'] });
  assert.deepEqual((await call(app, bob, 'GET', '/household/pantry')).json(), { foods: ['flour', 'pepper'] });
  const again = (await call(app, ana, 'POST', `/lists/${id}/recipes`, { recipe_id: bread.id })).json();
  assert.ok(
    texts(again).some((t: string) => t.endsWith('salt')),
    'salt is no longer in the pantry',
  );
  assert.ok(!texts(again).some((t: string) => /flour|pepper/.test(t)));

  // A checked item never absorbs; clearing takes checked items away.
  const onions = again.items.find((i: { text: string }) => i.text.endsWith('onions'));
  const checked = await call(app, bob, 'PATCH', `/lists/${id}/items/${onions.id}`, { checked: true });
  assert.equal(checked.json().checked, true);
  assert.equal((await call(app, ana, 'POST', `/lists/${id}/items`, { text: '1 onion' })).statusCode, 201);
  const cleared = (await call(app, ana, 'POST', `/lists/${id}/clear-checked`)).json();
  assert.ok(!cleared.items.some((i: { id: string }) => i.id === onions.id));
  assert.deepEqual((await call(app, ana, 'GET', '/lists')).json(), [{ id, name: 'Week', items: cleared.items.length, checked: 0 }]);

  // The aisle chosen by hand is remembered for the food.
  const butter = cleared.items.find((i: { text: string }) => i.text === 'butter');
  assert.equal((await call(app, ana, 'PATCH', `/lists/${id}/items/${butter.id}`, { category: 'frozen' })).json().category, 'frozen');
  const other = await newList(app, bob, 'Other');
  assert.equal((await call(app, bob, 'POST', `/lists/${other}/items`, { text: '200 g butter' })).json().category, 'frozen');
  const edited = await call(app, ana, 'PATCH', `/lists/${id}/items/${butter.id}`, { text: '3 lemons' });
  assert.equal(edited.json().text, '3 lemons');
  assert.equal(edited.json().category, 'produce');

  for (const bad of [{ text: '' }, { text: '   ' }, {}, { text: 'x', extra: 1 }])
    assert.equal((await call(app, ana, 'POST', `/lists/${id}/items`, bad)).statusCode, 400, JSON.stringify(bad));
  assert.equal((await call(app, ana, 'PATCH', `/lists/${id}/items/${butter.id}`, {})).statusCode, 400);
  assert.equal((await call(app, ana, 'PATCH', `/lists/${id}/items/nope`, { checked: true })).statusCode, 404);
  assert.equal((await call(app, ana, 'DELETE', `/lists/${id}/items/${butter.id}`)).statusCode, 204);
  assert.equal((await call(app, ana, 'DELETE', `/lists/${id}/items/${butter.id}`)).statusCode, 404);
  assert.equal((await call(app, ana, 'POST', `/lists/${id}/recipes`, { recipe_id: 999_999 })).statusCode, 404);
  assert.equal((await call(app, ana, 'DELETE', `/lists/${other}`)).statusCode, 204);
  assert.equal((await call(app, ana, 'GET', `/lists/${other}`)).statusCode, 404);
});

test('the plan’s range goes on a list at its planned servings; other households get 404', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const ana = await registerAndLogin(app);
  const eve = await registerAndLogin(app);
  const soup = (await createRecipe(app, ana, { title: 'Soup', servings: 2, ingredients: '2 carrots\n500 ml stock' })).json();
  for (const [date, servings] of [
    ['2026-12-07', 2],
    ['2026-12-09', 4],
    ['2026-12-20', 2],
  ] as const)
    await call(app, ana, 'POST', '/plan', { date, slot: 'dinner', recipe_id: soup.id, servings });
  await call(app, ana, 'POST', '/plan', { date: '2026-12-08', slot: 'lunch', note: 'out' });
  const id = await newList(app, ana);
  const res = await call(app, ana, 'POST', `/lists/${id}/plan`, { from: '2026-12-07', to: '2026-12-13' });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(texts(res.json()), ['6 carrots', '1.5 l stock']);
  // Again: every item takes the new lines (one statement for them all on PostgreSQL), stored as answered.
  const twice = await call(app, ana, 'POST', `/lists/${id}/plan`, { from: '2026-12-07', to: '2026-12-13' });
  assert.deepEqual(texts(twice.json()), ['12 carrots', '3 l stock']);
  assert.deepEqual(texts((await call(app, ana, 'GET', `/lists/${id}`)).json()), ['12 carrots', '3 l stock']);
  const stored = await app.db
    .selectFrom('list_items')
    .select(['sources', 'position'])
    .where('list_id', '=', id)
    .orderBy('position')
    .execute();
  assert.deepEqual(
    stored.map((r) => [r.position, JSON.parse(r.sources).length]),
    [
      [1, 4],
      [2, 4],
    ],
    'each item keeps the lines of both additions, in its place',
  );
  assert.equal((await call(app, ana, 'POST', `/lists/${id}/plan`, { from: '2026-12-07', to: '2026-06-01' })).statusCode, 400);

  const secret = (await createRecipe(app, eve)).json();
  await app.db.updateTable('recipes').set({ visibility: 'private' }).where('id', '=', secret.id).execute();
  assert.equal((await call(app, ana, 'POST', `/lists/${id}/recipes`, { recipe_id: secret.id })).statusCode, 404);
  const item = res.json().items[0].id;
  for (const [method, url, payload] of [
    ['GET', `/lists/${id}`],
    ['PATCH', `/lists/${id}`, { name: 'mine' }],
    ['DELETE', `/lists/${id}`],
    ['POST', `/lists/${id}/items`, { text: 'eggs' }],
    ['POST', `/lists/${id}/recipes`, { recipe_id: soup.id }],
    ['POST', `/lists/${id}/plan`, { from: '2026-12-07', to: '2026-12-13' }],
    ['PATCH', `/lists/${id}/items/${item}`, { checked: true }],
    ['DELETE', `/lists/${id}/items/${item}`],
    ['POST', `/lists/${id}/clear-checked`],
    ['POST', `/lists/${id}/events/ticket`],
  ] as [Method, string, object?][])
    assert.equal((await call(app, eve, method, url, payload)).statusCode, 404, `${method} ${url}`);
  assert.deepEqual(texts((await call(app, ana, 'GET', `/lists/${id}`)).json()), ['12 carrots', '3 l stock']);

  const expired = await forgeToken(ana.id, {
    claims: { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 },
  });
  for (const headers of [
    {},
    { authorization: `Bearer ${expired}` },
    { authorization: `Bearer ${tamperToken(ana.token, { sub: String(eve.id) })}` },
  ])
    for (const [method, url] of [
      ['GET', '/lists'],
      ['GET', `/lists/${id}`],
      ['POST', `/lists/${id}/items`],
      ['PATCH', `/lists/${id}/items/${item}`],
      ['GET', '/household/pantry'],
      ['GET', `/lists/${id}/events`],
      ['POST', `/lists/${id}/events/ticket`],
    ] as [Method, string][])
      assert.equal(
        (await app.inject({ method, url, headers, payload: method === 'GET' ? undefined : { text: 'x', checked: true } })).statusCode,
        401,
        `${method} ${url}`,
      );
});

test('racing changes to one list: no lost line, no corrupt item, last write wins per field', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const ana = await registerAndLogin(app);
  const bob = await registerAndLogin(app);
  const code = (await call(app, ana, 'POST', '/household/invitations')).json().code;
  await call(app, bob, 'POST', '/household/join', { code });
  for (let round = 0; round < 15; round++) {
    const id = await newList(app, ana, `Race ${round}`);
    const item = (await call(app, ana, 'POST', `/lists/${id}/items`, { text: '1 lemon' })).json();
    const results = await Promise.all([
      call(app, ana, 'PATCH', `/lists/${id}/items/${item.id}`, { checked: true }),
      call(app, bob, 'PATCH', `/lists/${id}/items/${item.id}`, { checked: false }),
      call(app, bob, 'PATCH', `/lists/${id}/items/${item.id}`, { checked: true }),
      ...Array.from({ length: 6 }, (_, i) => call(app, i % 2 ? ana : bob, 'POST', `/lists/${id}/items`, { text: '2 onions' })),
      call(app, ana, 'PATCH', `/lists/${id}/items/${item.id}`, { category: 'frozen' }),
    ]);
    for (const r of results) assert.ok(r.statusCode === 200 || r.statusCode === 201, r.body);
    const list = (await call(app, bob, 'GET', `/lists/${id}`)).json();
    assert.deepEqual(texts(list), ['1 lemon', '12 onions'], `round ${round}: every line counted once, in one item`);
    const lemon = list.items[0];
    assert.equal(lemon.category, 'frozen');
    assert.equal(typeof lemon.checked, 'boolean');
    const events = await app.db.selectFrom('list_events').select('id').where('list_id', '=', id).execute();
    assert.equal(events.length, 11, 'one event per change');
  }
});
