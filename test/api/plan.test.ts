// The household's meal plan: entries shared by the household, recipes the caller may see, ranges,
// another household's entries 404, every route refusing a missing, expired, tampered or forged
// token, and the calendar feed with its revocable token.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CHEAP_HASHING_ENV, buildTestApp, createRecipe, registerAndLogin, type LoggedInUser } from '../helpers/build.js';
import { forgeToken, tamperToken } from '../helpers/tokens.js';

const env = { ...CHEAP_HASHING_ENV, RATE_LIMIT_REGISTER_PER_IP: '1000' };

const call = (app: FastifyInstance, user: LoggedInUser | null, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
  app.inject({ method, url, headers: user?.auth ?? {}, payload });

async function sameHousehold(app: FastifyInstance, host: LoggedInUser, guest: LoggedInUser) {
  const code = (await call(app, host, 'POST', '/household/invitations')).json().code;
  assert.equal((await call(app, guest, 'POST', '/household/join', { code })).statusCode, 200);
}

test('the plan: shared by the household, recipe summaries, servings, moves, 404 across households', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const ana = await registerAndLogin(app);
  const bob = await registerAndLogin(app);
  const eve = await registerAndLogin(app);
  await sameHousehold(app, ana, bob);
  const risotto = (await createRecipe(app, ana, { servings: 4 })).json();

  const created = await call(app, ana, 'POST', '/plan', { date: '2026-12-07', slot: 'dinner', recipe_id: risotto.id });
  assert.equal(created.statusCode, 201, created.body);
  const entry = created.json();
  assert.deepEqual(entry.recipe, { id: risotto.id, title: 'Saffron risotto', time_minutes: 35, image: null });
  assert.equal(entry.servings, 4, 'servings default to the recipe’s');
  const note = await call(app, bob, 'POST', '/plan', { date: '2026-12-07', slot: 'breakfast', note: 'pancakes', servings: 2 });
  assert.equal(note.statusCode, 201, note.body);
  assert.equal(note.json().recipe, null);

  const week = await call(app, bob, 'GET', '/plan?from=2026-12-07&to=2026-12-13');
  assert.equal(week.statusCode, 200);
  assert.deepEqual(
    week.json().map((e: { slot: string }) => e.slot),
    ['breakfast', 'dinner'],
    'one plan for the household, breakfast before dinner',
  );
  assert.deepEqual((await call(app, eve, 'GET', '/plan?from=2026-12-07&to=2026-12-13')).json(), []);

  const moved = await call(app, bob, 'PUT', `/plan/${entry.id}`, { date: '2026-12-08', slot: 'lunch', servings: 6 });
  assert.equal(moved.statusCode, 200, moved.body);
  assert.equal(moved.json().date, '2026-12-08');
  assert.equal(moved.json().servings, 6);
  assert.equal((await call(app, ana, 'PUT', `/plan/${entry.id}`, { recipe_id: null })).statusCode, 400, 'neither recipe nor note');

  // Another household's entry is not there for them.
  for (const [method, payload] of [
    ['PUT', { note: 'mine now' }],
    ['DELETE', undefined],
  ] as const)
    assert.equal((await call(app, eve, method, `/plan/${entry.id}`, payload)).statusCode, 404);
  // A recipe the caller may not see is 404; so is one that does not exist.
  const secret = (await createRecipe(app, eve)).json();
  await app.db.updateTable('recipes').set({ visibility: 'private' }).where('id', '=', secret.id).execute();
  assert.equal((await call(app, ana, 'POST', '/plan', { date: '2026-12-09', slot: 'lunch', recipe_id: secret.id })).statusCode, 404);
  assert.equal((await call(app, ana, 'POST', '/plan', { date: '2026-12-09', slot: 'lunch', recipe_id: 999_999 })).statusCode, 404);
  const householdOnly = (await createRecipe(app, bob, { title: 'Family stew' })).json();
  await app.db.updateTable('recipes').set({ visibility: 'household' }).where('id', '=', householdOnly.id).execute();
  assert.equal((await call(app, ana, 'POST', '/plan', { date: '2026-12-09', slot: 'lunch', recipe_id: householdOnly.id })).statusCode, 201);
  assert.equal((await call(app, eve, 'POST', '/plan', { date: '2026-12-09', slot: 'lunch', recipe_id: householdOnly.id })).statusCode, 404);

  // Bad input changes nothing.
  for (const bad of [
    { date: '2026-02-30', slot: 'dinner', note: 'x' },
    { date: '2026-12-07', slot: 'brunch', note: 'x' },
    { date: '2026-12-07', slot: 'dinner' },
    { date: '2026-12-07', slot: 'dinner', note: 'x', servings: 0 },
    { date: '2026-12-07', slot: 'dinner', note: 'x', extra: 1 },
  ]) {
    const res = await call(app, ana, 'POST', '/plan', bad);
    assert.equal(res.statusCode, 400, JSON.stringify(bad));
    assert.equal(typeof res.json().code, 'string');
  }
  for (const q of ['from=2026-12-07', 'from=2026-12-07&to=2026-12-06', 'from=2026-01-01&to=2026-04-03', 'from=2026-13-01&to=2026-13-02'])
    assert.equal((await call(app, ana, 'GET', `/plan?${q}`)).statusCode, 400, q);
  assert.equal((await call(app, ana, 'GET', '/plan?from=2026-01-01&to=2026-04-03')).statusCode, 400, '93 days');
  assert.equal((await call(app, ana, 'GET', '/plan?from=2026-01-01&to=2026-04-02')).statusCode, 200, '92 days');
  assert.equal((await call(app, ana, 'GET', '/plan?from=2026-12-01&to=2026-12-31')).json().length, 3);

  assert.equal((await call(app, bob, 'DELETE', `/plan/${entry.id}`)).statusCode, 204);
  assert.equal((await call(app, bob, 'DELETE', `/plan/${entry.id}`)).statusCode, 404);
});

