// Roles and administration: the first account is the admin; admin routes refuse everyone else
// (a member's, another household's and an expired token); reset codes are spent once, expire
// after an hour and end every session; removing an account hands its shared recipes on; the last
// admin stays; REGISTRATION open, invite and closed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CHEAP_HASHING_ENV, buildTestApp, createRecipe, registerAndLogin, type LoggedInUser } from '../helpers/build.js';
import { hashOneTimeCode } from '../../src/lib/one-time-code.js';

const env = { ...CHEAP_HASHING_ENV, RATE_LIMIT_REGISTER_PER_IP: '1000', RATE_LIMIT_LOGIN_PER_IP: '1000' };

const as = (user: LoggedInUser | undefined) => user?.auth ?? {};

async function adminCalls(app: FastifyInstance, user: LoggedInUser | undefined, targetId: number) {
  return Promise.all([
    app.inject({ method: 'GET', url: '/admin/users', headers: as(user) }),
    app.inject({ method: 'POST', url: '/admin/invitations', headers: as(user) }),
    app.inject({ method: 'POST', url: `/admin/users/${targetId}/password-reset`, headers: as(user) }),
    app.inject({ method: 'DELETE', url: `/admin/users/${targetId}`, headers: as(user) }),
  ]);
}

test('admin routes: the admin may, a member, another household and an expired token may not', async (t) => {
  const { app, clock, config } = await buildTestApp(t, { env });
  const admin = await registerAndLogin(app);
  const member = await registerAndLogin(app);
  const other = await registerAndLogin(app); // another household
  const code = (await app.inject({ method: 'POST', url: '/household/invitations', headers: admin.auth })).json().code;
  await app.inject({ method: 'POST', url: '/household/join', headers: member.auth, payload: { code } });
  assert.equal((await app.inject({ method: 'GET', url: '/me', headers: admin.auth })).json().role, 'admin');

  for (const [who, user] of [
    ['member', member],
    ['another household', other],
  ] as const) {
    for (const res of await adminCalls(app, user, other.id)) {
      assert.equal(res.statusCode, 403, `${who}: ${res.body}`);
      assert.equal(res.json().code, 'FORBIDDEN');
    }
  }
  for (const res of await adminCalls(app, undefined, other.id)) assert.equal(res.statusCode, 401);
  assert.equal(await app.db.selectFrom('password_resets').select('user_id').executeTakeFirst(), undefined, 'nothing was made');
  assert.equal((await app.db.selectFrom('users').select('id').execute()).length, 3, 'nobody was removed');

  const users = await app.inject({ method: 'GET', url: '/admin/users', headers: admin.auth });
  assert.equal(users.statusCode, 200, users.body);
  assert.equal(users.headers['x-total-count'], '3');
  assert.deepEqual(
    users.json().map((u: { id: number; role: string }) => [u.id, u.role]),
    [
      [admin.id, 'admin'],
      [member.id, 'member'],
      [other.id, 'member'],
    ],
  );
  const invite = await app.inject({ method: 'POST', url: '/admin/invitations', headers: admin.auth });
  assert.equal(invite.statusCode, 201);
  assert.equal(
    (await app.db.selectFrom('invitations').select('kind').where('code_hash', '=', hashOneTimeCode(invite.json().code)).executeTakeFirst())
      ?.kind,
    'admin',
  );

  clock.advance((config.jwtAccessTtl + config.jwtClockToleranceSec + 1) * 1000);
  for (const res of await adminCalls(app, admin, other.id)) assert.equal(res.statusCode, 401, 'expired');
});

test('a reset code is spent once, ends every session, and expires after an hour', async (t) => {
  const { app, clock } = await buildTestApp(t, { env });
  const admin = await registerAndLogin(app);
  const ana = await registerAndLogin(app);
  const made = await app.inject({ method: 'POST', url: `/admin/users/${ana.id}/password-reset`, headers: admin.auth });
  assert.equal(made.statusCode, 201, made.body);
  const { code, expires_at } = made.json();
  assert.ok(Math.abs(Date.parse(expires_at) - clock.now - 3_600_000) < 2000);
  assert.ok(!JSON.stringify(await app.db.selectFrom('password_resets').selectAll().execute()).includes(code), 'kept hashed');
  assert.equal((await app.inject({ method: 'POST', url: '/admin/users/99999/password-reset', headers: admin.auth })).statusCode, 404);

  const short = await app.inject({ method: 'POST', url: '/password-reset', payload: { code, new_password: 'short' } });
  assert.equal(short.statusCode, 400);
  const both = await Promise.all(
    ['new password one', 'new password two'].map((p) =>
      app.inject({ method: 'POST', url: '/password-reset', payload: { code, new_password: p } }),
    ),
  );
  assert.deepEqual(both.map((r) => r.statusCode).sort(), [200, 410], both.map((r) => r.body).join(' | '));
  const winner = both[0]!.statusCode === 200 ? 'new password one' : 'new password two';
  assert.equal((await app.inject({ method: 'GET', url: '/me', headers: ana.auth })).statusCode, 401, 'the old access token is refused');
  assert.equal((await app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: ana.refreshToken } })).statusCode, 401);
  const login = (password: string) => app.inject({ method: 'POST', url: '/login', payload: { username: ana.username, password } });
  assert.equal((await login(ana.password)).statusCode, 401);
  assert.equal((await login(winner)).statusCode, 200);
  assert.equal(
    (await app.inject({ method: 'POST', url: '/password-reset', payload: { code, new_password: 'yet another one' } })).statusCode,
    410,
  );
  assert.equal(
    (await app.inject({ method: 'POST', url: '/password-reset', payload: { code: 'B'.repeat(32), new_password: 'whatever it is' } }))
      .statusCode,
    404,
  );

  const late = (await app.inject({ method: 'POST', url: `/admin/users/${ana.id}/password-reset`, headers: admin.auth })).json().code;
  clock.advance(3_600_000 + 1000);
  const expired = await app.inject({ method: 'POST', url: '/password-reset', payload: { code: late, new_password: 'too late now!' } });
  assert.equal(expired.statusCode, 410);
  assert.equal((await login(winner)).statusCode, 200, 'the password is unchanged');
});

