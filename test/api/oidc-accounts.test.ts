// Accounts made and linked by single sign-on: racing first sign-ins of one identity, racing
// namesakes, and the OIDC_ADMIN_GROUP decision reaching the hook in the linking transaction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db } from '../../src/lib/db.js';
import { FlowSealer, flowKeyMaterial } from '../../src/modules/oidc/flow-cookie.js';
import { OidcService } from '../../src/modules/oidc/oidc.service.js';
import { oidcSuite, throughProvider, userCount } from '../helpers/oidc-provider.js';

const { setup } = oidcSuite();

test('first sign-ins of one identity racing each other make exactly one account (many times over)', async (t) => {
  const { app, provider } = await setup(t);
  const service = app.oidcService!;
  for (let round = 0; round < 15; round++) {
    const results = await Promise.all(Array.from({ length: 6 }, () => service.signIn(provider.issuer, `racer-${round}`, { preferred_username: 'racer' })));
    assert.equal(new Set(results.map((r) => r.userId)).size, 1, `round ${round}: one account`);
    assert.equal(results.filter((r) => r.created).length, 1, `round ${round}: made once`);
    assert.ok(results.every((r) => r.adminGroupMember === undefined), 'no decision without OIDC_ADMIN_GROUP');
  }
  // Different identities racing for one preferred name each get a name of their own.
  const distinct = await Promise.all(Array.from({ length: 6 }, (_, i) => service.signIn(provider.issuer, `namesake-${i}`, { preferred_username: 'namesake' })));
  const names = await app.db.selectFrom('users').select('username').where('id', 'in', distinct.map((r) => r.userId)).execute();
  assert.equal(new Set(names.map((n) => n.username)).size, 6);
  assert.equal(await userCount(app), 15 + 6);
});

test('OIDC_ADMIN_GROUP: the groups claim (here only in the userinfo answer) decides at every sign-in, in the linking transaction', async (t) => {
  const { app, provider, config } = await setup(t, { OIDC_ADMIN_GROUP: 'recipe-admins', OIDC_SCOPES: 'openid profile groups' });
  const decisions: [number, boolean][] = [];
  // The service as the plugin builds it, with the hook that applies the decision to the account.
  const service = new OidcService({
    config: config.oidc!, db: app.db, auth: app.authService, clock: app.clock, log: app.log,
    sealer: new FlowSealer(flowKeyMaterial(config.jwtKeys)),
    applyAdminGroup: async (trx: Db, userId: number, isMember: boolean) => {
      assert.ok(await trx.selectFrom('oidc_identities').select('user_id').where('user_id', '=', userId).executeTakeFirst(), 'the identity is linked in the same transaction');
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
  assert.deepEqual(decisions, [[admin.result.userId, true], [admin.result.userId, false], [cook.result.userId, false]]);
  // The app's own service decides the same way (its result is what the callback logs).
  assert.equal((await app.oidcService!.signIn(provider.issuer, 'sub-plain', { groups: ['recipe-admins'] })).adminGroupMember, true);
});