test('plan routes refuse a missing, expired, tampered or forged token', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const ana = await registerAndLogin(app);
  const expired = await forgeToken(ana.id, {
    claims: { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 },
  });
  const tampered = tamperToken(ana.token, { sub: String(ana.id + 1) });
  const wrongKey = await forgeToken(ana.id, { secret: 'another-secret-that-is-long-enough-for-hs256-000000' });
  const routes: [string, string, object?][] = [
    ['GET', '/plan?from=2026-12-07&to=2026-12-08'],
    ['POST', '/plan', { date: '2026-12-07', slot: 'dinner', note: 'x' }],
    ['PUT', '/plan/1', { note: 'x' }],
    ['DELETE', '/plan/1'],
    ['POST', '/plan/feed-token'],
    ['DELETE', '/plan/feed-token'],
  ];
  for (const [method, url, payload] of routes)
    for (const headers of [
      {},
      { authorization: `Bearer ${expired}` },
      { authorization: `Bearer ${tampered}` },
      { authorization: `Bearer ${wrongKey}` },
    ]) {
      const res = await app.inject({ method: method as 'GET', url, headers, payload });
      assert.equal(res.statusCode, 401, `${method} ${url} ${JSON.stringify(headers).slice(0, 30)}`);
    }
  assert.equal((await app.db.selectFrom('plan_entries').select('id').execute()).length, 0);
});

test('the calendar feed: a token kept hashed, the household’s plan, revoked and replaced', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const ana = await registerAndLogin(app);
  const eve = await registerAndLogin(app);
  const recipe = (await createRecipe(app, ana, { title: 'Soup; with, commas', servings: 2 })).json();
  const today = new Date().toISOString().slice(0, 10);
  await call(app, ana, 'POST', '/plan', { date: today, slot: 'dinner', recipe_id: recipe.id, note: 'line one\nline two' });
  await call(app, eve, 'POST', '/plan', { date: today, slot: 'lunch', note: 'Eve’s lunch' });

  assert.equal((await app.inject({ url: '/plan.ics' })).statusCode, 401, 'no token');
  const made = await call(app, ana, 'POST', '/plan/feed-token');
  assert.equal(made.statusCode, 201);
  const { token, url } = made.json();
  const stored = await app.db.selectFrom('plan_feed_tokens').selectAll().execute();
  assert.ok(!JSON.stringify(stored).includes(token), 'only the hash is kept');

  const feed = await app.inject({ url });
  assert.equal(feed.statusCode, 200, feed.body);
  assert.match(String(feed.headers['content-type']), /^text\/calendar/);
  assert.match(feed.body, /^BEGIN:VCALENDAR\r\n/);
  assert.match(feed.body, /SUMMARY:Dinner: Soup\\; with\\, commas\r\n/);
  assert.match(feed.body, /DESCRIPTION:line one\\nline two\\nServings: 2\r\n/);
  assert.doesNotMatch(feed.body, /Eve/, 'another household’s plan is not in the feed');
  assert.ok(feed.body.split('\r\n').every((l) => Buffer.byteLength(l) <= 75));

  const tamperedToken = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
  assert.equal((await app.inject({ url: `/plan.ics?token=${tamperedToken}` })).statusCode, 401, 'tampered');
  const evesToken = (await call(app, eve, 'POST', '/plan/feed-token')).json().token;
  assert.doesNotMatch((await app.inject({ url: `/plan.ics?token=${evesToken}` })).body, /Soup/, 'a token shows its own household only');

  const replaced = (await call(app, ana, 'POST', '/plan/feed-token')).json().token;
  assert.equal((await app.inject({ url })).statusCode, 401, 'the old token stops working');
  assert.equal((await app.inject({ url: `/plan.ics?token=${replaced}` })).statusCode, 200);
  assert.equal((await call(app, ana, 'DELETE', '/plan/feed-token')).statusCode, 204);
  assert.equal((await app.inject({ url: `/plan.ics?token=${replaced}` })).statusCode, 401, 'revoked');
  assert.equal((await call(app, ana, 'DELETE', '/plan/feed-token')).statusCode, 404);
});
