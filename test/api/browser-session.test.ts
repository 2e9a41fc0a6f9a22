// Browser sessions (POST/DELETE /session, POST /session/refresh): the refresh token only ever in
// an HttpOnly, SameSite=Strict, host-locked cookie on Path=/ (`__Host-gourmet_refresh` over https,
// `gourmet_refresh` over plain http), and cross-site requests refused.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildTestApp as buildApp, uniqueUsername } from '../helpers/build.js';

const HOST = 'app.test:5000';
const OWN = { host: HOST, origin: `http://${HOST}`, 'x-requested-with': 'fetch' };
/** The apps here are reached as app.test, a name the deployment must list (ALLOWED_HOSTS). */
const buildTestApp = (t: TestContext, opts: { env?: Record<string, string> } = {}) =>
  buildApp(t, { env: { ALLOWED_HOSTS: 'app.test', ...opts.env } });

async function register(app: FastifyInstance) {
  const username = uniqueUsername('web');
  const password = 'correct horse battery';
  assert.equal((await app.inject({ method: 'POST', url: '/register', payload: { username, password } })).statusCode, 201);
  return { username, password };
}

/** Every Set-Cookie of a session cookie (either name), parsed. */
function sessionCookies(res: LightMyRequestResponse) {
  return ([] as string[])
    .concat(res.headers['set-cookie'] ?? [])
    .filter((c) => /^(__Host-)?gourmet_refresh=/.test(c))
    .map((raw) => {
      const attrs = raw
        .split(';')
        .slice(1)
        .map((a) => a.trim().toLowerCase());
      const eq = raw.indexOf('=');
      return {
        raw,
        name: raw.slice(0, eq),
        value: raw.slice(eq + 1).split(';')[0]!,
        attrs,
        path: attrs.find((a) => a.startsWith('path='))?.slice(5),
      };
    });
}

/** The session cookie set on Path=/ (the live one; other Set-Cookies of the answer clear other copies). */
function sessionCookie(res: LightMyRequestResponse, name = 'gourmet_refresh') {
  const cookie = sessionCookies(res).find((c) => c.name === name && c.path === '/');
  assert.ok(cookie, `a ${name} cookie on Path=/ is set (got ${JSON.stringify(res.headers['set-cookie'])})`);
  return cookie;
}

/** Asserts that the answer clears the session cookie under both names and on every path it may have had. */
function assertClearsEverywhere(res: LightMyRequestResponse, except?: string) {
  const cleared = sessionCookies(res).filter(
    (c) => c.value === '' && c.attrs.some((a) => a.startsWith('expires=thu, 01 jan 1970') || a === 'max-age=0'),
  );
  const seen = cleared.map((c) => `${c.name} ${c.path}`).sort();
  const all = ['__Host-gourmet_refresh /', 'gourmet_refresh /', 'gourmet_refresh /session', 'gourmet_refresh /session/refresh'].filter(
    (x) => x !== except,
  );
  assert.deepEqual(seen, all, JSON.stringify(res.headers['set-cookie']));
  for (const c of cleared.filter((x) => x.name.startsWith('__Host-')))
    assert.ok(c.attrs.includes('secure'), 'a __Host- cookie is cleared with Secure');
}

