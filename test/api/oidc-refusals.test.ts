// Every way a single sign-on callback can be wrong, against a real provider on 127.0.0.1: a
// forged state, no or another browser's flow cookie, a replayed code, a wrong nonce, an expired,
// misaddressed or foreign-signed ID token, the provider's refusal. Each is a 4xx with
// {error, code}, sets no session cookie and clears the flow cookie.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateKeyPair } from 'jose';
import { assertRefused, callback, oidcSuite, throughProvider, userCount } from '../helpers/oidc-provider.js';

const { setup } = oidcSuite();

test('a forged state, a missing or tampered flow cookie, and another browser\'s flow cookie are refused', async (t) => {
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
  const steps = await throughProvider(app, provider, { changeAuthorizationUrl: (url) => url.searchParams.set('nonce', 'a-nonce-of-someone-elses-request') });
  assertRefused(await callback(app, steps), 401, 'OIDC_SIGN_IN_FAILED');
  assert.equal(await userCount(app), 0);
});

test('an expired ID token, one for another audience or issuer, and one signed with a key not in the JWKS are refused', async (t) => {
  const { app, provider } = await setup(t);
  const now = Math.floor(Date.now() / 1000);
  const cases: [string, (c: Record<string, unknown>) => Record<string, unknown>][] = [
    ['expired', (c) => ({ ...c, iat: now - 7200, exp: now - 3600 })],
    ['another audience', (c) => ({ ...c, aud: 'someone-else' })],
    ['another issuer', (c) => ({ ...c, iss: 'https://idp.example.org' })],
  ];
  for (const [label, rewrite] of cases) {
    provider.rewriteIdToken = rewrite;
    const res = await callback(app, await throughProvider(app, provider));
    assert.equal(res.statusCode, 401, `${label}: ${res.body}`);
    assertRefused(res, 401, 'OIDC_SIGN_IN_FAILED');
  }
  provider.rewriteIdToken = (c) => c;
  provider.rewriteKey = (await generateKeyPair('RS256')).privateKey;
  assertRefused(await callback(app, await throughProvider(app, provider)), 401, 'OIDC_SIGN_IN_FAILED');
  // The same untouched claims re-signed with the provider's own key pass: the checks above are what refused.
  provider.rewriteKey = undefined;
  assert.equal((await callback(app, await throughProvider(app, provider))).statusCode, 302);
});

test('the provider\'s refusal (error=access_denied) is a 401 with no session', async (t) => {
  const { app, provider } = await setup(t);
  const steps = await throughProvider(app, provider);
  const state = new URLSearchParams(steps.callbackPath.split('?')[1]).get('state')!;
  const denied = `/auth/oidc/callback?error=access_denied&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(provider.issuer)}`;
  assertRefused(await callback(app, { ...steps, callbackPath: denied }), 401, 'OIDC_SIGN_IN_FAILED');
});
