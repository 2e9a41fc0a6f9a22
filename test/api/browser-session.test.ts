// Browser sessions (POST/DELETE /session, POST /session/refresh): the refresh token only ever in
// an HttpOnly, SameSite=Strict cookie scoped to /session, and cross-site requests refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildTestApp, uniqueUsername } from '../helpers/build.js';

const HOST = 'app.test:5000';
const OWN = { host: HOST, origin: `http://${HOST}`, 'x-requested-with': 'fetch' };

async function register(app: FastifyInstance) {
  const username = uniqueUsername('web');
  const password = 'correct horse battery';
  assert.equal((await app.inject({ method: 'POST', url: '/register', payload: { username, password } })).statusCode, 201);
  return { username, password };
}

function sessionCookie(res: LightMyRequestResponse) {
  const raw = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('gourmet_refresh='));
  assert.ok(raw, `a gourmet_refresh cookie is set (got ${JSON.stringify(res.headers['set-cookie'])})`);
  return { raw, value: raw.split(';')[0]!.slice('gourmet_refresh='.length), attrs: raw.split(';').slice(1).map((a) => a.trim().toLowerCase()) };
}

test('POST /session: access token in the body, refresh token only in an HttpOnly SameSite=Strict cookie on /session', async (t) => {
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
  assert.ok(cookie.attrs.includes('path=/session'));
  assert.ok(cookie.attrs.includes(`max-age=${config.jwtRefreshTtl}`));
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
    method: 'POST', url: '/session', payload: creds,
    headers: { ...OWN, origin: `https://${HOST}`, 'x-forwarded-proto': 'https' },
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.ok(sessionCookie(res).attrs.includes('secure'));
  // The same header from a client we do not trust changes nothing: its origin is http.
  const { app: direct } = await buildTestApp(t);
  const creds2 = await register(direct);
  const forged = await direct.inject({ method: 'POST', url: '/session', payload: creds2, headers: { ...OWN, 'x-forwarded-proto': 'https' } });
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
    for (const [method, url] of [['POST', '/session'], ['POST', '/session/refresh'], ['DELETE', '/session']] as const) {
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
  assert.ok(cleared.attrs.includes('path=/session'));
  // Reuse detection killed the whole family: the newer cookie and its access token are dead too.
  assert.equal((await app.inject({ method: 'POST', url: '/session/refresh', headers: OWN, cookies: { gourmet_refresh: second.value } })).statusCode, 401);
  const access = refreshed.json().access_token;
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${access}` } })).statusCode, 401);

  const none = await app.inject({ method: 'POST', url: '/session/refresh', headers: OWN });
  assert.equal(none.statusCode, 401);
  assert.match(none.json().error, /log in/);
});

test('DELETE /session ends the session of the cookie and the Bearer token, clears the cookie, and is idempotent', async (t) => {
  const { app } = await buildTestApp(t);
  const creds = await register(app);
  const login = await app.inject({ method: 'POST', url: '/session', headers: OWN, payload: creds });
  const cookie = sessionCookie(login);
  const access = login.json().access_token;
  // A second session of the same user (another browser) survives.
  const other = await app.inject({ method: 'POST', url: '/session', headers: OWN, payload: creds });

  const out = await app.inject({ method: 'DELETE', url: '/session', headers: { ...OWN, authorization: `Bearer ${access}` }, cookies: { gourmet_refresh: cookie.value } });
  assert.equal(out.statusCode, 204);
  assert.equal(sessionCookie(out).value, '');
  assert.equal((await app.inject({ method: 'POST', url: '/session/refresh', headers: OWN, cookies: { gourmet_refresh: cookie.value } })).statusCode, 401);
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${access}` } })).statusCode, 401);
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${other.json().access_token}` } })).statusCode, 200);

  const again = await app.inject({ method: 'DELETE', url: '/session', headers: OWN, cookies: { gourmet_refresh: cookie.value } });
  assert.equal(again.statusCode, 204);
  // Only the cookie, no Bearer: the session still ends (an access token that expired in memory is no obstacle).
  const otherCookie = sessionCookie(other).value;
  assert.equal((await app.inject({ method: 'DELETE', url: '/session', headers: OWN, cookies: { gourmet_refresh: otherCookie } })).statusCode, 204);
  assert.equal((await app.inject({ method: 'GET', url: '/protected', headers: { authorization: `Bearer ${other.json().access_token}` } })).statusCode, 401);
});

test('the session routes are in the OpenAPI document with operationIds and the X-Requested-With header', async (t) => {
  const { app } = await buildTestApp(t);
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const ops = [doc.paths['/session'].post, doc.paths['/session/refresh'].post, doc.paths['/session'].delete];
  assert.deepEqual(ops.map((o: { operationId: string }) => o.operationId), ['createBrowserSession', 'refreshBrowserSession', 'deleteBrowserSession']);
  for (const op of ops) {
    assert.ok(op.parameters.some((p: { in: string; name: string; required: boolean }) => p.in === 'header' && p.name === 'x-requested-with' && p.required));
    assert.deepEqual(op.security, []);
    assert.ok(op.responses['403']);
  }
});