test('POST /session: access token in the body, refresh token only in an HttpOnly SameSite=Strict cookie on Path=/', async (t) => {
  const { app, config } = await buildTestApp(t);
  const creds = await register(app);
  const res = await app.inject({ method: 'POST', url: '/session', headers: OWN, payload: creds });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'token_type']);
  assert.equal(res.headers['cache-control'], 'no-store');
  const cookie = sessionCookie(res);
  assert.ok(cookie.value.length > 20);
  assert.ok(cookie.attrs.includes('httponly'));
  assert.ok(cookie.attrs.includes('samesite=strict'));
  assert.ok(cookie.attrs.includes('path=/'));
  assert.ok(cookie.attrs.includes(`max-age=${config.jwtRefreshTtl}`));
  // Copies of earlier versions (Path=/session) and of the other name are cleared in the same answer.
  assertClearsEverywhere(res, 'gourmet_refresh /');
  assert.ok(!cookie.attrs.includes('secure'), 'plain http: no Secure flag, or the browser would drop the cookie');
  const me = await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${body.access_token}` } });
  assert.equal(me.statusCode, 200);

  const wrong = await app.inject({ method: 'POST', url: '/session', headers: OWN, payload: { ...creds, password: 'wrong password!' } });
  assert.equal(wrong.statusCode, 401);
  assert.equal(wrong.headers['set-cookie'], undefined);
});

test('the cookie is Secure when the request came over https through a trusted proxy', async (t) => {
  const { app } = await buildTestApp(t, { env: { TRUST_PROXY: '127.0.0.1' } });
  const creds = await register(app);
  const res = await app.inject({
    method: 'POST',
    url: '/session',
    payload: creds,
    headers: { ...OWN, origin: `https://${HOST}`, 'x-forwarded-proto': 'https' },
  });
  assert.equal(res.statusCode, 200, res.body);
  const secure = sessionCookie(res, '__Host-gourmet_refresh');
  assert.ok(secure.attrs.includes('secure'));
  assert.ok(secure.attrs.includes('path=/'));
  assert.ok(!secure.attrs.some((a) => a.startsWith('domain=')), 'a __Host- cookie has no Domain');
  // The same header from a client we do not trust changes nothing: its origin is http.
  const { app: direct } = await buildTestApp(t);
  const creds2 = await register(direct);
  const forged = await direct.inject({
    method: 'POST',
    url: '/session',
    payload: creds2,
    headers: { ...OWN, 'x-forwarded-proto': 'https' },
  });
  assert.equal(forged.statusCode, 200);
  assert.ok(!sessionCookie(forged).attrs.includes('secure'));
});

test('cross-site session requests are refused: no X-Requested-With, a foreign Origin, Sec-Fetch-Site cross-site', async (t) => {
  const { app } = await buildTestApp(t, { env: { CORS_ORIGINS: 'https://partner.example' } });
  const creds = await register(app);
  const cases: [string, Record<string, string>, number][] = [
    ['no custom header (an HTML form)', { host: HOST, origin: `http://${HOST}` }, 403],
    ['foreign origin', { ...OWN, origin: 'https://evil.example' }, 403],
    ['opaque origin', { ...OWN, origin: 'null' }, 403],
    ['same host, other scheme', { ...OWN, origin: `https://${HOST}` }, 403],
    ['cross-site fetch metadata', { ...OWN, 'sec-fetch-site': 'cross-site' }, 403],
    ['an origin CORS_ORIGINS lists', { ...OWN, origin: 'https://partner.example' }, 200],
    ['own origin', OWN, 200],
    ['no Origin at all (not a browser)', { host: HOST, 'x-requested-with': 'curl' }, 200],
  ];
  for (const [name, headers, status] of cases) {
    for (const [method, url] of [
      ['POST', '/session'],
      ['POST', '/session/refresh'],
      ['DELETE', '/session'],
    ] as const) {
      const res = await app.inject({ method, url, headers, payload: url === '/session' && method === 'POST' ? creds : undefined });
      if (status === 403) {
        assert.equal(res.statusCode, 403, `${name}: ${method} ${url}`);
        assert.equal(res.json().code, 'FORBIDDEN');
        assert.equal(res.headers['set-cookie'], undefined, `${name}: nothing set`);
      } else {
        assert.notEqual(res.statusCode, 403, `${name}: ${method} ${url} ${res.body}`);
      }
    }
  }
});

