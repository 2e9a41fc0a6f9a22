// Security headers, CORS (off unless configured), the JSON body limit and the password length cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, registerAndLogin, testConfig, uniqueUsername } from '../helpers/build.js';

test('security headers are on every response: API, errors and the docs', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const responses = {
    api: await app.inject({ method: 'GET', url: '/protected', headers: user.auth }),
    error: await app.inject({ method: 'GET', url: '/protected' }),
    notFound: await app.inject({ method: 'GET', url: '/nowhere' }),
    docs: await app.inject({ method: 'GET', url: '/apidocs/' }),
  };
  for (const [label, res] of Object.entries(responses)) {
    const h = res.headers;
    const csp = String(h['content-security-policy']);
    assert.match(csp, /default-src 'self'/, label);
    assert.match(csp, /object-src 'none'/, label);
    assert.match(csp, /frame-ancestors 'none'/, label);
    assert.match(csp, /script-src 'self'(;|$)/, `${label}: no inline or remote scripts`);
    assert.equal(h['x-content-type-options'], 'nosniff', label);
    assert.equal(h['x-frame-options'], 'DENY', label);
    assert.equal(h['referrer-policy'], 'no-referrer', label);
    assert.match(String(h['strict-transport-security']), /max-age=\d+/, label);
    assert.equal(h['x-powered-by'], undefined, label);
  }
});

test('CORS is off by default: no Access-Control-Allow-Origin for any origin', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://evil.example' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['access-control-allow-origin'], undefined);
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/recipes',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  assert.equal(preflight.headers['access-control-allow-origin'], undefined);
});

test('CORS_ORIGINS allows exactly the named origins, with the headers a browser client needs', async (t) => {
  const { app } = await buildTestApp(t, { env: { CORS_ORIGINS: 'https://app.example, http://localhost:3000' } });
  const user = await registerAndLogin(app);
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/recipes',
    headers: {
      origin: 'https://app.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
  assert.equal(preflight.statusCode, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example');
  assert.match(String(preflight.headers['access-control-allow-headers']), /Authorization/);
  assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
  // A browser client on an allowed origin may call every operation of the document.
  const documented = new Set(
    Object.values((app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths).flatMap((ops) =>
      Object.keys(ops).map((m) => m.toUpperCase()),
    ),
  );
  const allowed = String(preflight.headers['access-control-allow-methods']).split(/\s*,\s*/);
  assert.deepEqual(
    [...documented].filter((m) => !allowed.includes(m)),
    [],
    'methods of the document a browser client may not call',
  );
  assert.equal(preflight.headers['access-control-allow-credentials'], undefined, 'no cookies cross-origin');

  const list = await app.inject({ method: 'GET', url: '/recipes', headers: { ...user.auth, origin: 'http://localhost:3000' } });
  assert.equal(list.statusCode, 200);
  assert.equal(list.headers['access-control-allow-origin'], 'http://localhost:3000');
  assert.match(String(list.headers['access-control-expose-headers']), /X-Total-Count/);

  for (const origin of ['https://evil.example', 'https://app.example.evil.example', 'http://app.example', 'null']) {
    const res = await app.inject({ method: 'GET', url: '/recipes', headers: { ...user.auth, origin } });
    assert.equal(res.headers['access-control-allow-origin'], undefined, origin);
  }
});

test('CORS_ORIGINS entries that are not origins fail at start', () => {
  for (const bad of ['app.example', 'https://app.example/path', 'ftp://x.example']) {
    assert.throws(() => testConfig({ CORS_ORIGINS: bad }), /CORS_ORIGINS/, bad);
  }
});

test('a JSON body over 64 KB gets 413, before authentication work or hashing', async (t) => {
  const { app, config } = await buildTestApp(t);
  assert.equal(config.bodyLimit, 64 * 1024);
  const user = await registerAndLogin(app);
  const big = { title: 'Big', ingredients: 'x'.repeat(70 * 1024), time_minutes: 1 };
  const res = await app.inject({ method: 'POST', url: '/recipes', headers: user.auth, payload: big });
  assert.equal(res.statusCode, 413);
  assert.equal(typeof res.json().error, 'string');
  const reg = await app.inject({
    method: 'POST',
    url: '/register',
    payload: { username: uniqueUsername(), password: 'p'.repeat(70 * 1024) },
  });
  assert.equal(reg.statusCode, 413);
  // Just under the limit is parsed (and then judged by the schema: ingredients max 10,000 chars).
  const under = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: user.auth,
    payload: { ...big, ingredients: 'x'.repeat(60 * 1024) },
  });
  assert.equal(under.statusCode, 400);
});

test('passwords are capped at 256 characters on register, login and password change', async (t) => {
  const { app } = await buildTestApp(t);
  const long = 'é'.repeat(256);
  const username = uniqueUsername();
  assert.equal((await app.inject({ method: 'POST', url: '/register', payload: { username, password: long } })).statusCode, 201);
  assert.equal((await app.inject({ method: 'POST', url: '/login', payload: { username, password: long } })).statusCode, 200);
  assert.equal(
    (await app.inject({ method: 'POST', url: '/register', payload: { username: uniqueUsername(), password: 'p'.repeat(257) } })).statusCode,
    400,
  );
  assert.equal((await app.inject({ method: 'POST', url: '/login', payload: { username, password: `${long}x` } })).statusCode, 400);
  const user = await registerAndLogin(app);
  const change = await app.inject({
    method: 'PUT',
    url: '/me/password',
    headers: user.auth,
    payload: { current_password: user.password, new_password: 'n'.repeat(257) },
  });
  assert.equal(change.statusCode, 400);
});
