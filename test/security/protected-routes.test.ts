// Every route the OpenAPI document marks as protected is tried with no token, a malformed
// header, an expired token, a tampered one, one signed with another secret and `alg: none`.
// Deriving the list from the document means a new protected route is covered automatically.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, createRecipe, registerAndLogin, type LoggedInUser } from '../helpers/build.js';
import { algNoneToken, baseClaims, forgeToken, tamperToken } from '../helpers/tokens.js';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function protectedRoutes(app: FastifyInstance, recipeId: number) {
  const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const routes: { method: Method; url: string }[] = [];
  for (const [path, ops] of Object.entries<Record<string, { security?: unknown[] }>>(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      // `{}` among the requirements means anonymous access is allowed too (GET /metrics without METRICS_TOKEN).
      if (op.security?.length && !op.security.some((req) => Object.keys(req as object).length === 0))
        routes.push({ method: method.toUpperCase() as Method, url: path.replace('{id}', String(recipeId)) });
    }
  }
  return routes;
}

async function setup(t: Parameters<typeof buildTestApp>[0]) {
  const ctx = await buildTestApp(t);
  const user = await registerAndLogin(ctx.app);
  const recipe = (await createRecipe(ctx.app, user)).json();
  const routes = await protectedRoutes(ctx.app, recipe.id);
  return { ...ctx, user, recipe, routes };
}

async function expect401(app: FastifyInstance, routes: { method: Method; url: string }[], headers: Record<string, string>, label: string) {
  for (const r of routes) {
    const res = await app.inject({
      method: r.method,
      url: r.url,
      headers,
      payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
    });
    assert.equal(res.statusCode, 401, `${label}: ${r.method} ${r.url} gave ${res.statusCode} ${res.body}`);
    assert.equal(typeof res.json().error, 'string');
    assert.ok(!/at .*\.ts|SELECT|argon2/i.test(res.body), 'no internals in the body');
  }
}

test('the protected route list covers the contract', async (t) => {
  const { routes } = await setup(t);
  const names = routes.map((r) => `${r.method} ${r.url.replace(/\d+$/, '{id}')}`);
  for (const expected of [
    'GET /me',
    'GET /protected',
    'POST /logout',
    'POST /recipes',
    'GET /recipes',
    'GET /recipes/{id}',
    'PUT /recipes/{id}',
    'DELETE /recipes/{id}',
    'POST /parse/ingredients',
  ]) {
    assert.ok(names.includes(expected), `${expected} is documented as protected`);
  }
});

test('no token and malformed Authorization headers get 401', async (t) => {
  const { app, routes, user } = await setup(t);
  await expect401(app, routes, {}, 'no token');
  for (const authorization of [
    'Bearer',
    'Bearer ',
    `Token ${user.token}`,
    `bearer${user.token}`,
    user.token,
    'Bearer not.a.jwt',
    'Bearer a.b',
    `Bearer ${user.token} extra`,
    'Basic dXNlcjpwYXNz',
  ]) {
    await expect401(app, routes, { authorization }, `malformed "${authorization.slice(0, 20)}"`);
  }
});

test('an expired token gets 401', async (t) => {
  const { app, routes, user, clock, config } = await setup(t);
  // Used while valid first, so whatever the service remembers about it is put to the test too.
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: user.auth })).statusCode, 200);
  clock.advance((config.jwtAccessTtl + config.jwtClockToleranceSec + 1) * 1000);
  await expect401(app, routes, user.auth, 'expired');
});

test('a token within its lifetime and the clock tolerance still works', async (t) => {
  const { app, user, clock, config } = await setup(t);
  clock.advance((config.jwtAccessTtl - 1) * 1000);
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: user.auth })).statusCode, 200);
});

test('tampered tokens get 401', async (t) => {
  const { app, routes, user } = await setup(t);
  const victim = await registerAndLogin(app);
  await expect401(app, routes, { authorization: `Bearer ${tamperToken(user.token, { sub: String(victim.id) })}` }, 'tampered sub');
  await expect401(app, routes, { authorization: `Bearer ${tamperToken(user.token, { exp: 4102444800 })}` }, 'tampered exp');
  await expect401(app, routes, { authorization: `Bearer ${user.token.slice(0, -2)}xx` }, 'tampered signature');
});

test('tokens signed with another secret, with alg none, or with wrong claims get 401', async (t) => {
  const { app, routes, user } = await setup(t);
  const now = Math.floor(Date.now() / 1000);
  const cases: Record<string, string> = {
    'other secret': await forgeToken(user.id, { secret: 'another-secret-that-is-also-long-enough-000' }),
    'alg none': algNoneToken(user.id),
    'wrong issuer': await forgeToken(user.id, { claims: { iss: 'someone-else' } }),
    'wrong audience': await forgeToken(user.id, { claims: { aud: 'another-api' } }),
    'not yet valid': await forgeToken(user.id, { claims: { nbf: now + 3600, iat: now + 3600 } }),
    'no jti': await forgeToken(user.id, { claims: { jti: undefined } }),
    'not an access token': await forgeToken(user.id, { claims: { type: 'refresh' } }),
    'unknown kid': await forgeToken(user.id, { kid: 'k9' }),
    'hostile kid': await forgeToken(user.id, { kid: '../../etc/passwd' }),
    HS512: await forgeToken(user.id, { alg: 'HS512' }),
  };
  for (const [label, token] of Object.entries(cases)) await expect401(app, routes, { authorization: `Bearer ${token}` }, label);
  // Sanity: the forging helper itself makes tokens the app accepts when nothing is wrong.
  const user0 = await app.db.selectFrom('users').select('session_version').where('id', '=', user.id).executeTakeFirstOrThrow();
  const good = await forgeToken(user.id, { claims: { ...baseClaims(user.id), ver: user0.session_version } });
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${good}` } })).statusCode, 200);
});

test("another user's token: may read, may not change or delete (403)", async (t) => {
  const { app, recipe } = await setup(t);
  const other: LoggedInUser = await registerAndLogin(app);
  assert.equal(
    (await app.inject({ method: 'PUT', url: `/recipes/${recipe.id}`, headers: other.auth, payload: { title: 'x' } })).statusCode,
    403,
  );
  assert.equal((await app.inject({ method: 'DELETE', url: `/recipes/${recipe.id}`, headers: other.auth })).statusCode, 403);
  const me = await app.inject({ method: 'GET', url: '/me', headers: other.auth });
  assert.equal(me.json().id, other.id, '/me answers for the token owner only');
});

test('a valid token of a deleted user is refused', async (t) => {
  const { app, routes, user } = await setup(t);
  await app.db.deleteFrom('users').where('id', '=', user.id).execute();
  await expect401(app, routes, user.auth, 'deleted user');
});