test('refresh rotates the cookie; replaying the old cookie revokes the session and clears the cookie', async (t) => {
  const { app } = await buildTestApp(t);
  const creds = await register(app);
  const first = sessionCookie(await app.inject({ method: 'POST', url: '/session', headers: OWN, payload: creds }));

  const refreshed = await app.inject({ method: 'POST', url: '/session/refresh', headers: OWN, cookies: { gourmet_refresh: first.value } });
  assert.equal(refreshed.statusCode, 200, refreshed.body);
  assert.ok(refreshed.json().access_token);
  assert.equal(refreshed.json().refresh_token, undefined);
  const second = sessionCookie(refreshed);
  assert.notEqual(second.value, first.value);

  const replay = await app.inject({ method: 'POST', url: '/session/refresh', headers: OWN, cookies: { gourmet_refresh: first.value } });
  assert.equal(replay.statusCode, 401);
  const cleared = sessionCookie(replay);
  assert.equal(cleared.value, '');
  assert.ok(
    sessionCookies(replay).some((c) => c.path === '/session' && c.value === ''),
    'the cookie of earlier versions, on /session, is cleared too',
  );
  assertClearsEverywhere(replay);
  // Reuse detection killed the whole family: the newer cookie and its access token are dead too.
  assert.equal(
    (await app.inject({ method: 'POST', url: '/session/refresh', headers: OWN, cookies: { gourmet_refresh: second.value } })).statusCode,
    401,
  );
  const access = refreshed.json().access_token;
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${access}` } })).statusCode, 401);

  const none = await app.inject({ method: 'POST', url: '/session/refresh', headers: OWN });
  assert.equal(none.statusCode, 401);
  assert.match(none.json().error, /log in/);
  assertClearsEverywhere(none);
});

test('DELETE /session ends the session of the cookie and the Bearer token, clears the cookie, and is idempotent', async (t) => {
  const { app } = await buildTestApp(t);
  const creds = await register(app);
  const login = await app.inject({ method: 'POST', url: '/session', headers: OWN, payload: creds });
  const cookie = sessionCookie(login);
  const access = login.json().access_token;
  // A second session of the same user (another browser) survives.
  const other = await app.inject({ method: 'POST', url: '/session', headers: OWN, payload: creds });

  const out = await app.inject({
    method: 'DELETE',
    url: '/session',
    headers: { ...OWN, authorization: `Bearer ${access}` },
    cookies: { gourmet_refresh: cookie.value },
  });
  assert.equal(out.statusCode, 204);
  assert.equal(sessionCookie(out).value, '');
  assertClearsEverywhere(out);
  assert.equal(
    (await app.inject({ method: 'POST', url: '/session/refresh', headers: OWN, cookies: { gourmet_refresh: cookie.value } })).statusCode,
    401,
  );
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${access}` } })).statusCode, 401);
  assert.equal(
    (await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${other.json().access_token}` } })).statusCode,
    200,
  );

  const again = await app.inject({ method: 'DELETE', url: '/session', headers: OWN, cookies: { gourmet_refresh: cookie.value } });
  assert.equal(again.statusCode, 204);
  // Only the cookie, no Bearer: the session still ends (an access token that expired in memory is no obstacle).
  const otherCookie = sessionCookie(other).value;
  assert.equal(
    (await app.inject({ method: 'DELETE', url: '/session', headers: OWN, cookies: { gourmet_refresh: otherCookie } })).statusCode,
    204,
  );
  assert.equal(
    (await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${other.json().access_token}` } })).statusCode,
    401,
  );
});

test('the session routes are in the OpenAPI document with operationIds and the X-Requested-With header', async (t) => {
  const { app } = await buildTestApp(t);
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const ops = [doc.paths['/session'].post, doc.paths['/session/refresh'].post, doc.paths['/session'].delete];
  assert.deepEqual(
    ops.map((o: { operationId: string }) => o.operationId),
    ['createBrowserSession', 'refreshBrowserSession', 'deleteBrowserSession'],
  );
  for (const op of ops) {
    assert.ok(
      op.parameters.some(
        (p: { in: string; name: string; required: boolean }) => p.in === 'header' && p.name === 'x-requested-with' && p.required,
      ),
    );
    assert.deepEqual(op.security, []);
    assert.ok(op.responses['403']);
  }
});

