// GET /recipes/{id}?servings=|factor=|units=: the recipe scaled and converted, with
// its own ETag that If-Match still accepts, and 400 for every bad value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, createRecipe, registerAndLogin } from '../helpers/build.js';

test('?servings= scales every line the way a cook writes it; ?units= converts; the stored recipe is untouched', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const r = (
    await createRecipe(app, user, { servings: 4, ingredients: '1 cup flour\n3 eggs\n2 tbsp butter\nsalt to taste\n2 cloves garlic' })
  ).json();
  const get = (query: string) => app.inject({ method: 'GET', url: `/recipes/${r.id}${query}`, headers: user.auth });

  const eight = await get('?servings=6');
  assert.equal(eight.statusCode, 200, eight.body);
  const body = eight.json();
  assert.equal(body.servings, 6);
  assert.deepEqual(body.scaling, { factor: 1.5, original_servings: 4, units: null });
  assert.equal(body.ingredients, r.ingredients, 'ingredients stays the stored text');
  assert.deepEqual(
    body.ingredient_lines.map((l: { display: string }) => l.display),
    ['1 ½ cups flour', '4 ½ eggs', '3 tbsp butter', 'salt to taste', '3 cloves garlic'],
  );
  assert.deepEqual(body.ingredient_lines[0].original, { quantity: 1, quantity_max: null, unit: 'cup' });
  assert.equal(body.ingredient_lines[0].quantity, 1.5);
  assert.equal('converted' in body.ingredient_lines[0], false, 'converted only with ?units=');

  const metric = (await get('?servings=8&units=metric')).json();
  assert.deepEqual(
    metric.ingredient_lines.map((l: { display: string; converted: boolean }) => [l.display, l.converted]),
    [
      ['250 g flour', true],
      ['6 eggs', false],
      ['4 tbsp butter', true],
      ['salt to taste', false],
      ['4 cloves garlic', false],
    ],
  );
  const us = (await get('?units=us')).json();
  assert.deepEqual(us.scaling, { factor: 1, original_servings: 4, units: 'us' });
  assert.equal(us.ingredient_lines[0].display, '1 cup flour');

  // ETags: the view's differs from the stored one's, and If-Match accepts either (same version).
  const stored = await get('');
  assert.equal(stored.json().scaling, undefined);
  assert.notEqual(eight.headers.etag, stored.headers.etag);
  assert.notEqual(eight.headers.etag, (await get('?servings=8')).headers.etag);
  assert.ok(String(eight.headers.etag).startsWith(String(stored.headers.etag).slice(0, -1)));
  const put = await app.inject({
    method: 'PUT',
    url: `/recipes/${r.id}`,
    headers: { ...user.auth, 'if-match': String(eight.headers.etag) },
    payload: { title: 'Edited from the scaled view' },
  });
  assert.equal(put.statusCode, 200, put.body);
  const stale = await app.inject({
    method: 'PUT',
    url: `/recipes/${r.id}`,
    headers: { ...user.auth, 'if-match': String(eight.headers.etag) },
    payload: { title: 'Stale' },
  });
  assert.equal(stale.statusCode, 412, 'a view of an older version is stale like the stored form');
  assert.equal((await get('')).json().servings, 4, 'reading a view wrote nothing');
});

