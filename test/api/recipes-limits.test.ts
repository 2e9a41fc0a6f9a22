// What one account can make the server hold: a recipe has at most RECIPE_MAX_LINES ingredient
// lines (create and update 400 above it, import keeps the first ones and says how many it left
// out), recipes stored before the limit stay readable and editable, listings can leave the heavy
// fields out (fields=summary), and listing answers are kept within a byte budget.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { parseColumns, parseIngredientsText } from '../../src/modules/recipes/ingredient-lines.js';
import { buildTestApp, createRecipe, registerAndLogin, testDatabaseUrl } from '../helpers/build.js';
import { redisEnv } from '../helpers/redis.js';
import { redisSkipReason } from '../helpers/services.js';

const lines = (n: number, prefix = 'item') => Array.from({ length: n }, (_, i) => `${i + 1} g ${prefix} ${i}`).join('\n');

test('create and update refuse more than RECIPE_MAX_LINES lines with 400 naming the limit, and change nothing', async (t) => {
  const { app, config } = await buildTestApp(t);
  assert.equal(config.recipeMaxLines, 300, 'the default');
  const user = await registerAndLogin(app);
  const post = (payload: object) =>
    app.inject({ method: 'POST', url: '/recipes', headers: user.auth, payload: { title: 'Long', time_minutes: 5, ...payload } });

  assert.equal((await post({ ingredients: lines(300) })).statusCode, 201, 'exactly the limit is fine');
  const over = await post({ ingredients: lines(301) });
  assert.equal(over.statusCode, 400);
  assert.equal(over.json().code, 'VALIDATION_FAILED');
  assert.match(over.json().error, /body\.ingredients has 301 ingredient lines; a recipe may have at most 300 \(RECIPE_MAX_LINES\)/);
  assert.deepEqual(
    over.json().details.map((d: { path: string }) => d.path),
    ['body.ingredients'],
  );
  // The comma-separated form counts its pieces, groups count all their lines.
  assert.equal((await post({ ingredients: Array.from({ length: 301 }, (_, i) => `x${i}`).join(', ') })).statusCode, 400);
  const groups = await post({
    ingredient_groups: [
      { name: 'A', ingredients: lines(200).split('\n') },
      { name: 'B', ingredients: lines(101).split('\n') },
    ],
  });
  assert.equal(groups.statusCode, 400);
  assert.match(groups.json().error, /body\.ingredient_groups has 301 ingredient lines/);

  const recipe = (await createRecipe(app, user)).json();
  const put = await app.inject({ method: 'PUT', url: `/recipes/${recipe.id}`, headers: user.auth, payload: { ingredients: lines(301) } });
  assert.equal(put.statusCode, 400);
  const after = (await app.inject({ method: 'GET', url: `/recipes/${recipe.id}`, headers: user.auth })).json();
  assert.deepEqual(after, recipe, 'nothing changed');
  const listed = await app.inject({ method: 'GET', url: '/recipes?mine=true&limit=100', headers: user.auth });
  assert.equal(listed.json().length, 2, 'only the two recipes within the limit were saved');
});

test('RECIPE_MAX_LINES is configurable; a recipe stored with more lines before stays readable and editable without losing any', async (t) => {
  const { app } = await buildTestApp(t, { env: { RECIPE_MAX_LINES: '5' } });
  const user = await registerAndLogin(app);
  const six = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: user.auth,
    payload: { title: 'Six', ingredients: lines(6), time_minutes: 5 },
  });
  assert.equal(six.statusCode, 400);
  assert.match(six.json().error, /at most 5 \(RECIPE_MAX_LINES\)/);

  // Stored before the limit: 40 lines.
  const text = lines(40, 'old');
  const now = new Date().toISOString();
  const stored = await recipesRepository.insert(app.db, {
    title: 'Stored long',
    ingredients: text,
    ...parseColumns(parseIngredientsText(text)),
    time_minutes: 10,
    owner_id: user.id,
    created_at: now,
    updated_at: now,
  });
  const read = await app.inject({ method: 'GET', url: `/recipes/${stored.id}`, headers: user.auth });
  assert.equal(read.statusCode, 200);
  assert.equal(read.json().ingredient_lines.length, 40);
  // Other fields, tags included, are updated as before; the 40 lines stay.
  const put = await app.inject({
    method: 'PUT',
    url: `/recipes/${stored.id}`,
    headers: user.auth,
    payload: { title: 'Still long', time_minutes: 12, tags: ['old'] },
  });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json().title, 'Still long');
  assert.equal(put.json().ingredients, text);
  assert.equal(put.json().ingredient_lines.length, 40);
  // Sending the lines themselves is a write of ingredients, held to the limit; shortening them works.
  const same = await app.inject({ method: 'PUT', url: `/recipes/${stored.id}`, headers: user.auth, payload: { ingredients: text } });
  assert.equal(same.statusCode, 400);
  const shorter = await app.inject({
    method: 'PUT',
    url: `/recipes/${stored.id}`,
    headers: user.auth,
    payload: { ingredients: lines(5, 'new') },
  });
  assert.equal(shorter.statusCode, 200);
  assert.equal(shorter.json().ingredient_lines.length, 5);
});

