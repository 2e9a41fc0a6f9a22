// SQLite remembers tokens that passed every check until the database's `auth` change counter
// moves, and the authenticate hook answers such a token synchronously. Whatever another
// process commits to users or revocations must end that at once: two apps over one SQLite file,
// each with its own connection, stand in for two processes.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { buildTestApp, instancesOnOneDatabase, registerAndLogin, testDatabaseUrl } from '../helpers/build.js';

const skip = testDatabaseUrl ? 'SQLite change counters (PostgreSQL has no checked-token cache)' : false;

async function twoInstances(t: TestContext) {
  const { open, start } = await instancesOnOneDatabase(t, { prefix: 'checked-tokens-' });
  const a = await start();
  const b = await start();
  return { a, b, raw: open() };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const status = async (app: Awaited<ReturnType<typeof buildTestApp>>['app'], token: string, url = '/protected') =>
  (await app.inject({ method: 'GET', url, headers: bearer(token) })).statusCode;

/** Used twice on A, so A answers it from its checked tokens (synchronously) from then on. */
async function remembered(app: Awaited<ReturnType<typeof buildTestApp>>['app'], token: string) {
  assert.equal(await status(app, token), 200);
  assert.equal(await status(app, token), 200);
  assert.ok(app.authService.recentlyChecked(token), 'A remembers the checked token');
}

test('logout through another process: the remembered token is refused at once, on every route', { skip }, async (t) => {
  const { a, b } = await twoInstances(t);
  const user = await registerAndLogin(a.app);
  await remembered(a.app, user.token);
  assert.equal((await b.app.inject({ method: 'POST', url: '/logout', headers: bearer(user.token) })).statusCode, 200);
  assert.equal(a.app.authService.recentlyChecked(user.token), undefined, 'the change counter moved');
  for (const url of ['/protected', '/me', '/recipes']) assert.equal(await status(a.app, user.token, url), 401, url);
});

test('a password change through another process refuses the remembered token at once', { skip }, async (t) => {
  const { a, b } = await twoInstances(t);
  const user = await registerAndLogin(a.app);
  await remembered(a.app, user.token);
  const res = await b.app.inject({
    method: 'PUT',
    url: '/me/password',
    headers: bearer(user.token),
    payload: { current_password: user.password, new_password: 'a different battery staple' },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(await status(a.app, user.token), 401);
});

test('a user deleted or a session version raised by any connection ends the remembered token at once', { skip }, async (t) => {
  const { a, raw } = await twoInstances(t);
  const alice = await registerAndLogin(a.app);
  const bob = await registerAndLogin(a.app);
  await remembered(a.app, alice.token);
  await remembered(a.app, bob.token);
  await raw.db
    .updateTable('users')
    .set((eb) => ({ session_version: eb('session_version', '+', 1) }))
    .where('id', '=', alice.id)
    .execute();
  assert.equal(await status(a.app, alice.token), 401, 'session version raised');
  await raw.db.deleteFrom('refresh_tokens').where('user_id', '=', bob.id).execute();
  await raw.db.deleteFrom('users').where('id', '=', bob.id).execute();
  assert.equal(await status(a.app, bob.token), 401, 'user deleted');
});

test('a remembered token still expires on time, and header variants take the full path', { skip }, async (t) => {
  const { a } = await twoInstances(t);
  const user = await registerAndLogin(a.app);
  await remembered(a.app, user.token);
  const headers = async (authorization: string) =>
    (await a.app.inject({ method: 'GET', url: '/protected', headers: { authorization } })).statusCode;
  assert.equal(await headers(`bearer ${user.token}`), 200, 'the scheme is case-insensitive');
  assert.equal(await headers(`Bearer   ${user.token}`), 200, 'several spaces');
  assert.equal(await headers(`Bearer ${user.token}x`), 401, 'a longer string is another token');
  assert.equal(await headers(`Bearer ${user.token.slice(0, -1)}`), 401, 'a shorter string too');
  assert.equal(await headers(`Bearer ${user.token} `), 401, 'trailing space');
  assert.equal(await headers(`Basic ${user.token}`), 401, 'another scheme');
  a.clock.advance((a.config.jwtAccessTtl + a.config.jwtClockToleranceSec + 1) * 1000);
  assert.equal(a.app.authService.recentlyChecked(user.token), undefined);
  assert.equal(await status(a.app, user.token), 401, 'expired');
});
