// Households: every account in exactly one, invitations (single use, 7 days, kept hashed), joining,
// leaving and removing members, and two joins racing for one code (exactly one wins).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CHEAP_HASHING_ENV, buildTestApp, registerAndLogin, type LoggedInUser } from '../helpers/build.js';
import { hashOneTimeCode } from '../../src/lib/one-time-code.js';

const env = { ...CHEAP_HASHING_ENV, RATE_LIMIT_REGISTER_PER_IP: '1000' };

async function call(app: FastifyInstance, user: LoggedInUser, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) {
  return app.inject({ method, url, headers: user.auth, payload });
}

async function invite(app: FastifyInstance, user: LoggedInUser): Promise<string> {
  const res = await call(app, user, 'POST', '/household/invitations');
  assert.equal(res.statusCode, 201, res.body);
  return res.json().code;
}

test('a new account gets a household of its own, named after it; the first account is the admin', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const ana = await registerAndLogin(app, 'ana_h');
  const bob = await registerAndLogin(app, 'bob_h');
  const hA = (await call(app, ana, 'GET', '/household')).json();
  const hB = (await call(app, bob, 'GET', '/household')).json();
  assert.equal(hA.name, 'ana_h');
  assert.deepEqual(hA.members, [{ id: ana.id, username: 'ana_h', role: 'admin' }]);
  assert.deepEqual(hB.members, [{ id: bob.id, username: 'bob_h', role: 'member' }]);
  assert.notEqual(hA.id, hB.id);
  const me = (await call(app, bob, 'GET', '/me')).json();
  assert.equal(me.role, 'member');
  assert.equal(me.household_id, hB.id);
  assert.equal((await call(app, ana, 'GET', '/me')).json().role, 'admin');

  const renamed = await call(app, ana, 'PUT', '/household', { name: '  The Silvas ' });
  assert.equal(renamed.statusCode, 200, renamed.body);
  assert.equal(renamed.json().name, 'The Silvas');
  for (const bad of [{ name: '' }, { name: '   ' }, { name: 'x'.repeat(101) }, {}, { name: 'ok', extra: 1 }]) {
    const res = await call(app, ana, 'PUT', '/household', bad);
    assert.equal(res.statusCode, 400, JSON.stringify(bad));
    assert.equal(typeof res.json().code, 'string');
  }
  assert.equal((await call(app, ana, 'GET', '/household')).json().name, 'The Silvas');
});

test('an invitation is spent once, kept only hashed, and joins its household; the old one goes', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const ana = await registerAndLogin(app);
  const bob = await registerAndLogin(app);
  const carl = await registerAndLogin(app);
  const created = await call(app, ana, 'POST', '/household/invitations');
  assert.equal(created.statusCode, 201);
  const { code, expires_at } = created.json();
  assert.ok(Math.abs(Date.parse(expires_at) - Date.now() - 7 * 86_400_000) < 60_000, expires_at);
  const stored = await app.db.selectFrom('invitations').selectAll().execute();
  assert.equal(stored.length, 1);
  assert.equal(stored[0]!.code_hash, hashOneTimeCode(code));
  assert.ok(!JSON.stringify(stored).includes(code), 'the code itself is not stored');

  const bobsOld = (await call(app, bob, 'GET', '/household')).json().id;
  const joined = await call(app, bob, 'POST', '/household/join', { code });
  assert.equal(joined.statusCode, 200, joined.body);
  const anas = (await call(app, ana, 'GET', '/household')).json();
  assert.equal(joined.json().id, anas.id);
  assert.deepEqual(
    anas.members.map((m: { id: number }) => m.id),
    [ana.id, bob.id],
  );
  assert.equal(await app.db.selectFrom('households').select('id').where('id', '=', bobsOld).executeTakeFirst(), undefined);

  const again = await call(app, carl, 'POST', '/household/join', { code });
  assert.equal(again.statusCode, 410);
  assert.equal(again.json().code, 'CODE_EXPIRED');
  const unknown = await call(app, carl, 'POST', '/household/join', { code: 'A'.repeat(32) });
  assert.equal(unknown.statusCode, 404);
  const own = await call(app, bob, 'POST', '/household/join', { code: await invite(app, ana) });
  assert.equal(own.statusCode, 409, own.body);
  for (const bad of [{}, { code: 'short' }, { code: 'has spaces in it here!' }, { code: 1 }]) {
    assert.equal((await call(app, carl, 'POST', '/household/join', bad)).statusCode, 400, JSON.stringify(bad));
  }
  assert.equal((await call(app, carl, 'GET', '/household')).json().members.length, 1, 'carl stayed where he was');
});

