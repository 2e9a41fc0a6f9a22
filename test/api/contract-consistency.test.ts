// Behaviour the document promises, the same on every route: unknown fields refused, error codes
// from the catalogue (never Fastify's FST_*), URL fields that are real URLs, sort errors that name
// the allowed values, a useful GET /, conditional reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_CODES } from '../../src/errors.js';
import { buildTestApp, createRecipe, registerAndLogin, uniqueUsername } from '../helpers/build.js';

test('unknown fields are refused with 400 on every JSON body, auth included', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const username = uniqueUsername('admin');
  const reg = await app.inject({ method: 'POST', url: '/register', payload: { username, password: 'correct horse battery', admin: true } });
  assert.equal(reg.statusCode, 400, reg.body);
  assert.equal(reg.json().code, 'VALIDATION_FAILED');
  assert.deepEqual(reg.json().details, [{ path: 'body', message: 'has an unknown field "admin"' }]);
  const noUser = await app.inject({ method: 'POST', url: '/login', payload: { username, password: 'correct horse battery' } });
  assert.equal(noUser.statusCode, 401, 'the refused registration created nothing');

  const cases: [string, string, Record<string, unknown>, Record<string, string>?][] = [
    ['POST', '/login', { username: user.username, password: user.password, remember: true }],
    ['POST', '/refresh', { refresh_token: user.refreshToken, extra: 1 }],
    ['PUT', '/me/password', { current_password: user.password, new_password: 'another long password', extra: 1 }, user.auth],
    ['POST', '/recipes', { title: 'x', ingredients: 'y', time_minutes: 1, owner_id: 99 }, user.auth],
    ['POST', '/recipes/import', { url: 'https://cooking.example.org/x', title: 'x' }, user.auth],
  ];
  for (const [method, url, payload, headers] of cases) {
    const res = await app.inject({ method: method as 'POST', url, payload, headers });
    assert.equal(res.statusCode, 400, `${method} ${url}: ${res.body}`);
    assert.equal(res.json().code, 'VALIDATION_FAILED');
    assert.match(res.json().error, /unknown field/);
  }
});

test('framework errors answer catalogue codes, never FST_*', async (t) => {
  const { app } = await buildTestApp(t, { env: { BODY_LIMIT: '1024' } });
  const user = await registerAndLogin(app);
  const post = (payload: string, contentType: string) =>
    app.inject({ method: 'POST', url: '/recipes', headers: { ...user.auth, 'content-type': contentType }, payload });
  const cases: [Awaited<ReturnType<typeof post>>, number, string][] = [
    [await post('title=x', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [await post('{"title": ', 'application/json'), 400, 'BAD_REQUEST'],
    [
      await post(JSON.stringify({ title: 'x'.repeat(2000), ingredients: 'y', time_minutes: 1 }), 'application/json'),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
  ];
  for (const [res, status, code] of cases) {
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.json().code, code);
    assert.ok(!res.body.includes('FST_'), res.body);
    assert.ok((ERROR_CODES as readonly string[]).includes(res.json().code));
  }
  const logout = await app.inject({
    method: 'POST',
    url: '/logout',
    headers: { ...user.auth, 'content-type': 'text/plain' },
    payload: 'bye',
  });
  assert.equal(logout.statusCode, 415);
  assert.equal(logout.json().code, 'UNSUPPORTED_MEDIA_TYPE');
});

test('URL fields take only real http(s) URLs', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  for (const source_url of [
    `http://F0'O"UX!^`,
    'https://exa mple.org/r',
    'javascript:alert(1)',
    'ftp://files.example.org/r',
    'http://',
    'https://[::1',
    'https://example.org/<script>',
  ]) {
    const res = await app.inject({
      method: 'POST',
      url: '/recipes',
      headers: user.auth,
      payload: { title: 'x', ingredients: 'y', time_minutes: 1, source_url },
    });
    assert.equal(res.statusCode, 400, `${source_url}: ${res.body}`);
    assert.equal(res.json().details[0].path, 'body.source_url');
  }
  const ok = await createRecipe(app, user, {
    source_url: 'https://cooking.example.org/saffron-risotto?lang=pt#steps',
    image_url: 'http://127.0.0.1:8080/img.jpg',
  });
  assert.equal(ok.json().source_url, 'https://cooking.example.org/saffron-risotto?lang=pt#steps');
  const list = await app.inject({ method: 'GET', url: '/recipes', headers: user.auth });
  assert.equal(list.json().length, 1, 'nothing was stored by the refused requests');
});

test('a bad sort names the allowed values; limit, offset and sort are optional', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const res = await app.inject({ method: 'GET', url: '/recipes?sort=bogus', headers: user.auth });
  assert.equal(res.statusCode, 400);
  assert.equal(
    res.json().error,
    'Invalid request: querystring.sort must be one of "created_at", "-created_at", "time_minutes", "-time_minutes", "title", "-title"',
  );
  const plain = await app.inject({ method: 'GET', url: '/recipes', headers: user.auth });
  assert.equal(plain.statusCode, 200);
});

