/**
 * /scrape/* end to end through the app, against a loopback fixture server that is allow-listed
 * with SCRAPE_ALLOW_HOSTS. Only loopback spellings are ever requested.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';
import { LATIN1_TEXT, startFixtureServer, realPagesSkip, requireRealPages } from '../helpers/fixture-server.js';

const srv = await startFixtureServer();
after(() => srv.close());

async function setup(t: TestContext, env: Record<string, string> = {}) {
  const { app } = await buildTestApp(t, {
    env: { SCRAPE_ALLOW_HOSTS: srv.hostPort, SCRAPE_TIMEOUT_MS: '2000', SCRAPE_MAX_BYTES: '262144', ...env },
  });
  const user = await registerAndLogin(app);
  const get = (route: string, url: string | undefined, headers: Record<string, string> = user.auth) =>
    app.inject({ method: 'GET', url: url === undefined ? route : `${route}?url=${encodeURIComponent(url)}`, headers });
  return { app, user, get };
}

const ROUTES = ['/scrape/title', '/scrape/content', '/scrape/recipe'];

test('every scrape route needs a Bearer token (401) and never fetches without one', async (t) => {
  const { get } = await setup(t);
  const before = srv.requests.length;
  for (const route of ROUTES) {
    const res = await get(route, srv.url('/page.html'), {});
    assert.equal(res.statusCode, 401, route);
    assert.equal(typeof res.json().error, 'string');
    assert.equal((await get(route, srv.url('/page.html'), { authorization: 'Bearer not.a.jwt' })).statusCode, 401);
  }
  assert.equal(srv.requests.length, before);
});

test('GET /scrape/title and /scrape/content answer from the page', async (t) => {
  const { get } = await setup(t);
  const title = await get('/scrape/title', srv.url('/page.html'));
  assert.equal(title.statusCode, 200, title.body);
  assert.deepEqual(title.json(), { title: 'Simple page', url: srv.url('/page.html') });
  const content = await get('/scrape/content', srv.url('/page.html'));
  assert.equal(content.statusCode, 200, content.body);
  assert.deepEqual(content.json(), {
    url: srv.url('/page.html'),
    headers: ['Main heading', 'Second', 'Third'],
    paragraphs: ['First paragraph.', 'Second & last'],
  });
});

test('GET /scrape/title decodes an ISO-8859-1 page correctly', async (t) => {
  const { get } = await setup(t);
  const res = await get('/scrape/title', srv.url('/latin1-meta'));
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().title, LATIN1_TEXT);
});

test('GET /scrape/recipe extracts a recipe page', async (t) => {
  const { get } = await setup(t);
  const url = srv.url('/pages/json-ld-pie.html');
  const res = await get('/scrape/recipe', url);
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.title, 'Family meat pie');
  assert.equal(body.ingredients.length, 6);
  assert.equal(body.ingredients[1], '500g beef mince');
  assert.equal(body.time_minutes, 70);
  assert.equal(body.servings, 6);
  assert.match(body.instructions, /^Brown the mince and onion in a large pan\.\n/);
  assert.equal(body.source_url, url);
});

test('GET /scrape/recipe extracts a real saved page', { skip: realPagesSkip() }, async (t) => {
  requireRealPages();
  const { get } = await setup(t);
  const url = srv.url('/fixtures/bestrecipes-com-au.html');
  const res = await get('/scrape/recipe', url);
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.title, 'Aussie Meat Pie Recipe');
  assert.equal(body.ingredients.length, 11);
  assert.equal(body.ingredients[1], '500g beef mince');
  assert.equal(body.time_minutes, 55);
  assert.equal(body.servings, 6);
  assert.match(body.instructions, /^Cook meat and onion until meat is well browned\.\n/);
  assert.equal(body.source_url, url);
});

test('GET /scrape/recipe answers 422 for a page without a recipe', async (t) => {
  const { get } = await setup(t);
  const res = await get('/scrape/recipe', srv.url('/page.html'));
  assert.equal(res.statusCode, 422, res.body);
  assert.match(res.json().error, /no recipe/i);
});

test('missing or non-http(s) URLs are 400', async (t) => {
  const { get } = await setup(t);
  for (const route of ROUTES) {
    assert.equal((await get(route, undefined)).statusCode, 400, `${route} without url`);
    for (const url of ['', 'ftp://127.0.0.1/x', 'file:///etc/passwd', 'javascript:alert(1)', 'nonsense']) {
      const res = await get(route, url);
      assert.equal(res.statusCode, 400, `${route} ${url}: ${res.body}`);
      assert.equal(typeof res.json().error, 'string');
    }
  }
});

test('loopback under any other spelling is 403 even though 127.0.0.1:<port> is allow-listed', async (t) => {
  const { get } = await setup(t);
  const before = srv.requests.length;
  const p = srv.port;
  for (const url of [
    `http://2130706433:${p}/page.html`,
    `http://0177.0.0.1:${p}/page.html`,
    `http://localhost:${p}/page.html`,
    `http://[::1]:${p}/page.html`,
    `http://[::ffff:127.0.0.1]:${p}/page.html`,
    `http://127.0.0.1:${p + 1 > 65535 ? p - 1 : p + 1}/page.html`,
  ]) {
    const res = await get('/scrape/title', url);
    assert.equal(res.statusCode, 403, `${url}: ${res.body}`);
  }
  assert.equal(srv.requests.length, before, 'nothing reached the fixture server');
});

test('a redirect to an internal address is 403', async (t) => {
  const { get } = await setup(t);
  const res = await get('/scrape/title', srv.url(`/redirect?to=${encodeURIComponent(`http://localhost:${srv.port}/page.html`)}`));
  assert.equal(res.statusCode, 403, res.body);
  const ok = await get('/scrape/title', srv.url('/redirect?to=/page.html'));
  assert.equal(ok.statusCode, 200, ok.body);
});

test('too large (413), gzip bomb (413), not HTML (415), too slow (504), upstream error (502)', async (t) => {
  const { get } = await setup(t, { SCRAPE_TIMEOUT_MS: '300', SCRAPE_MAX_BYTES: '65536' });
  const expectations: Array<[string, number]> = [
    ['/huge?bytes=1048576', 413],
    ['/gzip-bomb', 413],
    ['/json', 415],
    ['/image', 415],
    ['/slow-headers', 504],
    ['/slow-body', 504],
    ['/status/503', 502],
  ];
  for (const [path, status] of expectations) {
    const res = await get('/scrape/content', srv.url(path));
    assert.equal(res.statusCode, status, `${path}: ${res.body}`);
    assert.equal(typeof res.json().error, 'string');
  }
});

test('a user with too many scrapes in flight gets 429 with Retry-After', async (t) => {
  const held: import('node:http').ServerResponse[] = [];
  srv.routes.set('/hold-api', (_req, res) => {
    held.push(res);
  });
  const { get } = await setup(t, { SCRAPE_MAX_PER_USER: '1' });
  const first = get('/scrape/title', srv.url('/hold-api'));
  while (held.length === 0) await new Promise((r) => setImmediate(r));
  const second = await get('/scrape/title', srv.url('/page.html'));
  assert.equal(second.statusCode, 429, second.body);
  assert.ok(Number(second.headers['retry-after']) >= 1);
  held[0]!.writeHead(200, { 'content-type': 'text/html' }).end('<title>released</title>');
  assert.equal((await first).json().title, 'released');
});
