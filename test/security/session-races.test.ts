// Sessions must not outlive a logout, however the requests interleave. Each trial starts refresh
// chains (a client, or a thief, trading its refresh token again and again), fires a logout at a
// random moment among them, and once that has answered 200 checks that no token of the revoked
// session works: not at once, and not after the deny-list entries have expired (the clock is
// moved past access TTL + tolerance), when a surviving refresh token would bring the session back.
// The same race against a password change is in session-races-password.test.ts (a file of its
// own, so each stays well inside the runner's time budget per file).
//
// Runs on the database under test (SQLite, or PostgreSQL in its pass), and again with Redis
// holding the revocations, across two instances sharing the database (refreshes through one,
// logout through the other). RACE_TRIALS overrides the number of trials (default 30).
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import {
  DB,
  FAST_ENV,
  SEED,
  TRIALS,
  advanceAll,
  bearer,
  login,
  pastDenyList,
  redisSkip,
  refreshChain,
  register,
  rng,
  setup,
  survivors,
  ticks,
  type Pair,
} from '../helpers/session-race.js';
import { buildTestApp, freshDatabase, testDatabaseUrl, uniqueUsername } from '../helpers/build.js';
import { redisEnv } from '../helpers/redis.js';

async function raceLogout(t: TestContext, redis: boolean): Promise<void> {
  const s = await setup(t, redis);
  const random = rng(SEED);
  const a = s.refresher.app;
  const b = s.revoker.app;
  const failed: string[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const username = uniqueUsername('race');
    const password = 'correct horse battery';
    await register(b, username, password);
    const [victim, bystander] = await Promise.all([login(b, username, password), login(b, username, password)]);
    let done = false;
    // One chain on the session being logged out, one on another session of the same user.
    const chains = [refreshChain(a, victim, () => done), refreshChain(a, bystander, () => done, 2)];
    await ticks(random(40));
    const logout = await b.inject({ method: 'POST', url: '/logout', headers: bearer(victim.access.at(-1)!) });
    done = true;
    await Promise.all(chains);
    if (logout.statusCode !== 200) {
      // The access token used was already superseded and revoked? It must not be: logout is
      // sent with a token the chain has not spent. Anything else is a test bug.
      assert.equal(logout.statusCode, 200, logout.body);
    }
    const now = await survivors([b], [a, b], [victim], true);
    advanceAll(s, pastDenyList(s));
    const later = await survivors([a, b], [a, b], [victim], false);
    const problems = [...now, ...later.map((x) => `after the deny-list expired: ${x}`)];
    if (problems.length) failed.push(`trial ${trial}: ${problems.join('; ')}`);
    // Logout ends one session only: the bystander session is still usable (its newest refresh token).
    const rest = await a.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: bystander.refresh.at(-1)! } });
    assert.equal(rest.statusCode, 200, `trial ${trial}: another session of the user survives a logout: ${rest.body}`);
  }
  t.diagnostic(`refresh racing logout [${s.label}]: ${failed.length} of ${TRIALS} trials left a working token`);
  assert.deepEqual(failed, [], `${failed.length} of ${TRIALS} trials left a working token`);
}

test(`refresh racing logout (${DB}): no token of the logged-out session works, now or after the deny-list expires`, (t) =>
  raceLogout(t, false));
test(`refresh racing logout (${DB} + Redis, two instances)`, { skip: redisSkip }, (t) => raceLogout(t, true));

// The random schedules above rarely hit the narrowest window on PostgreSQL (between a refresh's
// last check and its insert), so the lock that closes it is checked directly: a revocation's
// lock waits for an issue in flight, and issues of one user do not wait for each other.
test(
  'PostgreSQL: the session lock makes a revocation wait for an issue in flight',
  { skip: testDatabaseUrl ? false : 'PostgreSQL only (SQLite transactions begin IMMEDIATE)' },
  async (t) => {
    const { usersRepository } = await import('../../src/modules/auth/users.repository.js');
    const { app } = await buildTestApp(t, { env: FAST_ENV });
    const username = uniqueUsername('lock');
    await register(app, username, 'correct horse battery');
    const id = (await app.inject({ method: 'POST', url: '/login', payload: { username, password: 'correct horse battery' } })).json<Pair>();
    assert.ok(id.access_token);
    const userId = Number((await app.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id);
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const issue = app.db.transaction().execute(async (trx) => {
      await usersRepository.lockSessions(trx, userId, 'share');
      locked();
      await held;
      events.push('issue commits');
    });
    await isLocked;
    const otherIssue = app.db.transaction().execute(async (trx) => {
      await usersRepository.lockSessions(trx, userId, 'share');
      events.push('second issue got the lock');
    });
    await otherIssue;
    const revoke = app.db.transaction().execute(async (trx) => {
      await usersRepository.lockSessions(trx, userId, 'update');
      events.push('revocation got the lock');
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    events.push('released');
    release();
    await Promise.all([issue, revoke]);
    assert.deepEqual(events, ['second issue got the lock', 'released', 'issue commits', 'revocation got the lock']);
  },
);

test(
  'with Redis, a password change floor stored in Redis only ever rises (two changes answering out of order)',
  { skip: redisSkip },
  async (t) => {
    const { RedisRevocationStore } = await import('../../src/modules/auth/revocation.js');
    const env = { ...FAST_ENV, ...redisEnv(t) };
    const database = await freshDatabase(t);
    const a = await buildTestApp(t, { env, build: { database } });
    const store = a.app.revocations;
    assert.ok(store instanceof RedisRevocationStore);
    const exp = Math.floor(a.clock() / 1000) + 60;
    await store.revokeUserSessionsBelow(42, 3, exp);
    await store.revokeUserSessionsBelow(42, 2, exp + 30);
    // A process started now loads the state from Redis: version 2 tokens must still be refused.
    const late = await buildTestApp(t, { env, build: { database } });
    const check = { jti: 'j', sid: 's', userId: 42 };
    assert.equal(await late.app.revocations.isRevoked({ ...check, ver: 2 }), true, 'the older floor did not overwrite the newer one');
    assert.equal(await late.app.revocations.isRevoked({ ...check, ver: 3 }), false);
  },
);