test('/metrics refuses a missing token in the standard error shape', async (t) => {
  const { app } = await buildTestApp(t, { env: { METRICS_TOKEN: 'metrics-token-0123456789' } });
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(res.statusCode, 401);
  assert.deepEqual(res.json(), { error: 'A valid metrics token is required', code: 'UNAUTHORIZED' });
  const ok = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer metrics-token-0123456789' } });
  assert.equal(ok.statusCode, 200);
});

test('GET / points to the docs', async (t) => {
  const { app } = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/' });
  assert.equal(res.statusCode, 200);
  const links = res.json().links;
  assert.equal(links.docs.href, '/apidocs');
  assert.equal(links.openapi.href, '/openapi.json');
  for (const link of Object.values<{ href: string }>(links)) {
    assert.ok(
      app.hasRoute({ method: 'GET', url: link.href }) || app.hasRoute({ method: 'POST', url: link.href }) || link.href === '/apidocs',
      link.href,
    );
  }
});

test('If-None-Match with the current ETag gives 304, and 200 once the recipe changed', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const recipe = await createRecipe(app, user);
  const etag = recipe.headers.etag as string;
  const url = `/recipes/${recipe.json().id}`;
  for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
    const res = await app.inject({ method: 'GET', url, headers: { ...user.auth, 'if-none-match': ifNoneMatch } });
    assert.equal(res.statusCode, 304, ifNoneMatch);
    assert.equal(res.body, '');
    assert.equal(res.headers.etag, etag);
  }
  await app.inject({ method: 'PUT', url, headers: user.auth, payload: { time_minutes: 1 } });
  const changed = await app.inject({ method: 'GET', url, headers: { ...user.auth, 'if-none-match': etag } });
  assert.equal(changed.statusCode, 200);
  assert.notEqual(changed.headers.etag, etag);
});

test('the general rate limit sends the RateLimit headers the document declares, and 429 with Retry-After', async (t) => {
  const { app } = await buildTestApp(t, { env: { RATE_LIMIT_GLOBAL_PER_IP: '2', RATE_LIMIT_GLOBAL_WINDOW: '60' } });
  const first = await app.inject({ method: 'GET', url: '/' });
  assert.equal(first.statusCode, 200);
  assert.equal(first.headers['ratelimit-limit'], '2');
  assert.equal(first.headers['ratelimit-remaining'], '1');
  const reset = Number(first.headers['ratelimit-reset']);
  assert.ok(reset >= 1 && reset <= 60, `RateLimit-Reset ${reset}`);
  await app.inject({ method: 'GET', url: '/' });
  const refused = await app.inject({ method: 'GET', url: '/' });
  assert.equal(refused.statusCode, 429);
  assert.equal(refused.json().code, 'TOO_MANY_REQUESTS');
  assert.ok(Number(refused.headers['retry-after']) >= 1);
  assert.equal(refused.headers['ratelimit-remaining'], '0');
});
