// Sessions must not outlive a password change, however the requests interleave: thieves keep
// refreshing stolen sessions while the owner changes the password; once that has answered 200,
// no token of any session of the user works, now or after the deny-list entries expire. See
// session-races.test.ts for the logout race and the helpers (test/helpers/session-race.ts).
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import {
  DB,
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
} from '../helpers/session-race.js';
import { uniqueUsername } from '../helpers/build.js';

async function racePasswordChange(t: TestContext, redis: boolean, thieves: number): Promise<void> {
  const s = await setup(t, redis);
  const random = rng(SEED + thieves);
  const a = s.refresher.app;
  const b = s.revoker.app;
  const failed: string[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const username = uniqueUsername('racepw');
    const password = 'correct horse battery';
    await register(b, username, password);
    const owner = await login(b, username, password);
    const stolen = await Promise.all(Array.from({ length: thieves }, () => login(b, username, password)));
    let done = false;
    const chains = stolen.map((session) => refreshChain(a, session, () => done));
    await ticks(random(40));
    const change = await b.inject({
      method: 'PUT',
      url: '/me/password',
      headers: bearer(owner.access[0]!),
      payload: { current_password: password, new_password: `new password ${trial}` },
    });
    done = true;
    await Promise.all(chains);
    assert.equal(change.statusCode, 200, change.body);
    const sessions = [owner, ...stolen];
    const now = await survivors([b], [a, b], sessions, true);
    advanceAll(s, pastDenyList(s));
    const later = await survivors([a, b], [a, b], sessions, false);
    const problems = [...now, ...later.map((x) => `after the deny-list expired: ${x}`)];
    if (problems.length) failed.push(`trial ${trial}: ${problems.join('; ')}`);
    // The owner is not locked out: the new password logs in.
    await login(b, username, `new password ${trial}`);
  }
  t.diagnostic(
    `refresh (${thieves} sessions) racing a password change [${s.label}]: ${failed.length} of ${TRIALS} trials left a working token`,
  );
  assert.deepEqual(failed, [], `${failed.length} of ${TRIALS} trials left a working token`);
}

test(`refresh of 1 stolen session racing a password change (${DB})`, (t) => racePasswordChange(t, false, 1));
test(`refresh of 4 stolen sessions racing a password change (${DB})`, (t) => racePasswordChange(t, false, 4));
test(`refresh of 4 stolen sessions racing a password change (${DB} + Redis, two instances)`, { skip: redisSkip }, (t) =>
  racePasswordChange(t, true, 4),
);
