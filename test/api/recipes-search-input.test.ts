/**
 * Search input that FTS5 or PostgreSQL cannot take (a NUL ends FTS5 text early; PostgreSQL
 * refuses it in a string) is refused with 400 by the query schema, on both databases, and the
 * control-character rule is in the OpenAPI document. Odd but valid text still searches.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createRecipe, registerAndLogin } from '../helpers/build.js';

test('q and ingredient with control characters are 400 VALIDATION_FAILED, never 500', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  await createRecipe(app, user, { title: 'Crème brûlée', ingredients: 'cream\nsugar\neggs' });
  const bad = ['a%00b', '%C3%A9%00x', '%00', 'cr%0Aeam', 'a%09b', 'a%7Fb', 'a%C2%85b', 'a%1Bb'];
  for (const param of ['q', 'ingredient']) {
    for (const value of bad) {
      const res = await app.inject({ method: 'GET', url: `/recipes?${param}=${value}`, headers: user.auth });
      assert.equal(res.statusCode, 400, `${param}=${value}: ${res.body}`);
      assert.equal(res.json().code, 'VALIDATION_FAILED');
      assert.match(res.json().error, new RegExp(`querystring\\.${param}`));
    }
  }
  // Unusual but printable text is searched normally (200), never a 500.
  const fine = ['%C3%A9', 'br%C3%BBl%C3%A9e', '%F0%9F%8D%B0', '%25', '%5C', '%22%27', 'a%E2%80%AEb', '%EF%BF%BF', 'x'.repeat(200)];
  for (const param of ['q', 'ingredient']) {
    for (const value of fine) {
      const res = await app.inject({ method: 'GET', url: `/recipes?${param}=${value}`, headers: user.auth });
      assert.equal(res.statusCode, 200, `${param}=${value}: ${res.body}`);
    }
  }
  const found = await app.inject({ method: 'GET', url: `/recipes?q=br%C3%BBl%C3%A9e`, headers: user.auth });
  assert.equal(found.json().length, 1);
});

test('the OpenAPI document states the rule for q and ingredient', async (t) => {
  const { app } = await buildTestApp(t);
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const params = doc.paths['/recipes'].get.parameters as Array<{ name: string; description?: string; schema: { pattern?: string } }>;
  for (const name of ['q', 'ingredient']) {
    const p = params.find((x) => x.name === name);
    assert.ok(p, name);
    assert.ok(p.schema.pattern, `${name} has a pattern`);
    assert.match(p.description ?? JSON.stringify(p.schema), /control characters/);
  }
});
