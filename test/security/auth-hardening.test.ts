// Password policy counted the way the password is hashed (NFKC), a password change that changes
// nothing refused, the Bearer scheme matched case-insensitively (RFC 9110), and /metrics not
// public in production unless configured so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig } from '../../src/config.js';
import { CHEAP_HASHING_ENV, TEST_SECRET, buildTestApp, registerAndLogin, uniqueUsername } from '../helpers/build.js';

function register(app: FastifyInstance, password: string, username = uniqueUsername('pw')) {
  return app.inject({ method: 'POST', url: '/register', payload: { username, password } });
}

function changePassword(app: FastifyInstance, token: string, current: string, next: string) {
  return app.inject({
    method: 'PUT',
    url: '/me/password',
    headers: { authorization: `Bearer ${token}` },
    payload: { current_password: current, new_password: next },
  });
}

async function userCount(app: FastifyInstance): Promise<number> {
  return Number(
    (
      await app.db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

test('the 8-character minimum counts code points after NFKC, on register and password change alike', async (t) => {
  const { app } = await buildTestApp(t, { env: CHEAP_HASHING_ENV });
  // Eight UTF-16 code units typed, four characters ("é") once normalized.
  const combining = 'e\u0301'.repeat(4);
  assert.equal(combining.length, 8);
  const short = await register(app, combining);
  assert.equal(short.statusCode, 400, short.body);
  assert.equal(short.json().code, 'PASSWORD_TOO_SHORT');
  assert.equal(short.json().details[0].path, 'body.password', 'the field is named, for a form to show the error beside it');
  assert.match(short.json().error, /8/);
  // Compatibility forms fold too: "Ⅻ" (one code point) becomes "XII" (three), "ﬁ" becomes "fi".
  assert.equal((await register(app, 'ﬁﬁﬁ\u2160')).statusCode, 400, 'ﬁﬁﬁⅠ is 7 code points after NFKC');
  assert.equal(await userCount(app), 0, 'nothing was created');
  const okCombining = 'e\u0301'.repeat(8);
  assert.equal((await register(app, okCombining)).statusCode, 201, 'eight é are eight characters');
  assert.equal((await register(app, 'ﬁﬁﬁﬁ\u2160')).statusCode, 201, 'ﬁﬁﬁﬁⅠ is 9 code points after NFKC');
  // Astral characters count once each, not as two UTF-16 units.
  assert.equal((await register(app, '😀'.repeat(4))).statusCode, 400, 'four emoji are four characters');
  assert.equal((await register(app, '😀'.repeat(8))).statusCode, 201);

  const user = await registerAndLogin(app);
  const change = await changePassword(app, user.token, user.password, combining);
  assert.equal(change.statusCode, 400);
  assert.equal(change.json().code, 'PASSWORD_TOO_SHORT');
  assert.equal(
    (await app.inject({ method: 'GET', url: '/protected', headers: user.auth })).statusCode,
    200,
    'a refused change revokes nothing',
  );
  assert.equal((await changePassword(app, user.token, user.password, okCombining)).statusCode, 200);
  const relogin = await app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password: '\u00e9'.repeat(8) } });
  assert.equal(relogin.statusCode, 200, 'the NFC spelling of the new password logs in');
});

test('a registered password that normalizes longer still logs in, whatever its typed length', async (t) => {
  const { app } = await buildTestApp(t, { env: CHEAP_HASHING_ENV });
  const user = await registerAndLogin(app, uniqueUsername(), 'ffffffff');
  // "ﬀ" is "ff" after NFKC: four typed characters are the same password.
  const res = await app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password: 'ﬀﬀﬀﬀ' } });
  assert.equal(res.statusCode, 200, res.body);
});

test('PUT /me/password refuses a new password equal to the current one (also in another normalization form)', async (t) => {
  const { app } = await buildTestApp(t, { env: CHEAP_HASHING_ENV });
  const user = await registerAndLogin(app, uniqueUsername(), 'Café crème 42');
  for (const next of ['Café crème 42', 'Café crème 42'.normalize('NFD')]) {
    const res = await changePassword(app, user.token, user.password, next);
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(res.json(), {
      error: 'The new password must differ from the current one',
      code: 'PASSWORD_UNCHANGED',
      details: [{ path: 'body.new_password', message: 'must differ from the current password' }],
    });
  }
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: user.auth })).statusCode, 200, 'the session was not ended');
  assert.equal((await changePassword(app, user.token, user.password, 'café crème 42')).statusCode, 200, 'case is a difference');
});

test('the Bearer scheme is case-insensitive (RFC 9110), and anything else is still refused', async (t) => {
  const { app } = await buildTestApp(t, { env: CHEAP_HASHING_ENV });
  const user = await registerAndLogin(app);
  for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
    const res = await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `${scheme} ${user.token}` } });
    assert.equal(res.statusCode, 200, `${scheme}: ${res.body}`);
  }
  assert.equal(
    (await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `bearer  ${user.token}` } })).statusCode,
    200,
    '1*SP',
  );
  for (const header of [
    `Basic ${user.token}`,
    `Bearer${user.token}`,
    `Bearerx ${user.token}`,
    `bearer ${user.token} x`,
    `Token ${user.token}`,
  ]) {
    const res = await app.inject({ method: 'GET', url: '/protected', headers: { authorization: header } });
    assert.equal(res.statusCode, 401, header.slice(0, 12));
    assert.equal(res.json().code, 'UNAUTHORIZED');
  }
});

test('/metrics in production: refused without METRICS_TOKEN unless METRICS_PUBLIC=true; a token works with any scheme case', async (t) => {
  const prod = { NODE_ENV: 'production', JWT_SECRET: TEST_SECRET };
  const closed = await buildTestApp(t, { env: prod });
  assert.equal(closed.config.metricsPublic, false);
  const refused = await closed.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'FORBIDDEN');
  assert.match(refused.json().error, /METRICS_TOKEN/);

  const open = await buildTestApp(t, { env: { ...prod, METRICS_PUBLIC: 'true' } });
  const served = await open.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(served.statusCode, 200);
  assert.match(served.body, /http_requests_total|process_cpu/);

  const token = 'metrics-token-0123456789';
  const tokened = await buildTestApp(t, { env: { ...prod, METRICS_TOKEN: token } });
  const noToken = await tokened.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(noToken.statusCode, 401);
  assert.equal(noToken.json().code, 'UNAUTHORIZED');
  assert.equal(
    (await tokened.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode,
    401,
  );
  for (const scheme of ['Bearer', 'bearer']) {
    assert.equal(
      (await tokened.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `${scheme} ${token}` } })).statusCode,
      200,
      scheme,
    );
  }

  // Outside production it stays open by default (development convenience), and can be closed.
  const dev = await buildTestApp(t);
  assert.equal((await dev.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
  const devClosed = await buildTestApp(t, { env: { METRICS_PUBLIC: 'false' } });
  assert.equal((await devClosed.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 403);
  assert.throws(() => loadConfig({ ...prod, METRICS_PUBLIC: 'yes please' }), ConfigError);
});
