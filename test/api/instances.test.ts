// Several instances behind a load balancer: two apps on two ports over one PostgreSQL schema
// (and one Redis, when it is running) share everything a client can observe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { RedisRevocationStore } from '../../src/modules/auth/revocation.js';
import { CHEAP_HASHING_ENV, instancesOnOneDatabase, testClock, uniqueUsername } from '../helpers/build.js';
import { redisEnv } from '../helpers/redis.js';
import { needsPostgres, redisSkipReason } from '../helpers/services.js';

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

function client(base: string) {
  return async (
    method: string,
    path: string,
    opts: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
}

/**
 * Resolves once the instance has applied `count` revocations published by another one: with
 * Redis each instance answers from memory and learns of the others' revocations by pub/sub.
 */
function applied(app: FastifyInstance, count: number): Promise<void> {
  const store = app.revocations as RedisRevocationStore;
  assert.ok(store instanceof RedisRevocationStore, 'REDIS_URL selects the Redis revocation store');
  return new Promise((resolve) => {
    let seen = 0;
    const on = () => {
      if (++seen === count) {
        store.events.off('applied', on);
        resolve();
      }
    };
    store.events.on('applied', on);
  });
}

test(
  'two instances over one PostgreSQL and one Redis: what one writes, revokes or counts, the other sees',
  { skip: needsPostgres },
  async (t) => {
    const redisSkip = await redisSkipReason();
    if (redisSkip) return t.skip(redisSkip);
    // One key prefix for both instances (they share counters and revocations), fresh for this test.
    const env = { ...CHEAP_HASHING_ENV, RATE_LIMIT_LOGIN_PER_USER: '3', ...redisEnv(t) };
    // One clock for both, as two real instances share the time: with a frozen clock each, a token
    // B issues could be "not yet valid" on A when building B took longer than the clock tolerance.
    const clock = testClock();
    const instances = await instancesOnOneDatabase(t, { env, build: { clock } });
    const start = async () => {
      const { app } = await instances.start();
      return { app, http: client(await app.listen({ host: '127.0.0.1', port: 0 })) };
    };
    const A = await start();
    const B = await start();
    const a = A.http;
    const b = B.http;

    for (const instance of [a, b]) {
      const health = await instance('GET', '/health');
      assert.equal(health.status, 200);
      assert.deepEqual(health.body.checks, { database: 'ok', redis: 'ok' });
    }

    // An account made through A logs in through B; the name is taken on both.
    const username = uniqueUsername('shared');
    const password = 'shared-password-1';
    assert.equal((await a('POST', '/register', { body: { username, password } })).status, 201);
    assert.equal((await b('POST', '/register', { body: { username: username.toUpperCase(), password } })).status, 409);
    const login = await b('POST', '/login', { body: { username, password } });
    assert.equal(login.status, 200);
    const token: string = login.body.access_token;

    // A recipe written through A is read, found and updated through B.
    const created = await a('POST', '/recipes', {
      token,
      body: { title: 'Shared paella', ingredients: 'bomba rice, saffron', time_minutes: 45 },
    });
    assert.equal(created.status, 201);
    const read = await b('GET', `/recipes/${created.body.id}`, { token });
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, created.body);
    assert.equal(read.headers.get('etag'), created.headers.get('etag'));
    const found = await b('GET', '/recipes?q=paella', { token });
    assert.deepEqual(
      found.body.map((r: { id: number }) => r.id),
      [created.body.id],
    );
    assert.equal(found.headers.get('x-total-count'), '1');
    const updated = await b('PUT', `/recipes/${created.body.id}`, {
      token,
      body: { servings: 4 },
      headers: { 'if-match': created.headers.get('etag')! },
    });
    assert.equal(updated.status, 200);
    // A's copy of the ETag is now stale everywhere.
    const stale = await a('PUT', `/recipes/${created.body.id}`, {
      token,
      body: { servings: 5 },
      headers: { 'if-match': created.headers.get('etag')! },
    });
    assert.equal(stale.status, 412);
    assert.equal((await a('GET', `/recipes/${created.body.id}`, { token })).body.servings, 4);

    // A refresh token spent through A cannot be replayed through B; the replay ends the session.
    const refreshed = await a('POST', '/refresh', { body: { refresh_token: login.body.refresh_token } });
    assert.equal(refreshed.status, 200);
    const familyRevokedOnA = applied(A.app, 1);
    assert.equal((await b('POST', '/refresh', { body: { refresh_token: login.body.refresh_token } })).status, 401);
    await familyRevokedOnA;
    assert.equal((await a('GET', '/me', { token: refreshed.body.access_token })).status, 401, 'the replay revoked the family everywhere');

    // Logging out through A refuses the token through B.
    const second = await a('POST', '/login', { body: { username, password } });
    const token2: string = second.body.access_token;
    assert.equal((await b('GET', '/protected', { token: token2 })).status, 200);
    const loggedOutOnB = applied(B.app, 2); // the token's jti and its session
    assert.equal((await a('POST', '/logout', { token: token2 })).status, 200);
    await loggedOutOnB;
    const refused = await b('GET', '/protected', { token: token2 });
    assert.equal(refused.status, 401);
    assert.equal(typeof refused.body.error, 'string');
    assert.equal((await b('POST', '/refresh', { body: { refresh_token: second.body.refresh_token } })).status, 401);

    // Failed logins count across both instances (limit 3 per username per window): two wrong
    // passwords through A and one through B use the budget up, and B then refuses even the right one.
    const target = uniqueUsername('limited');
    assert.equal((await b('POST', '/register', { body: { username: target, password } })).status, 201);
    assert.equal((await a('POST', '/login', { body: { username: target, password: 'wrong-guess-1' } })).status, 401);
    assert.equal((await a('POST', '/login', { body: { username: target, password: 'wrong-guess-2' } })).status, 401);
    assert.equal((await b('POST', '/login', { body: { username: target, password: 'wrong-guess-3' } })).status, 401);
    for (const instance of [b, a]) {
      const limited = await instance('POST', '/login', { body: { username: target, password } });
      assert.equal(limited.status, 429);
      assert.equal(typeof limited.body.error, 'string');
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
    }
  },
);
