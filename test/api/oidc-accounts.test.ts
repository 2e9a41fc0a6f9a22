// Accounts made and linked by single sign-on: racing first sign-ins of one identity, racing
// namesakes, the OIDC_ADMIN_GROUP decision reaching the hook in the linking transaction, and
// what the log says of a sign-in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db } from '../../src/lib/db.js';
import { FlowSealer, flowKeyMaterial } from '../../src/modules/oidc/flow-cookie.js';
import { OidcService } from '../../src/modules/oidc/oidc.service.js';
import { Writable } from 'node:stream';
import { buildTestApp } from '../helpers/build.js';
import { callback, oidcSuite, setCookie, startTestProvider, throughProvider, userCount } from '../helpers/oidc-provider.js';

const { setup } = oidcSuite();

test('first sign-ins of one identity racing each other make exactly one account (many times over)', async (t) => {
  const { app, provider } = await setup(t);
  const service = app.oidcService!;
  for (let round = 0; round < 15; round++) {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => service.signIn(provider.issuer, `racer-${round}`, { preferred_username: 'racer' })),
    );
    assert.equal(new Set(results.map((r) => r.userId)).size, 1, `round ${round}: one account`);
    assert.equal(results.filter((r) => r.created).length, 1, `round ${round}: made once`);
    assert.ok(
      results.every((r) => r.adminGroupMember === undefined),
      'no decision without OIDC_ADMIN_GROUP',
    );
  }
  // Different identities racing for one preferred name each get a name of their own.
  const distinct = await Promise.all(
    Array.from({ length: 6 }, (_, i) => service.signIn(provider.issuer, `namesake-${i}`, { preferred_username: 'namesake' })),
  );
  const names = await app.db
    .selectFrom('users')
    .select('username')
    .where(
      'id',
      'in',
      distinct.map((r) => r.userId),
    )
    .execute();
  assert.equal(new Set(names.map((n) => n.username)).size, 6);
  assert.equal(await userCount(app), 15 + 6);
});

test('OIDC_ADMIN_GROUP: the groups claim (here only in the userinfo answer) decides at every sign-in, in the linking transaction', async (t) => {
  const { app, provider, config } = await setup(t, { OIDC_ADMIN_GROUP: 'recipe-admins', OIDC_SCOPES: 'openid profile groups' });
  const decisions: [number, boolean][] = [];
  // The service as the plugin builds it, with the hook that applies the decision to the account.
  const service = new OidcService({
    config: config.oidc!,
    db: app.db,
    auth: app.authService,
    clock: app.clock,
    log: app.log,
    sealer: new FlowSealer(flowKeyMaterial(config.jwtKeys)),
    applyAdminGroup: async (trx: Db, userId: number, isMember: boolean) => {
      assert.ok(
        await trx.selectFrom('oidc_identities').select('user_id').where('user_id', '=', userId).executeTakeFirst(),
        'the identity is linked in the same transaction',
      );
      decisions.push([userId, isMember]);
    },
  });
  const finish = async () => {
    const steps = await throughProvider(app, provider);
    return service.finish(new URLSearchParams(steps.callbackPath.split('?')[1]), steps.flowCookie.split('=')[1]);
  };
  provider.nextLogin = { sub: 'sub-admin', preferred_username: 'boss', groups: ['cooks', 'recipe-admins'] };
  const admin = await finish();
  assert.equal(admin.result.adminGroupMember, true);
  provider.nextLogin = { sub: 'sub-admin', preferred_username: 'boss', groups: ['cooks'] };
  const demoted = await finish();
  assert.deepEqual([demoted.result.userId, demoted.result.created, demoted.result.adminGroupMember], [admin.result.userId, false, false]);
  provider.nextLogin = { sub: 'sub-cook', preferred_username: 'cook' };
  const cook = await finish();
  assert.equal(cook.result.adminGroupMember, false);
  assert.deepEqual(decisions, [
    [admin.result.userId, true],
    [admin.result.userId, false],
    [cook.result.userId, false],
  ]);
  // The app's own service decides the same way (its result is what the callback logs).
  assert.equal((await app.oidcService!.signIn(provider.issuer, 'sub-plain', { groups: ['recipe-admins'] })).adminGroupMember, true);
});

test('a sign-in is logged with the account and the admin-group decision, never the code, the tokens or the secret', async (t) => {
  const provider = await startTestProvider();
  t.after(() => provider.close());
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const { app } = await buildTestApp(t, {
    env: { ...provider.env, OIDC_ADMIN_GROUP: 'recipe-admins', OIDC_SCOPES: 'openid profile groups' },
    build: { logger: { level: 'info', stream } },
  });
  provider.nextLogin = { sub: 'sub-logged', preferred_username: 'logged', groups: ['recipe-admins'] };
  const steps = await throughProvider(app, provider);
  const res = await callback(app, steps);
  assert.equal(res.statusCode, 302, res.body);
  const lines = chunks
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const signedIn = lines.find((l) => l.msg === 'signed in through the identity provider');
  assert.ok(signedIn, 'the sign-in is logged');
  assert.deepEqual([signedIn.created, signedIn.adminGroupMember, typeof signedIn.userId], [true, true, 'number']);
  const all = chunks.join('');
  const code = new URLSearchParams(steps.callbackPath.split('?')[1]).get('code')!;
  for (const secret of [code, provider.clientSecret, setCookie(res, 'gourmet_refresh')!.value, steps.flowCookie.split('=')[1]!]) {
    assert.ok(!all.includes(secret), `${secret.slice(0, 12)}… leaked into the logs`);
  }
});
