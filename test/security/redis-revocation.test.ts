// Revocations shared through Redis: each instance answers from memory (no round trip per
// request), learns about revocations made elsewhere by pub/sub, loads them at start, and falls
// back to asking Redis (or refusing with 503) while its subscription is down.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test, type TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { RedisRevocationStore } from '../../src/modules/auth/revocation.js';
import { buildTestApp, freshDatabase, registerAndLogin } from '../helpers/build.js';
import { REDIS_SKIP, redisEnv, redisReachable } from '../helpers/redis.js';

const skip = (await redisReachable()) ? false : REDIS_SKIP;

async function cluster(t: TestContext, n: number) {
  const env = redisEnv(t);
  const database = await freshDatabase(t);
  const apps = [];
  for (let i = 0; i < n; i++) apps.push(await buildTestApp(t, { env, build: { database } }));
  for (const { app } of apps) assert.ok(app.revocations instanceof RedisRevocationStore, 'REDIS_URL selects the Redis store');
  return { env, database, apps };
}

const storeOf = (app: FastifyInstance) => app.revocations as RedisRevocationStore;

/** Resolves once `count` revocation messages have been applied by the app's store. */
function applied(app: FastifyInstance, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const on = () => {
      if (++seen === count) {
        storeOf(app).events.off('applied', on);
        resolve();
      }
    };
    storeOf(app).events.on('applied', on);
  });
}

async function status(app: FastifyInstance, token: string, url = '/protected'): Promise<number> {
  return (await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })).statusCode;
}

test('logout on one instance is refused on another, and by an instance started later', { skip }, async (t) => {
  const {
    env,
    database,
    apps: [a, b],
  } = await cluster(t, 2);
  const user = await registerAndLogin(a!.app);
  assert.equal(await status(b!.app, user.token), 200);
  const delivered = applied(b!.app, 2); // the jti and the session
  assert.equal((await a!.app.inject({ method: 'POST', url: '/logout', headers: user.auth })).statusCode, 200);
  assert.equal(await status(a!.app, user.token), 401, 'at once on the instance that logged out');
  await delivered;
  for (const url of ['/protected', '/me', '/recipes']) assert.equal(await status(b!.app, user.token, url), 401, url);
  assert.equal((await b!.app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: user.refreshToken } })).statusCode, 401);

  const c = await buildTestApp(t, { env, build: { database } });
  assert.ok(storeOf(c.app).isSynced);
  assert.equal(await status(c.app, user.token), 401, 'loaded from Redis at start');
});

test('reuse detection and password change on one instance reach the others', { skip }, async (t) => {
  const {
    apps: [a, b],
  } = await cluster(t, 2);
  const victim = await registerAndLogin(a!.app);
  const thief = (await b!.app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: victim.refreshToken } })).json();
  assert.equal(await status(b!.app, thief.access_token), 200);
  let delivered = applied(b!.app, 1);
  assert.equal((await a!.app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: victim.refreshToken } })).statusCode, 401);
  await delivered;
  assert.equal(await status(b!.app, thief.access_token), 401);

  const user = await registerAndLogin(a!.app);
  assert.equal(await status(b!.app, user.token), 200, 'b caches the user at session version 0');
  delivered = applied(b!.app, 1);
  const change = await a!.app.inject({
    method: 'PUT',
    url: '/me/password',
    headers: user.auth,
    payload: { current_password: user.password, new_password: 'a new password here' },
  });
  assert.equal(change.statusCode, 200);
  await delivered;
  assert.equal(await status(b!.app, user.token), 401, 'the old session version is refused on b');
  const fresh = (
    await b!.app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password: 'a new password here' } })
  ).json();
  assert.equal(await status(b!.app, fresh.access_token), 200, 'a new token is accepted although b had cached the old version');
  assert.equal(await status(a!.app, fresh.access_token), 200);
});

test('checking a token costs no Redis round trip', { skip }, async (t) => {
  const {
    apps: [a],
  } = await cluster(t, 1);
  const user = await registerAndLogin(a!.app);
  const other = await registerAndLogin(a!.app);
  await a!.app.inject({ method: 'POST', url: '/logout', headers: other.auth });
  const redis = a!.app.redis as Redis;
  const sent: string[] = [];
  const original = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
    sent.push(command.name);
    return (original as (...x: unknown[]) => unknown)(command, ...rest);
  }) as Redis['sendCommand'];
  t.after(() => {
    redis.sendCommand = original;
  });
  for (let i = 0; i < 20; i++) assert.equal(await status(a!.app, user.token), 200);
  for (let i = 0; i < 5; i++) assert.equal(await status(a!.app, other.token), 401);
  assert.deepEqual(sent, []);
  await redis.get('sanity-check-of-the-counter');
  assert.deepEqual(sent, ['get'], 'the counter does see commands');
});

test('while the subscription is down, checks ask Redis; when Redis is gone too, 503 (fail closed)', { skip }, async (t) => {
  const {
    apps: [a, b],
  } = await cluster(t, 2);
  const user = await registerAndLogin(a!.app);
  const subscriber = (storeOf(b!.app) as unknown as { subscriber: Redis }).subscriber;
  const closed = once(subscriber, 'end');
  subscriber.disconnect();
  await closed;
  assert.equal(storeOf(b!.app).isSynced, false);
  assert.equal(await status(b!.app, user.token), 200);
  assert.equal((await a!.app.inject({ method: 'POST', url: '/logout', headers: user.auth })).statusCode, 200);
  assert.equal(await status(b!.app, user.token), 401, 'found in Redis without the pub/sub message');

  const second = await registerAndLogin(a!.app);
  const redis = b!.app.redis as Redis;
  const gone = once(redis, 'end');
  redis.disconnect();
  await gone;
  const res = await b!.app.inject({ method: 'GET', url: '/protected', headers: second.auth });
  assert.equal(res.statusCode, 503);
  assert.equal(typeof res.json().error, 'string');
  const login = await b!.app.inject({ method: 'POST', url: '/login', payload: { username: second.username, password: second.password } });
  assert.equal(login.statusCode, 503, 'a login limit that cannot be counted is not waived');
});

test('with Redis, a user row deleted by hand is refused once the user cache entry expires', { skip }, async (t) => {
  const {
    apps: [a],
  } = await cluster(t, 1);
  const user = await registerAndLogin(a!.app);
  assert.equal(await status(a!.app, user.token), 200);
  await a!.app.db.deleteFrom('users').where('id', '=', user.id).execute();
  a!.clock.advance((a!.config.authUserCacheTtlSec + 1) * 1000);
  assert.equal(await status(a!.app, user.token), 401);
});
