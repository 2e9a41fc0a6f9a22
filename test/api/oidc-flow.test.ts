// Single sign-on against a real OpenID Connect provider started on 127.0.0.1 (oidc-provider,
// test/helpers/oidc-provider.ts): the whole flow from GET /auth/oidc/start to /me through the
// browser session, accounts by subject, and OIDC_ONLY.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callback, oidcSuite, sessionUser, setCookie, throughProvider, userCount } from '../helpers/oidc-provider.js';

const CSRF = { 'x-requested-with': 'fetch' };
const { setup } = oidcSuite();

test('the whole flow: start → provider → callback → session cookie → /me; PKCE S256, state and nonce sent', async (t) => {
  const { app, provider } = await setup(t);
  const methods = await app.inject({ method: 'GET', url: '/auth/methods' });
  assert.deepEqual(methods.json(), { password: true, oidc: { provider_name: 'Test ID', start_url: '/auth/oidc/start' } });

  const steps = await throughProvider(app, provider, { next: '/recipe/7?servings=2' });
  const q = steps.authorizationUrl.searchParams;
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('code_challenge_method'), 'S256');
  assert.match(q.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.ok((q.get('state') ?? '').length >= 32 && (q.get('nonce') ?? '').length >= 32, 'random state and nonce');
  assert.equal(q.get('redirect_uri'), provider.redirectUri);
  assert.equal(q.get('scope'), 'openid profile');
  const flowLine = setCookie(steps.start, 'gourmet_oidc')!.line;
  assert.match(flowLine, /HttpOnly/i);
  assert.match(flowLine, /SameSite=Lax/i);
  assert.match(flowLine, /Max-Age=600/);
  assert.ok(
    !flowLine.includes(q.get('state')!) && !flowLine.includes(q.get('nonce')!),
    'the flow cookie is sealed: state and nonce are not readable in it',
  );

  const res = await callback(app, steps);
  assert.equal(res.statusCode, 302, res.body);
  assert.equal(res.headers.location, '/recipe/7?servings=2', 'back where the sign-in started');
  assert.equal(setCookie(res, 'gourmet_oidc')?.value, '', 'the flow cookie is spent');
  const me = await sessionUser(app, res);
  assert.equal(me.username, 'ana');
});

test('the same subject twice is the same account; another subject with the same name gets a name of its own', async (t) => {
  const { app, provider } = await setup(t);
  const first = await sessionUser(app, await callback(app, await throughProvider(app, provider)));
  const again = await sessionUser(app, await callback(app, await throughProvider(app, provider)));
  assert.equal(again.id, first.id);
  assert.equal(await userCount(app), 1);
  // Same preferred_username and e-mail, another subject: never linked to the first account.
  provider.nextLogin = { sub: 'sub-other', preferred_username: 'ana', email: 'ana@example.org', email_verified: true };
  const other = await sessionUser(app, await callback(app, await throughProvider(app, provider)));
  assert.notEqual(other.id, first.id);
  assert.equal(other.username, 'ana-2');
});

test('an account made by the provider has no password: /login with any password is 401 like an unknown user', async (t) => {
  const { app, provider } = await setup(t);
  const me = await sessionUser(app, await callback(app, await throughProvider(app, provider)));
  for (const password of ['!', 'correct horse battery', '']) {
    const res = await app.inject({ method: 'POST', url: '/login', payload: { username: me.username, password: password.padEnd(8, 'x') } });
    assert.equal(res.statusCode, 401, res.body);
    assert.equal(res.json().code, 'INVALID_CREDENTIALS');
  }
});

test('OIDC_ONLY: /login, /register and POST /session are refused with 403; the provider still signs in', async (t) => {
  const { app, provider } = await setup(t, { OIDC_ONLY: 'true' });
  const creds = { username: 'chef_ana', password: 'correct horse battery' };
  for (const url of ['/register', '/login']) {
    const res = await app.inject({ method: 'POST', url, payload: creds });
    assert.equal(res.statusCode, 403, `${url}: ${res.body}`);
    assert.equal(res.json().code, 'PASSWORD_SIGN_IN_DISABLED');
  }
  const session = await app.inject({ method: 'POST', url: '/session', headers: CSRF, payload: creds });
  assert.equal(session.statusCode, 403);
  assert.equal(session.json().code, 'PASSWORD_SIGN_IN_DISABLED');
  assert.equal(await userCount(app), 0);
  assert.deepEqual((await app.inject({ method: 'GET', url: '/auth/methods' })).json().password, false);
  assert.equal((await sessionUser(app, await callback(app, await throughProvider(app, provider)))).username, 'ana');
});
