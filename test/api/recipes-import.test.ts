// POST /recipes/import: a real saved page becomes a recipe owned by the caller; pages without a
// recipe, internal addresses and bad input change nothing.
import assert from 'node:assert/strict';
import { after, test, type TestContext } from 'node:test';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';
import { startFixtureServer } from '../helpers/fixture-server.js';

const srv = await startFixtureServer();
after(() => srv.close());

async function setup(t: TestContext) {
  const { app } = await buildTestApp(t, { env: { SCRAPE_ALLOW_HOSTS: srv.hostPort, SCRAPE_TIMEOUT_MS: '2000' } });
  const user = await registerAndLogin(app);
  const other = await registerAndLogin(app);
  const post = (url: unknown, headers: Record<string, string> = user.auth) =>
    app.inject({ method: 'POST', url: '/recipes/import', headers, payload: { url } });
  const count = async () => Number((await app.inject({ method: 'GET', url: '/recipes', headers: user.auth })).headers['x-total-count']);
  return { app, user, other, post, count };
}

test('import saves the extracted recipe for the caller', async (t) => {
  const { app, user, other, post } = await setup(t);
  const url = srv.url('/pages/json-ld-pie.html');
  const res = await post(url);
  assert.equal(res.statusCode, 201, res.body);
  const r = res.json();
  assert.equal(r.owner_id, user.id);
  assert.equal(r.title, 'Family meat pie');
  assert.equal(r.source_url, url);
  assert.equal(r.ingredients.split('\n').length, 6, 'one ingredient per line');
  assert.ok(Number.isInteger(r.time_minutes) && r.time_minutes > 0);
  assert.equal(res.headers.location, `/recipes/${r.id}`);
  const got = await app.inject({ method: 'GET', url: `/recipes/${r.id}`, headers: other.auth });
  assert.deepEqual(got.json(), r);
  const put = await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: other.auth, payload: { title: 'x' } });
  assert.equal(put.statusCode, 403, 'the importer owns it, not anyone else');
});

test('a page without a recipe is 422; internal addresses 403; bad URLs 400; nothing is saved', async (t) => {
  const { post, count, app } = await setup(t);
  const page = await post(srv.url('/page.html'));
  assert.equal(page.statusCode, 422, page.body);
  assert.match(page.json().error, /recipe/i);
  const internal = await post(`http://127.0.0.1:1/recipe.html`);
  assert.equal(internal.statusCode, 403, internal.body);
  for (const url of ['', 'not a url', 'ftp://127.0.0.1/x', 'file:///etc/passwd', 42]) {
    const res = await post(url);
    assert.equal(res.statusCode, 400, `${JSON.stringify(url)}: ${res.body}`);
  }
  const extra = await app.inject({
    method: 'POST',
    url: '/recipes/import',
    headers: (await registerAndLogin(app)).auth,
    payload: { url: srv.url('/page.html'), owner_id: 1 },
  });
  assert.equal(extra.statusCode, 400);
  assert.equal(await count(), 0);
});

test('import needs a token', async (t) => {
  const { post } = await setup(t);
  const before = srv.requests.length;
  assert.equal((await post(srv.url('/pages/json-ld-pie.html'), {})).statusCode, 401);
  assert.equal(srv.requests.length, before, 'nothing was fetched');
});