test('removing an account: private recipes go, shared ones pass to a member, the last admin stays', async (t) => {
  const { app } = await buildTestApp(t, { env });
  const admin = await registerAndLogin(app);
  const ana = await registerAndLogin(app);
  const bob = await registerAndLogin(app);
  const loner = await registerAndLogin(app);
  const code = (await app.inject({ method: 'POST', url: '/household/invitations', headers: ana.auth })).json().code;
  await app.inject({ method: 'POST', url: '/household/join', headers: bob.auth, payload: { code } });
  for (const visibility of ['private', 'household', 'public']) await createRecipe(app, ana, { title: `Ana ${visibility}`, visibility });
  await createRecipe(app, loner, { title: 'Loner public' });

  const removed = await app.inject({ method: 'DELETE', url: `/admin/users/${ana.id}`, headers: admin.auth });
  assert.equal(removed.statusCode, 200, removed.body);
  assert.deepEqual(removed.json(), { recipes_deleted: 1, recipes_passed_on: 2, passed_to: bob.id });
  const bobs = await app.inject({ method: 'GET', url: '/recipes?mine=true', headers: bob.auth });
  assert.deepEqual(
    bobs
      .json()
      .map((r: { title: string }) => r.title)
      .sort(),
    ['Ana household', 'Ana public'],
  );
  assert.equal((await app.inject({ method: 'GET', url: '/me', headers: ana.auth })).statusCode, 401, 'its sessions end');

  const alone = await app.inject({ method: 'DELETE', url: `/admin/users/${loner.id}`, headers: admin.auth });
  assert.deepEqual(alone.json(), { recipes_deleted: 1, recipes_passed_on: 0, passed_to: null });
  assert.equal((await app.inject({ method: 'DELETE', url: `/admin/users/${loner.id}`, headers: admin.auth })).statusCode, 404);

  const last = await app.inject({ method: 'DELETE', url: `/admin/users/${admin.id}`, headers: admin.auth });
  assert.equal(last.statusCode, 409);
  assert.equal(last.json().code, 'LAST_ADMIN');
  // With a second admin, the first may go.
  await app.adminService.applyAdminGroup(app.db, bob.id, true);
  assert.equal((await app.inject({ method: 'DELETE', url: `/admin/users/${admin.id}`, headers: bob.auth })).statusCode, 200);
  // A sign-on group never demotes the last admin.
  await app.adminService.applyAdminGroup(app.db, bob.id, false);
  assert.equal((await app.db.selectFrom('users').select('role').where('id', '=', bob.id).executeTakeFirstOrThrow()).role, 'admin');
});

test('REGISTRATION=invite: a code is needed (household or admin), spent once; the first account needs none', async (t) => {
  const { app } = await buildTestApp(t, { env: { ...env, REGISTRATION: 'invite' } });
  const register = (username: string, invite_code?: string) =>
    app.inject({
      method: 'POST',
      url: '/register',
      payload: { username, password: 'correct horse battery', ...(invite_code ? { invite_code } : {}) },
    });
  const admin = await registerAndLogin(app, 'first_admin');
  const refused = await register('no_code');
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().code, 'INVITE_REQUIRED');
  const adminCode = (await app.inject({ method: 'POST', url: '/admin/invitations', headers: admin.auth })).json().code;
  const householdCode = (await app.inject({ method: 'POST', url: '/household/invitations', headers: admin.auth })).json().code;
  assert.equal((await register('by_admin_code', adminCode)).statusCode, 201);
  assert.equal((await register('again_admin_code', adminCode)).statusCode, 410);
  assert.equal((await register('unknown_code', 'C'.repeat(32))).statusCode, 404);
  const joined = await register('by_household_code', householdCode);
  assert.equal(joined.statusCode, 201, joined.body);
  const members = (await app.inject({ method: 'GET', url: '/household', headers: admin.auth })).json().members;
  assert.deepEqual(
    members.map((m: { username: string }) => m.username),
    ['first_admin', 'by_household_code'],
  );
  const names = (await app.db.selectFrom('users').select('username').execute()).map((u) => u.username).sort();
  assert.deepEqual(names, ['by_admin_code', 'by_household_code', 'first_admin']);
});

test('REGISTRATION=closed lets only the first account in', async (t) => {
  const { app } = await buildTestApp(t, { env: { ...env, REGISTRATION: 'closed' } });
  const first = await app.inject({
    method: 'POST',
    url: '/register',
    payload: { username: 'only_one', password: 'correct horse battery' },
  });
  assert.equal(first.statusCode, 201);
  const second = await app.inject({ method: 'POST', url: '/register', payload: { username: 'second', password: 'correct horse battery' } });
  assert.equal(second.statusCode, 403);
  assert.equal(second.json().code, 'REGISTRATION_CLOSED');
  assert.equal((await app.db.selectFrom('users').select('id').execute()).length, 1);
});
