// Callbacks that are not the answer to this browser's own sign-in, against a real provider on
// 127.0.0.1: a forged state, no or another browser's flow cookie, a replayed code, a wrong nonce;
// and the flow routes without a provider. Each refusal is a 4xx with {error, code}, sets no
// session cookie and clears the flow cookie.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp } from '../helpers/build.js';
import { assertRefused, callback, oidcSuite, throughProvider, userCount } from '../helpers/oidc-provider.js';

const { setup } = oidcSuite();

test("a forged state, a missing or tampered flow cookie, and another browser's flow cookie are refused", async (t) => {
  const { app, provider } = await setup(t);
  const steps = await throughProvider(app, provider);
  const forged = steps.callbackPath.replace(/state=[^&]+/, 'state=forged-state-value');
  assertRefused(await callback(app, { ...steps, callbackPath: forged }), 400, 'OIDC_STATE_INVALID');
  assertRefused(await callback(app, steps, ''), 400, 'OIDC_STATE_INVALID');
  const tampered = steps.flowCookie.slice(0, -4) + (steps.flowCookie.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  assertRefused(await callback(app, steps, tampered), 400, 'OIDC_STATE_INVALID');
  // A second sign-in's cookie with the first one's answer: the login-CSRF case.
  const other = await throughProvider(app, provider);
  assertRefused(await callback(app, steps, other.flowCookie), 400, 'OIDC_STATE_INVALID');
  assert.equal(await userCount(app), 0, 'nothing was created');
  // The genuine answer still works once.
  assert.equal((await callback(app, other)).statusCode, 302);
});

test('a replayed code is refused by the provider and gives no second session', async (t) => {
  const { app, provider } = await setup(t);
  const steps = await throughProvider(app, provider);
  const first = await callback(app, steps);
  assert.equal(first.statusCode, 302, first.body);
  assertRefused(await callback(app, steps), 401, 'OIDC_SIGN_IN_FAILED');
});

test('an ID token for another nonce is refused', async (t) => {
  const { app, provider } = await setup(t);
  // The provider is asked with another nonce than the one the app keeps for this browser.
  const steps = await throughProvider(app, provider, {
    changeAuthorizationUrl: (url) => url.searchParams.set('nonce', 'a-nonce-of-someone-elses-request'),
  });
  assertRefused(await callback(app, steps), 401, 'OIDC_SIGN_IN_FAILED');
  assert.equal(await userCount(app), 0);
});

test('without a provider the flow routes answer 404 and /auth/methods says so', async (t) => {
  const { app } = await buildTestApp(t);
  assert.deepEqual((await app.inject({ method: 'GET', url: '/auth/methods' })).json(), { password: true, oidc: null });
  for (const url of ['/auth/oidc/start', '/auth/oidc/callback?code=x&state=y']) {
    const res = await app.inject({ method: 'GET', url });
    assert.equal(res.statusCode, 404, res.body);
    assert.equal(res.json().code, 'NOT_FOUND');
  }
});