test('cookie tossing: a request with more than one session cookie is refused with 400, every copy cleared, no session spent', async (t) => {
  const { app } = await buildTestApp(t);
  const victim = sessionCookie(await app.inject({ method: 'POST', url: '/session', headers: OWN, payload: await register(app) }));
  const attacker = sessionCookie(await app.inject({ method: 'POST', url: '/session', headers: OWN, payload: await register(app) }));
  // A page of another port or a sibling subdomain set its own cookie for a longer path: the browser sends it first.
  for (const cookie of [
    `gourmet_refresh=${attacker.value}; gourmet_refresh=${victim.value}`,
    `gourmet_refresh=junk; other=1; gourmet_refresh=${victim.value}`,
    'gourmet_refresh=; gourmet_refresh=x',
  ]) {
    const res = await app.inject({ method: 'POST', url: '/session/refresh', headers: { ...OWN, cookie } });
    assert.equal(res.statusCode, 400, `${cookie}: ${res.body}`);
    assert.equal(res.json().code, 'BAD_REQUEST');
    assert.match(res.json().error, /more than one session cookie/i);
    assert.equal(res.json().access_token, undefined);
    assertClearsEverywhere(res);
  }
  // Neither token was spent: each, alone, still refreshes its own session.
  for (const c of [victim, attacker]) {
    const res = await app.inject({ method: 'POST', url: '/session/refresh', headers: { ...OWN, cookie: `gourmet_refresh=${c.value}` } });
    assert.equal(res.statusCode, 200, res.body);
  }
});

test('over https only __Host-gourmet_refresh is read: a plain-named cookie beside it is ignored and cleared, two __Host- cookies are refused', async (t) => {
  const { app } = await buildTestApp(t, { env: { PUBLIC_ORIGIN: 'https://app.test:5000' } });
  const headers = { ...OWN, origin: 'https://app.test:5000' };
  const creds = await register(app);
  const login = await app.inject({ method: 'POST', url: '/session', headers, payload: creds });
  assert.equal(login.statusCode, 200, login.body);
  const own = sessionCookie(login, '__Host-gourmet_refresh');
  assert.ok(own.attrs.includes('secure'), 'PUBLIC_ORIGIN is https: Secure even though TLS ended before the app');
  assertClearsEverywhere(login, '__Host-gourmet_refresh /');
  const planted = sessionCookie(
    await app.inject({ method: 'POST', url: '/session', headers, payload: await register(app) }),
    '__Host-gourmet_refresh',
  );

  const mixed = await app.inject({
    method: 'POST',
    url: '/session/refresh',
    headers: { ...headers, cookie: `gourmet_refresh=${planted.value}; __Host-gourmet_refresh=${own.value}` },
  });
  assert.equal(mixed.statusCode, 200, mixed.body);
  const me = await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${mixed.json().access_token}` } });
  assert.equal(me.json().username, creds.username, 'signed in as the user, not as whoever planted the plain cookie');
  assert.ok(
    sessionCookies(mixed).some((c) => c.name === 'gourmet_refresh' && c.path === '/' && c.value === ''),
    'the planted copy is cleared',
  );

  const plainOnly = await app.inject({
    method: 'POST',
    url: '/session/refresh',
    headers: { ...headers, cookie: `gourmet_refresh=${planted.value}` },
  });
  assert.equal(plainOnly.statusCode, 401, 'a plain-named cookie over https is never read');
  const fresh = sessionCookie(mixed, '__Host-gourmet_refresh');
  const two = await app.inject({
    method: 'POST',
    url: '/session/refresh',
    headers: { ...headers, cookie: `__Host-gourmet_refresh=${planted.value}; __Host-gourmet_refresh=${fresh.value}` },
  });
  assert.equal(two.statusCode, 400, two.body);
  assertClearsEverywhere(two);
});

test('logout with several session cookies ends each of their sessions and clears every copy', async (t) => {
  const { app } = await buildTestApp(t);
  const a = sessionCookie(await app.inject({ method: 'POST', url: '/session', headers: OWN, payload: await register(app) }));
  const b = sessionCookie(await app.inject({ method: 'POST', url: '/session', headers: OWN, payload: await register(app) }));
  const out = await app.inject({
    method: 'DELETE',
    url: '/session',
    headers: { ...OWN, cookie: `gourmet_refresh=${a.value}; gourmet_refresh=${b.value}` },
  });
  assert.equal(out.statusCode, 204);
  assertClearsEverywhere(out);
  for (const c of [a, b]) {
    assert.equal(
      (await app.inject({ method: 'POST', url: '/session/refresh', headers: { ...OWN, cookie: `gourmet_refresh=${c.value}` } })).statusCode,
      401,
    );
  }
});