test('?factor= scales a recipe without servings; bad values are 400 {error, code}', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const r = (await createRecipe(app, user, { ingredients: '200 g sugar\n1 cup milk' })).json();
  const get = (query: string) => app.inject({ method: 'GET', url: `/recipes/${r.id}${query}`, headers: user.auth });
  const half = (await get('?factor=0.5')).json();
  assert.deepEqual(
    half.ingredient_lines.map((l: { display: string }) => l.display),
    ['100 g sugar', '½ cup milk'],
  );
  assert.equal(half.servings, null);
  assert.deepEqual(half.scaling, { factor: 0.5, original_servings: null, units: null });
  assert.deepEqual(
    (await get('?factor=2&units=us')).json().ingredient_lines.map((l: { display: string }) => l.display),
    ['2 cups sugar', '2 cups milk'],
  );

  const withServings = (await createRecipe(app, user, { servings: 2, ingredients: '1 egg' })).json();
  for (const [url, why] of [
    [`/recipes/${r.id}?servings=4`, 'servings on a recipe without servings'],
    [`/recipes/${withServings.id}?servings=0`, 'servings 0'],
    [`/recipes/${withServings.id}?servings=-2`, 'negative'],
    [`/recipes/${withServings.id}?servings=1000`, 'a factor of 500'],
    [`/recipes/${withServings.id}?servings=1.5`, 'not whole'],
    [`/recipes/${withServings.id}?servings=4&factor=2`, 'both'],
    [`/recipes/${r.id}?factor=0`, 'factor 0'],
    [`/recipes/${r.id}?factor=101`, 'huge factor'],
    [`/recipes/${r.id}?factor=abc`, 'not a number'],
    [`/recipes/${r.id}?units=bogus`, 'units=bogus'],
    [`/recipes/${r.id}?unit=metric`, 'unknown parameter'],
  ] as const) {
    const res = await app.inject({ method: 'GET', url, headers: user.auth });
    assert.equal(res.statusCode, 400, `${why}: ${res.body}`);
    assert.ok(typeof res.json().error === 'string' && typeof res.json().code === 'string', why);
  }
  assert.equal((await app.inject({ method: 'GET', url: '/recipes/999999?servings=2', headers: user.auth })).statusCode, 404);
});

test("a scaled or converted view keeps the cook's words: only the amounts change", async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const lines = [
    '2 x 400g tins chickpeas, drained',
    '15g/½oz roughly chopped fresh dill',
    'juice of 2 limes',
    '2 garlic cloves, crushed',
    '1 lemon, zest of',
    '500g/1lb leeks, trimmed',
    '1 cup walnut halves',
    '1 cup plain flour',
    'salt to taste',
  ];
  const r = (await createRecipe(app, user, { servings: 4, ingredients: lines.join('\n') })).json();
  const displays = async (query: string) => {
    const res = await app.inject({ method: 'GET', url: `/recipes/${r.id}${query}`, headers: user.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().ingredient_lines as {
      display: string;
      converted?: boolean;
      quantity: number | null;
      unit: string | null;
      name: string | null;
    }[];
  };
  const double = await displays('?factor=2');
  assert.deepEqual(
    double.map((l) => l.display),
    [
      '4 x 400g tins chickpeas, drained',
      '30g/1oz roughly chopped fresh dill',
      'juice of 4 limes',
      '4 garlic cloves, crushed',
      '2 lemons, zest of',
      '1 kg/2 lb leeks, trimmed',
      '2 cups walnut halves',
      '2 cups plain flour',
      'salt to taste',
    ],
  );
  assert.deepEqual([double[0]!.quantity, double[0]!.unit], [1600, 'gram'], 'the parsed fields are the scaled parse, as before');
  const metric = await displays('?servings=8&units=metric');
  assert.deepEqual(
    metric.map((l) => [l.display, l.converted]),
    [
      ['4 x 400g tins chickpeas, drained', true],
      ['30g/1oz roughly chopped fresh dill', true],
      ['juice of 4 limes', false],
      ['4 garlic cloves, crushed', false],
      ['2 lemons, zest of', false],
      ['1 kg/2 lb leeks, trimmed', true],
      ['2 cups walnut halves', false],
      ['250 g plain flour', true],
      ['salt to taste', false],
    ],
  );
  assert.deepEqual([metric[6]!.quantity, metric[6]!.unit, metric[6]!.name], [2, 'cup', 'walnut halves'], 'no density: the cups stay cups');
  const stored = await displays('');
  assert.deepEqual(
    stored.map((l) => l.display),
    lines,
    'the stored recipe shows the lines as written',
  );
});
