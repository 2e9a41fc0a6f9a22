// Backends going away: requests fail fast with 503 and an {"error"} body, a transaction cut
// in the middle leaves nothing behind, and the same app recovers by itself once the backend
// is back. PostgreSQL and Redis are "taken away" by cutting a TCP proxy in front of them;
// the real servers keep running for the other test runs on this machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDatabase } from '../../src/db/database.js';
import { RedisRevocationStore } from '../../src/modules/auth/revocation.js';
import { CHEAP_HASHING_ENV, buildTestApp, createRecipe, createTestSchema, registerAndLogin } from '../helpers/build.js';
import { redisEnv } from '../helpers/redis.js';
import { TEST_REDIS_URL, needsPostgres, pgTarget, pgUrlVia, redisSkipReason, redisTarget } from '../helpers/services.js';
import { eventually, startTcpProxy } from '../helpers/tcp-proxy.js';

test('PostgreSQL away: 503 fast, nothing half-written, recovery without a restart', { skip: needsPostgres }, async (t) => {
  const schema = await createTestSchema(t);
  const proxy = await startTcpProxy(pgTarget());
  t.after(() => proxy.close());
  const database = createDatabase({
    url: pgUrlVia(proxy.port),
    pgSchema: schema,
    poolSize: 3,
    connectTimeoutMs: 1000,
    statementTimeoutMs: 3000,
  });
  t.after(() => database.close());
  const { app } = await buildTestApp(t, { env: CHEAP_HASHING_ENV, build: { database } });
  const user = await registerAndLogin(app);
  const kept = (await createRecipe(app, user, { title: 'Before the outage' })).json();

  for (const mode of ['reset', 'hang'] as const) {
    proxy.cut(mode);
    const attempts = await Promise.all([
      app.inject({ method: 'GET', url: '/recipes', headers: user.auth }),
      app.inject({
        method: 'POST',
        url: '/recipes',
        headers: user.auth,
        payload: { title: 'During the outage', ingredients: 'x', time_minutes: 1 },
      }),
      app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password: user.password } }),
      app.inject({ method: 'POST', url: '/register', payload: { username: `late_${mode}`, password: 'password-123' } }),
    ]);
    for (const res of attempts) {
      assert.equal(res.statusCode, 503, `${mode}: ${res.body}`);
      assert.match(res.json().error, /database is not reachable/);
      assert.equal(res.headers['retry-after'], '1');
      assert.doesNotMatch(res.body, /ECONN|terminated|timeout exceeded|at .*\.js/, 'no internals in the body');
    }
    const health = await app.inject({ url: '/health' });
    assert.equal(health.statusCode, 503);
    assert.equal(health.json().checks.database, 'down');
    assert.equal(typeof health.json().error, 'string');
    proxy.restore();
  }

  // Back: the same app answers again on fresh connections.
  const health = await eventually(async () => {
    const res = await app.inject({ url: '/health' });
    assert.equal(res.statusCode, 200, res.body);
    return res;
  });
  assert.deepEqual(health.json(), { status: 'ok', checks: { database: 'ok' } });
  const list = await app.inject({ method: 'GET', url: '/recipes', headers: user.auth });
  assert.equal(list.statusCode, 200);
  assert.deepEqual(
    list.json().map((r: { title: string }) => r.title),
    [kept.title],
    'the write attempted during the outage left nothing',
  );
  await createRecipe(app, user, { title: 'After the outage' });
  const users = await app.db.selectFrom('users').select('username').execute();
  assert.deepEqual(
    users.map((u) => u.username),
    [user.username],
  );

  // A transaction whose connection dies half-way: the part already written is rolled back.
  await assert.rejects(
    app.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('recipes')
        .values({
          title: 'Half written',
          ingredients: 'x',
          time_minutes: 1,
          owner_id: user.id,
          created_at: kept.created_at,
          updated_at: kept.updated_at,
        })
        .execute();
      proxy.cut('reset');
      await trx.updateTable('users').set({ session_version: 99 }).where('id', '=', user.id).execute();
    }),
  );
  proxy.restore();
  const titles = await eventually(() => app.db.selectFrom('recipes').select('title').orderBy('id').execute());
  assert.deepEqual(
    titles.map((r) => r.title),
    ['Before the outage', 'After the outage'],
  );
  const me = await app.db.selectFrom('users').select('session_version').where('id', '=', user.id).executeTakeFirstOrThrow();
  assert.equal(me.session_version, 0);
});

test('Redis away: /health says 503 for Redis, and recovers by itself', async (t) => {
  const skip = await redisSkipReason();
  if (skip) return t.skip(skip);
  const proxy = await startTcpProxy(redisTarget());
  t.after(() => proxy.close());
  const viaProxy = new URL(TEST_REDIS_URL);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  // A key prefix of its own, so this app never reads or writes another run's keys.
  const { REDIS_KEY_PREFIX } = redisEnv(t);
  const { app } = await buildTestApp(t, { env: { REDIS_URL: viaProxy.toString(), REDIS_KEY_PREFIX: REDIS_KEY_PREFIX! } });

  const up = await eventually(async () => {
    const res = await app.inject({ url: '/health' });
    assert.equal(res.statusCode, 200, res.body);
    return res;
  });
  assert.deepEqual(up.json(), { status: 'ok', checks: { database: 'ok', redis: 'ok' } });

  proxy.cut('reset');
  const down = await app.inject({ url: '/health' });
  assert.equal(down.statusCode, 503);
  assert.deepEqual(down.json().checks, { database: 'ok', redis: 'down' });
  assert.match(down.json().error, /redis/);
  // Commands fail at once instead of queueing until Redis returns.
  await assert.rejects(app.redis!.get('anything'));

  proxy.restore();
  await eventually(async () => {
    const res = await app.inject({ url: '/health' });
    assert.equal(res.statusCode, 200, res.body);
  });
  assert.equal(await app.redis!.ping(), 'PONG');
  // The revocation subscriber is back too: resubscribed and reloaded, answering from memory again.
  const store = app.revocations as RedisRevocationStore;
  assert.ok(store instanceof RedisRevocationStore);
  await eventually(async () => assert.ok(store.isSynced, 'revocations resynced after the outage'));
});
