// What the provider sends, or fails to send, against a real provider on 127.0.0.1: ID tokens that
// are expired, for another audience or issuer, or signed with a key it does not publish; its
// refusal (error=access_denied); and no answer at all. Each is refused with {error, code} and no session.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateKeyPair } from 'jose';
import { buildTestApp } from '../helpers/build.js';
import { assertRefused, callback, oidcSuite, startTestProvider, throughProvider, type TestProvider } from '../helpers/oidc-provider.js';

const { setup } = oidcSuite();

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

test("the provider's refusal (error=access_denied) is a 401 with no session", async (t) => {
  const { app, provider } = await setup(t);
  const steps = await throughProvider(app, provider);
  const state = new URLSearchParams(steps.callbackPath.split('?')[1]).get('state')!;
  const denied = `/auth/oidc/callback?error=access_denied&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(provider.issuer)}`;
  assertRefused(await callback(app, { ...steps, callbackPath: denied }), 401, 'OIDC_SIGN_IN_FAILED');
});

test('an unreachable provider is a 502, and the next start tries discovery again', async (t) => {
  const gone: TestProvider = await startTestProvider();
  const { app } = await buildTestApp(t, { env: gone.env });
  await gone.close();
  const res = await app.inject({ method: 'GET', url: '/auth/oidc/start' });
  assert.equal(res.statusCode, 502, res.body);
  assert.equal(res.json().code, 'BAD_GATEWAY');
  // The provider is back (same address): the failed discovery was not kept.
  const back = await startTestProvider({ port: Number(new URL(gone.issuer).port) });
  t.after(() => back.close());
  assert.equal((await app.inject({ method: 'GET', url: '/auth/oidc/start' })).statusCode, 302);
});
