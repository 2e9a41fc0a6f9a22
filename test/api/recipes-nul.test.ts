// U+0000 in a recipe: refused with 400 when the caller sends it (PostgreSQL cannot store it, and
// the insert was a 500 there), dropped when it comes from a scraped page. Found by the
// property-based route test (test/security/property-routes.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, createRecipe, registerAndLogin } from '../helpers/build.js';
import { startFixtureServer } from '../helpers/fixture-server.js';

test('a NUL in any text field of POST or PUT /recipes is 400 and changes nothing', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const base = { title: 'Soup', ingredients: 'water', time_minutes: 5 };
  for (const change of [
    { title: '\u0000' },
    { title: 'a\u0000b' },
    { ingredients: 'salt\u0000' },
    { instructions: 'stir\u0000' },
    { source_url: 'https://a.example/\u0000' },
  ]) {
    const res = await app.inject({ method: 'POST', url: '/recipes', headers: user.auth, payload: { ...base, ...change } });
    assert.equal(res.statusCode, 400, `${JSON.stringify(change)}: ${res.body}`);
    assert.equal(res.json().code, 'BAD_REQUEST');
    assert.match(res.json().error, /NUL/);
  }
  const list = await app.inject({ method: 'GET', url: '/recipes', headers: user.auth });
  assert.equal(list.headers['x-total-count'], '0');
  const recipe = (await createRecipe(app, user)).json();
  const put = await app.inject({ method: 'PUT', url: `/recipes/${recipe.id}`, headers: user.auth, payload: { title: 'x\u0000' } });
  assert.equal(put.statusCode, 400, put.body);
  const after = await app.inject({ method: 'GET', url: `/recipes/${recipe.id}`, headers: user.auth });
  assert.equal(after.json().title, recipe.title);
});

test('POST /recipes/import drops NULs that a page carries in its JSON-LD', async (t) => {
  const srv = await startFixtureServer();
  t.after(() => srv.close());
  srv.routes.set('/nul-recipe', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>x</title><script type="application/ld+json">{"@type":"Recipe","name":"Nul\\u0000 soup",
      "recipeIngredient":["wa\\u0000ter","\\u0000"],"recipeInstructions":"boil\\u0000","totalTime":"PT5M"}</script></head><body></body></html>`);
  });
  const { app } = await buildTestApp(t, { env: { SCRAPE_ALLOW_HOSTS: srv.hostPort } });
  const user = await registerAndLogin(app);
  const res = await app.inject({ method: 'POST', url: '/recipes/import', headers: user.auth, payload: { url: srv.url('/nul-recipe') } });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().title, 'Nul soup');
  assert.equal(res.json().ingredients, 'water');
  assert.equal(res.json().instructions?.includes('\u0000') ?? false, false);
});
