// Brute-force limits: failed logins per username and per address, registrations per address, the
// optional general limit, and which address counts (socket vs X-Forwarded-For). Windows move by
// the injectable clock, never by sleeping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CHEAP_HASHING_ENV, buildTestApp, freshDatabase, registerAndLogin, uniqueUsername } from '../helpers/build.js';
import { REDIS_SKIP, redisEnv, redisReachable } from '../helpers/redis.js';

const redisSkip = (await redisReachable()) ? false : REDIS_SKIP;

function login(app: FastifyInstance, username: string, password: string, headers: Record<string, string> = {}, remoteAddress?: string) {
  return app.inject({
    method: 'POST',
    url: '/login',
    payload: { username, password },
    headers,
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

function assert429(res: { statusCode: number; headers: Record<string, unknown>; json(): { error: string } }, maxRetryAfter: number) {
  assert.equal(res.statusCode, 429);
  assert.equal(typeof res.json().error, 'string');
  const retryAfter = Number(res.headers['retry-after']);
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= maxRetryAfter, `Retry-After ${res.headers['retry-after']}`);
  return retryAfter;
}

test('5 failed logins for a username, then 429 with Retry-After, even with the right password; allowed again after the window', async (t) => {
  const { app, clock, config } = await buildTestApp(t);
  assert.equal(config.rateLimit.loginPerUser, 5, 'the default');
  const user = await registerAndLogin(app);
  for (let i = 0; i < 5; i++) assert.equal((await login(app, user.username, `wrong-password-${i}`)).statusCode, 401, `attempt ${i + 1}`);
  const blocked = await login(app, user.username, user.password);
  const retryAfter = assert429(blocked, config.rateLimit.loginWindowSec);
  assert.match(blocked.json().error, /Too many/);
  // Case does not make a new username.
  assert429(await login(app, user.username.toUpperCase(), user.password), config.rateLimit.loginWindowSec);
  // Other users are not affected by someone else's lock.
  const other = await registerAndLogin(app);
  assert.equal((await login(app, other.username, other.password)).statusCode, 200);

  clock.advance((retryAfter - 1) * 1000);
  assert.equal((await login(app, user.username, user.password)).statusCode, 429, 'still locked a second before the window ends');
  clock.advance(1000);
  assert.equal((await login(app, user.username, user.password)).statusCode, 200, 'the window is over');
});

test('the username limit does not tell whether a user exists', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const ghost = uniqueUsername('ghost');
  const trace = async (username: string) => {
    const out: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await login(app, username, `wrong-password-${i}`);
      out.push(`${res.statusCode} ${res.json().error} ${res.headers['retry-after'] ? 'retry-after' : ''}`);
    }
    return out;
  };
  assert.deepEqual(await trace(ghost), await trace(user.username));
});

test('successful logins do not use up the limit; parallel guesses cannot exceed it', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  for (let i = 0; i < 8; i++) assert.equal((await login(app, user.username, user.password)).statusCode, 200);
  // An attempt holds a slot while its password is checked (that is what makes parallel guessing
  // exact), so up to the limit of parallel logins of one user pass.
  const ok = await Promise.all(Array.from({ length: 5 }, () => login(app, user.username, user.password)));
  assert.deepEqual(
    ok.map((r) => r.statusCode),
    Array(5).fill(200),
    'parallel successful logins of one user',
  );
  assert.equal((await login(app, user.username, user.password)).statusCode, 200, 'and their slots are given back');

  const victim = await registerAndLogin(app);
  const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => login(app, victim.username, `wrong-guess-${i}`)));
  const codes = guesses.map((r) => r.statusCode);
  assert.equal(codes.filter((c) => c === 401).length, 5, `exactly 5 guesses were checked: ${codes}`);
  assert.equal(codes.filter((c) => c === 429).length, 7);
});

test('failed logins per address: spraying many usernames from one address is limited too', async (t) => {
  const { app } = await buildTestApp(t, { env: { RATE_LIMIT_LOGIN_PER_IP: '3' } });
  const user = await registerAndLogin(app);
  for (let i = 0; i < 3; i++) assert.equal((await login(app, uniqueUsername('spray'), 'some-password')).statusCode, 401);
  assert429(await login(app, uniqueUsername('spray'), 'some-password'), 900);
  assert429(await login(app, user.username, user.password), 900);
  // Another address is not affected.
  assert.equal((await login(app, user.username, user.password, {}, '203.0.113.9')).statusCode, 200);
});

test('without TRUST_PROXY, an invented X-Forwarded-For does not dodge the limit', async (t) => {
  const { app } = await buildTestApp(t, { env: { RATE_LIMIT_LOGIN_PER_IP: '3' } });
  for (let i = 0; i < 3; i++) {
    assert.equal((await login(app, uniqueUsername('spoof'), 'some-password', { 'x-forwarded-for': `198.51.100.${i}` })).statusCode, 401);
  }
  for (const xff of ['198.51.100.77', '10.0.0.1, 198.51.100.78', '::1']) {
    assert.equal((await login(app, uniqueUsername('spoof'), 'some-password', { 'x-forwarded-for': xff })).statusCode, 429, xff);
  }
});