test('an invitation older than 7 days is 410 and changes nothing', async (t) => {
  const { app, clock } = await buildTestApp(t, { env });
  const ana = await registerAndLogin(app);
  const bob = await registerAndLogin(app);
  const code = await invite(app, ana);
  clock.advance(7 * 86_400_000 + 1000);
  const bobAgain = await app.inject({ method: 'POST', url: '/login', payload: { username: bob.username, password: bob.password } });
  const late = await app.inject({
    method: 'POST',
    url: '/household/join',
    headers: { authorization: `Bearer ${bobAgain.json().access_token}` },
    payload: { code },
  });
  assert.equal(late.statusCode, 410, late.body);
  assert.equal((await app.db.selectFrom('invitations').select('used_at').executeTakeFirst())?.used_at, null);
});

test('members leave or are removed and get a household of their own; the last member stays', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const ana = await registerAndLogin(app);
  const bob = await registerAndLogin(app);
  const carl = await registerAndLogin(app);
  const stranger = await registerAndLogin(app);
  await call(app, bob, 'POST', '/household/join', { code: await invite(app, ana) });
  await call(app, carl, 'POST', '/household/join', { code: await invite(app, ana) });
  const household = (await call(app, ana, 'GET', '/household')).json().id;

  assert.equal((await call(app, stranger, 'DELETE', `/household/members/${bob.id}`)).statusCode, 404, 'not their household');
  assert.equal((await call(app, ana, 'DELETE', `/household/members/${stranger.id}`)).statusCode, 404);
  assert.equal((await call(app, ana, 'DELETE', '/household/members/99999')).statusCode, 404);

  const removed = await call(app, ana, 'DELETE', `/household/members/${bob.id}`);
  assert.equal(removed.statusCode, 204, removed.body);
  const bobs = (await call(app, bob, 'GET', '/household')).json();
  assert.notEqual(bobs.id, household);
  assert.equal(bobs.name, bob.username);
  assert.deepEqual(
    bobs.members.map((m: { id: number }) => m.id),
    [bob.id],
  );

  assert.equal((await call(app, carl, 'DELETE', `/household/members/${carl.id}`)).statusCode, 204, 'carl leaves');
  assert.notEqual((await call(app, carl, 'GET', '/household')).json().id, household);
  const last = await call(app, ana, 'DELETE', `/household/members/${ana.id}`);
  assert.equal(last.statusCode, 409);
  assert.equal(last.json().code, 'LAST_MEMBER');
  assert.equal((await call(app, ana, 'GET', '/household')).json().id, household);
});

test('two joins with one code: exactly one wins, every time', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const host = await registerAndLogin(app);
  const hostHousehold = (await call(app, host, 'GET', '/household')).json().id;
  for (let round = 0; round < 15; round++) {
    const a = await registerAndLogin(app);
    const b = await registerAndLogin(app);
    const code = await invite(app, host);
    const answers = await Promise.all([a, b].map((u) => call(app, u, 'POST', '/household/join', { code })));
    const statuses = answers.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [200, 410], `round ${round}: ${answers.map((r) => r.body).join(' | ')}`);
    const members = (await call(app, host, 'GET', '/household')).json().members.map((m: { id: number }) => m.id);
    const winner = answers[0]!.statusCode === 200 ? a : b;
    const loser = winner === a ? b : a;
    assert.ok(members.includes(winner.id) && !members.includes(loser.id));
    assert.notEqual((await call(app, loser, 'GET', '/household')).json().id, hostHousehold);
  }
});

test('two members removing each other at once never empty the household', async (t) => {
  const { app } = await buildTestApp(t, { env });
  for (let round = 0; round < 10; round++) {
    const a = await registerAndLogin(app);
    const b = await registerAndLogin(app);
    await call(app, b, 'POST', '/household/join', { code: await invite(app, a) });
    const answers = await Promise.all([
      call(app, a, 'DELETE', `/household/members/${b.id}`),
      call(app, b, 'DELETE', `/household/members/${a.id}`),
    ]);
    const statuses = answers.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [204, 404], `round ${round}: ${answers.map((r) => r.body).join(' | ')}`);
    const ha = (await call(app, a, 'GET', '/household')).json();
    const hb = (await call(app, b, 'GET', '/household')).json();
    assert.notEqual(ha.id, hb.id);
    assert.equal(ha.members.length, 1);
    assert.equal(hb.members.length, 1);
  }
});
