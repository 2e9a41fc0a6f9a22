// The refresh-token lifecycle: rotation, reuse detection, concurrent refresh, logout, password
// change, and the two token kinds never standing in for each other. Time moves by the
// injectable clock only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function refresh(app: FastifyInstance, refreshToken: string) {
  return app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: refreshToken } });
}

async function status(app: FastifyInstance, token: string, url = '/protected', method: 'GET' | 'POST' = 'GET'): Promise<number> {
  return (await app.inject({ method, url, headers: bearer(token) })).statusCode;
}

/** Every kind of authenticated route, so "refused at once on every route" is checked, not assumed. */
async function refusedEverywhere(app: FastifyInstance, token: string, label: string) {
  for (const [method, url] of [
    ['GET', '/protected'],
    ['GET', '/me'],
    ['GET', '/recipes'],
    ['POST', '/recipes'],
    ['POST', '/logout'],
  ] as const) {
    const res = await app.inject({
      method,
      url,
      headers: bearer(token),
      payload: method === 'POST' ? { title: 't', ingredients: 'i', time_minutes: 1 } : undefined,
    });
    assert.equal(res.statusCode, 401, `${label}: ${method} ${url} gave ${res.statusCode}`);
  }
}

test('refresh rotates: a new pair, the old refresh token spent, the new one usable', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const res = await refresh(app, user.refreshToken);
  assert.equal(res.statusCode, 200, res.body);
  const pair = res.json();
  assert.deepEqual(Object.keys(pair).sort(), ['access_token', 'expires_in', 'refresh_token', 'token_type']);
  assert.equal(pair.token_type, 'Bearer');
  assert.notEqual(pair.refresh_token, user.refreshToken);
  assert.notEqual(pair.access_token, user.token);
  assert.equal(await status(app, pair.access_token), 200);
  // The new refresh token works once more; refresh tokens are stored only as hashes.
  const again = await refresh(app, pair.refresh_token);
  assert.equal(again.statusCode, 200);
  const stored = await app.db.selectFrom('refresh_tokens').select('token_hash').execute();
  for (const row of stored) assert.ok(![user.refreshToken, pair.refresh_token].includes(row.token_hash));
});

test('reusing a spent refresh token revokes the whole family: thief and victim are both out', async (t) => {
  const { app } = await buildTestApp(t);
  const victim = await registerAndLogin(app);
  // The thief copied the refresh token and uses it first.
  const thief = (await refresh(app, victim.refreshToken)).json();
  assert.ok(thief.access_token);
  // The victim's client presents the same (now spent) token: the theft signal.
  const reuse = await refresh(app, victim.refreshToken);
  assert.equal(reuse.statusCode, 401);
  assert.match(reuse.json().error, /already used/);
  // Every token of the family is dead: the thief's new refresh token and both access tokens.
  assert.equal((await refresh(app, thief.refresh_token)).statusCode, 401);
  await refusedEverywhere(app, thief.access_token, "thief's access token");
  await refusedEverywhere(app, victim.token, "victim's access token");
  // Another login of the same user (another family) is untouched, and the victim can log in again.
  const other = await app.inject({ method: 'POST', url: '/login', payload: { username: victim.username, password: victim.password } });
  assert.equal(await status(app, other.json().access_token), 200);
});

test('two concurrent refreshes with the same token: exactly one succeeds', async (t) => {
  const { app } = await buildTestApp(t);
  for (let round = 0; round < 3; round++) {
    const user = await registerAndLogin(app);
    const results = await Promise.all(Array.from({ length: 4 }, () => refresh(app, user.refreshToken)));
    const codes = results.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [200, 401, 401, 401], `round ${round}`);
  }
});