test('with TRUST_PROXY naming the proxy, X-Forwarded-For from it is honoured, and from anyone else is not', async (t) => {
  const { app } = await buildTestApp(t, { env: { RATE_LIMIT_LOGIN_PER_IP: '2', TRUST_PROXY: '127.0.0.1' } });
  const viaProxy = (client: string) => login(app, uniqueUsername('px'), 'some-password', { 'x-forwarded-for': client });
  assert.equal((await viaProxy('198.51.100.1')).statusCode, 401);
  assert.equal((await viaProxy('198.51.100.1')).statusCode, 401);
  assert.equal((await viaProxy('198.51.100.1')).statusCode, 429, 'the client behind the proxy is limited');
  assert.equal((await viaProxy('198.51.100.2')).statusCode, 401, 'another client behind the same proxy is not');
  // A client connecting directly (not the proxy) cannot choose its address with the header.
  const direct = (xff: string) => login(app, uniqueUsername('dx'), 'some-password', { 'x-forwarded-for': xff }, '192.0.2.50');
  assert.equal((await direct('198.51.100.10')).statusCode, 401);
  assert.equal((await direct('198.51.100.11')).statusCode, 401);
  assert.equal((await direct('198.51.100.12')).statusCode, 429);
});

test('registrations per address are limited, with Retry-After', async (t) => {
  const { app, clock } = await buildTestApp(t, { env: { RATE_LIMIT_REGISTER_PER_IP: '2', RATE_LIMIT_REGISTER_WINDOW: '3600' } });
  const register = (username: string, remoteAddress?: string) =>
    app.inject({
      method: 'POST',
      url: '/register',
      payload: { username, password: 'a long enough password' },
      ...(remoteAddress ? { remoteAddress } : {}),
    });
  assert.equal((await register(uniqueUsername())).statusCode, 201);
  assert.equal((await register(uniqueUsername())).statusCode, 201);
  const retryAfter = assert429(await register(uniqueUsername()), 3600);
  assert.equal((await register(uniqueUsername(), '203.0.113.20')).statusCode, 201, 'another address');
  clock.advance(retryAfter * 1000);
  assert.equal((await register(uniqueUsername())).statusCode, 201);
});

test('the general per-client limit is off by default, and when set it answers 429 with Retry-After', async (t) => {
  const plain = await buildTestApp(t);
  const u = await registerAndLogin(plain.app);
  assert.equal(plain.config.rateLimit.globalPerIp, 0);
  for (let i = 0; i < 50; i++)
    assert.equal((await plain.app.inject({ method: 'GET', url: '/protected', headers: u.auth })).statusCode, 200);

  const { app, clock } = await buildTestApp(t, { env: { RATE_LIMIT_GLOBAL_PER_IP: '5', RATE_LIMIT_GLOBAL_WINDOW: '60' } });
  const user = await registerAndLogin(app); // 2 requests
  for (let i = 0; i < 3; i++) assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: user.auth })).statusCode, 200);
  const res = await app.inject({ method: 'GET', url: '/protected', headers: user.auth });
  const retryAfter = assert429(res, 60);
  assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200, 'health probes are exempt');
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: user.auth, remoteAddress: '203.0.113.30' })).statusCode, 200);
  clock.advance(retryAfter * 1000);
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: user.auth })).statusCode, 200);
});

test('with Redis, login limits are shared by every instance', { skip: redisSkip }, async (t) => {
  const env = redisEnv(t);
  const database = await freshDatabase(t);
  const a = await buildTestApp(t, { env, build: { database } });
  const b = await buildTestApp(t, { env, build: { database } });
  const user = await registerAndLogin(a.app);
  for (let i = 0; i < 5; i++) {
    const app = i % 2 ? a.app : b.app;
    assert.equal((await login(app, user.username, `wrong-password-${i}`)).statusCode, 401);
  }
  assert429(await login(a.app, user.username, user.password), 900);
  assert429(await login(b.app, user.username, user.password), 900);
});

test('parallel failed logins from one address: no more are evaluated than the per-address limit', async (t) => {
  const { app } = await buildTestApp(t, { env: { RATE_LIMIT_LOGIN_PER_IP: '20', ...CHEAP_HASHING_ENV } });
  const guesses = await Promise.all(Array.from({ length: 60 }, (_, i) => login(app, uniqueUsername(`par${i}`), 'some-password')));
  const codes = guesses.map((r) => r.statusCode);
  assert.equal(codes.filter((c) => c === 401).length, 20, `exactly 20 were checked: ${codes}`);
  assert.equal(codes.filter((c) => c === 429).length, 40);
  for (const res of guesses.filter((r) => r.statusCode === 429)) assert429(res, 900);
  assert.equal(
    (await login(app, uniqueUsername('after'), 'some-password', {}, '203.0.113.40')).statusCode,
    401,
    'another address is not affected',
  );
});