test('import keeps the first RECIPE_MAX_LINES lines and says in X-Ingredient-Lines-Dropped how many it left out', async (t) => {
  const { app } = await buildTestApp(t, { env: { RECIPE_MAX_LINES: '5' } });
  const user = await registerAndLogin(app);
  const page = (ingredients: string[]) =>
    `<html><head><script type="application/ld+json">${JSON.stringify({ '@type': 'Recipe', name: 'Big stew', recipeIngredient: ingredients })}</script></head></html>`;
  const eight = lines(8, 'stew').split('\n');
  const res = await app.inject({ method: 'POST', url: '/recipes/import', headers: user.auth, payload: { html: page(eight) } });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.headers['x-ingredient-lines-dropped'], '3');
  assert.deepEqual(
    res.json().ingredient_lines.map((l: { input: string }) => l.input),
    eight.slice(0, 5),
  );
  assert.equal(res.json().ingredients, eight.slice(0, 5).join('\n'));

  const fits = await app.inject({ method: 'POST', url: '/recipes/import', headers: user.auth, payload: { html: page(eight.slice(0, 4)) } });
  assert.equal(fits.statusCode, 201);
  assert.equal(fits.headers['x-ingredient-lines-dropped'], '0');
});

test('fields=summary lists the same recipes without ingredients, instructions and ingredient_lines; the default shape is unchanged', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  for (let i = 0; i < 3; i++)
    await createRecipe(app, user, {
      title: `Soup ${i}`,
      ingredients: lines(20, 'soup'),
      instructions: 'Simmer.',
      tags: ['soup'],
      servings: 2,
    });
  const get = (url: string) => app.inject({ method: 'GET', url, headers: user.auth });
  // Each asked twice, so both shapes come from the listing cache the second time, each its own entry.
  for (let round = 0; round < 2; round++) {
    const full = await get('/recipes?q=soup&sort=title');
    const summary = await get('/recipes?q=soup&sort=title&fields=summary');
    const explicit = await get('/recipes?q=soup&sort=title&fields=full');
    assert.equal(full.body, explicit.body);
    assert.deepEqual(Object.keys(full.json()[0]).sort(), [
      'created_at',
      'id',
      'image',
      'image_url',
      'ingredient_lines',
      'ingredients',
      'instructions',
      'owner_id',
      'servings',
      'source_url',
      'tags',
      'time_minutes',
      'title',
      'updated_at',
      'visibility',
    ]);
    assert.deepEqual(Object.keys(summary.json()[0]).sort(), [
      'created_at',
      'id',
      'image',
      'image_url',
      'owner_id',
      'servings',
      'source_url',
      'tags',
      'time_minutes',
      'title',
      'updated_at',
      'visibility',
    ]);
    const cardFields = ({ ingredients: _i, instructions: _n, ingredient_lines: _l, ...rest }: Record<string, unknown>) => rest;
    assert.deepEqual(summary.json(), full.json().map(cardFields));
    assert.equal(summary.headers['x-total-count'], '3');
    assert.match(String(summary.headers.link), /fields=summary/, 'the links keep the shape');
    assert.ok(summary.body.length * 5 < full.body.length, `${summary.body.length} bytes instead of ${full.body.length}`);
  }
  assert.equal((await get('/recipes?fields=ingredients')).statusCode, 400);
});

test('listing answers are kept within LIST_CACHE_MB: one over an eighth of it is never kept, and /metrics shows the bytes held', async (t) => {
  // PostgreSQL caches listings only with Redis telling the instances of every write (list-version.ts).
  if (testDatabaseUrl && (await redisSkipReason())) return t.skip(String(await redisSkipReason()));
  const { app } = await buildTestApp(t, { env: { LIST_CACHE_MB: '1', ...(testDatabaseUrl ? redisEnv(t) : {}) } });
  const user = await registerAndLogin(app);
  // One recipe is under 125 KB (an eighth of the budget, at two bytes a character), three are over.
  for (let i = 0; i < 3; i++) await createRecipe(app, user, { title: `Heavy ${i}`, ingredients: lines(100, 'heavy') });
  const before = { ...app.recipeListCaches.recipes.stats };
  const big = '/recipes?q=heavy&limit=3';
  const small = '/recipes?q=heavy&limit=1';
  const size = async (url: string) => 2 * (await app.inject({ method: 'GET', url, headers: user.auth })).body.length;
  const sizes = [await size(small), await size(big)];
  assert.ok(sizes[0]! < 120_000 && sizes[1]! > 130_000, `${sizes.join(' and ')} bytes`);
  // Each asked once above: the second request is the one that may keep it, the third may be served from the cache.
  for (let i = 0; i < 2; i++) {
    assert.equal((await app.inject({ method: 'GET', url: big, headers: user.auth })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: small, headers: user.auth })).statusCode, 200);
  }
  const stats = app.recipeListCaches.recipes.stats;
  assert.equal(stats.stored - before.stored, 1, 'only the small answer was kept');
  assert.equal(stats.hits - before.hits, 1, 'and served once from the cache');
  assert.ok(app.recipeListCaches.answers.bytes > 0 && app.recipeListCaches.answers.bytes <= 1_000_000);
  assert.ok(app.recipeListCaches.answers.stats.refused >= 1);

  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const value = (name: string) => Number(new RegExp(`^${name}\\{cache="list_answers"\\} (\\S+)$`, 'm').exec(metrics)?.[1]);
  assert.equal(value('gourmet_cache_budget_bytes'), 1_000_000);
  assert.equal(value('gourmet_cache_bytes'), app.recipeListCaches.answers.bytes);
  assert.ok(value('gourmet_cache_refused_total') >= 1);
  assert.match(metrics, /^gourmet_cache_budget_bytes\{cache="ingredient_parses"\} \d+$/m);
  assert.match(metrics, /^gourmet_cache_evictions_total\{cache="recipe_texts"\} \d+$/m);
});