test('logout revokes the access token at once on every route, and its refresh family', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const second = (await refresh(app, user.refreshToken)).json();
  // A second, independent session of the same user.
  const login = (await app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password: user.password } })).json();
  const other = { token: login.access_token as string, refreshToken: login.refresh_token as string };
  assert.equal(await status(app, second.access_token), 200);

  const out = await app.inject({ method: 'POST', url: '/logout', headers: bearer(second.access_token) });
  assert.equal(out.statusCode, 200);
  assert.deepEqual(out.json(), { msg: 'Logged out' });
  await refusedEverywhere(app, second.access_token, 'logged-out token');
  // The family's earlier access token and its refresh token are gone too.
  await refusedEverywhere(app, user.token, 'same family, earlier access token');
  assert.equal((await refresh(app, second.refresh_token)).statusCode, 401);
  // Other sessions of the same user keep working.
  assert.equal(await status(app, other.token), 200);
  assert.equal((await refresh(app, other.refreshToken)).statusCode, 200);
});

test('a logged-out token stays refused until it expires, including the clock tolerance', async (t) => {
  // A generous tolerance makes the gap between exp and "really expired" wide enough to see.
  const { app, clock, config } = await buildTestApp(t, { env: { JWT_CLOCK_TOLERANCE: '240' } });
  const user = await registerAndLogin(app);
  const unrelated = await registerAndLogin(app);
  assert.equal((await app.inject({ method: 'POST', url: '/logout', headers: user.auth })).statusCode, 200);
  // Past exp, but within the accepted clock skew: the deny-list entries must still be there.
  clock.advance((config.jwtAccessTtl + 200) * 1000);
  assert.equal(await status(app, unrelated.token), 200, 'tokens are still accepted this far past exp');
  assert.equal(await status(app, user.token), 401);
});

test('changing the password revokes every session of the user, access and refresh', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const second = (
    await app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password: user.password } })
  ).json();
  const bystander = await registerAndLogin(app);

  const wrong = await app.inject({
    method: 'PUT',
    url: '/me/password',
    headers: user.auth,
    payload: { current_password: 'not-the-password', new_password: 'a brand new password' },
  });
  assert.equal(wrong.statusCode, 401);
  assert.equal(await status(app, user.token), 200, 'a failed change revokes nothing');

  const res = await app.inject({
    method: 'PUT',
    url: '/me/password',
    headers: user.auth,
    payload: { current_password: user.password, new_password: 'a brand new password' },
  });
  assert.equal(res.statusCode, 200, res.body);
  for (const token of [user.token, second.access_token]) await refusedEverywhere(app, token, 'after password change');
  for (const rt of [user.refreshToken, second.refresh_token]) assert.equal((await refresh(app, rt)).statusCode, 401);
  assert.equal(
    (await app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password: user.password } })).statusCode,
    401,
  );
  const fresh = await app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password: 'a brand new password' } });
  assert.equal(fresh.statusCode, 200);
  assert.equal(await status(app, fresh.json().access_token), 200);
  assert.equal(await status(app, bystander.token), 200, 'other users are untouched');
});

test('a refresh token is never a Bearer token, and an access token is never a refresh token', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  assert.equal(await status(app, user.refreshToken), 401);
  assert.equal((await refresh(app, user.token)).statusCode, 401);
  // Neither attempt spent or revoked anything.
  assert.equal(await status(app, user.token), 200);
  assert.equal((await refresh(app, user.refreshToken)).statusCode, 200);
});

test('an expired refresh token gets 401; one just inside its lifetime still works', async (t) => {
  const { app, clock, config } = await buildTestApp(t);
  const a = await registerAndLogin(app);
  const b = await registerAndLogin(app);
  clock.advance((config.jwtRefreshTtl - 10) * 1000);
  assert.equal((await refresh(app, a.refreshToken)).statusCode, 200);
  clock.advance(20 * 1000);
  const expired = await refresh(app, b.refreshToken);
  assert.equal(expired.statusCode, 401);
  assert.equal(typeof expired.json().error, 'string');
});

test('garbage refresh tokens get 400 or 401, never 500', async (t) => {
  const { app } = await buildTestApp(t);
  for (const payload of [{}, { refresh_token: '' }, { refresh_token: 'x'.repeat(513) }, { refresh_token: 42 }]) {
    assert.equal((await app.inject({ method: 'POST', url: '/refresh', payload })).statusCode, 400, JSON.stringify(payload));
  }
  for (const rt of ['nope', "' OR 1=1 --", 'a.b.c']) assert.equal((await refresh(app, rt)).statusCode, 401);
});