test('successful logins give their per-address slot back', async (t) => {
  const { app } = await buildTestApp(t, { env: { RATE_LIMIT_LOGIN_PER_IP: '3', ...CHEAP_HASHING_ENV } });
  const user = await registerAndLogin(app);
  for (let i = 0; i < 10; i++) assert.equal((await login(app, user.username, user.password)).statusCode, 200);
  for (let i = 0; i < 3; i++) assert.equal((await login(app, uniqueUsername('f'), 'some-password')).statusCode, 401);
  assert429(await login(app, user.username, user.password), 900);
});

function changePassword(app: FastifyInstance, token: string, current: string, next: string, remoteAddress?: string) {
  return app.inject({
    method: 'PUT',
    url: '/me/password',
    headers: { authorization: `Bearer ${token}` },
    payload: { current_password: current, new_password: next },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

test('PUT /me/password: wrong current passwords are limited per user, then 429 even for the right one; the window passing restores it', async (t) => {
  const { app, clock, config } = await buildTestApp(t, { env: CHEAP_HASHING_ENV });
  assert.equal(config.rateLimit.passwordPerUser, 5, 'the default');
  assert.equal(config.rateLimit.passwordWindowSec, 900, 'the default');
  const user = await registerAndLogin(app);
  for (let i = 0; i < 5; i++)
    assert.equal((await changePassword(app, user.token, `wrong-guess-${i}`, 'a brand new password')).statusCode, 401, `guess ${i + 1}`);
  // Another address does not get more guesses at the same account.
  const blocked = await changePassword(app, user.token, user.password, 'a brand new password', '203.0.113.50');
  const retryAfter = assert429(blocked, 900);
  assert.equal(blocked.json().code, 'TOO_MANY_REQUESTS');
  assert.equal(
    (await app.inject({ method: 'GET', url: '/protected', headers: user.auth })).statusCode,
    200,
    'nothing was changed or revoked',
  );
  // Other users are not affected.
  const other = await registerAndLogin(app);
  assert.equal((await changePassword(app, other.token, other.password, 'another new password')).statusCode, 200);
  clock.advance(retryAfter * 1000);
  assert.equal((await changePassword(app, user.token, user.password, 'a brand new password')).statusCode, 200, 'the window is over');
});

test('PUT /me/password: parallel guesses get no more tries than the limit; a right password gives its slot back', async (t) => {
  const { app } = await buildTestApp(t, { env: CHEAP_HASHING_ENV });
  const user = await registerAndLogin(app);
  const guesses = await Promise.all(
    Array.from({ length: 40 }, (_, i) => changePassword(app, user.token, `wrong-guess-${i}`, 'a brand new password')),
  );
  const codes = guesses.map((r) => r.statusCode);
  assert.equal(codes.filter((c) => c === 401).length, 5, `exactly 5 guesses were checked: ${codes}`);
  assert.equal(codes.filter((c) => c === 429).length, 35);

  const patient = await registerAndLogin(app);
  for (let i = 0; i < 4; i++)
    assert.equal((await changePassword(app, patient.token, `wrong-guess-${i}`, 'a brand new password')).statusCode, 401);
  const ok = await changePassword(app, patient.token, patient.password, 'a brand new password');
  assert.equal(ok.statusCode, 200, 'the 5th attempt is allowed and it is right');
  const again = await login(app, patient.username, 'a brand new password');
  assert.equal(again.statusCode, 200);
  assert.equal(
    (await changePassword(app, again.json().access_token, 'wrong-guess-x', 'yet another password')).statusCode,
    401,
    'the success gave its slot back: one more guess',
  );
  assert429(await changePassword(app, again.json().access_token, 'wrong-guess-y', 'yet another password'), 900);
});

test('PUT /me/password: wrong current passwords are limited per address across users', async (t) => {
  const { app } = await buildTestApp(t, { env: { RATE_LIMIT_PASSWORD_PER_IP: '3', ...CHEAP_HASHING_ENV } });
  const users = [await registerAndLogin(app), await registerAndLogin(app), await registerAndLogin(app), await registerAndLogin(app)];
  for (let i = 0; i < 3; i++)
    assert.equal((await changePassword(app, users[i]!.token, 'wrong-guess', 'a brand new password')).statusCode, 401);
  assert429(await changePassword(app, users[3]!.token, users[3]!.password, 'a brand new password'), 900);
  assert.equal(
    (await changePassword(app, users[3]!.token, users[3]!.password, 'a brand new password', '203.0.113.60')).statusCode,
    200,
    'another address',
  );
});

test('with Redis, password-change limits are shared by every instance', { skip: redisSkip }, async (t) => {
  const env = { ...redisEnv(t), ...CHEAP_HASHING_ENV };
  const database = await freshDatabase(t);
  const a = await buildTestApp(t, { env, build: { database } });
  const b = await buildTestApp(t, { env, build: { database } });
  const user = await registerAndLogin(a.app);
  for (let i = 0; i < 5; i++) {
    const app = i % 2 ? a.app : b.app;
    assert.equal((await changePassword(app, user.token, `wrong-guess-${i}`, 'a brand new password')).statusCode, 401);
  }
  assert429(await changePassword(a.app, user.token, user.password, 'a brand new password'), 900);
  assert429(await changePassword(b.app, user.token, user.password, 'a brand new password'), 900);
});
