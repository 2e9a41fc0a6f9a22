/** POST /parse/ingredients through the app: auth, limits, bad input, and the answer's shape. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';

async function setup(t: TestContext, env: Record<string, string> = {}) {
  const { app } = await buildTestApp(t, { env });
  const user = await registerAndLogin(app);
  const post = (payload: unknown, headers: Record<string, string> = user.auth) =>
    app.inject({
      method: 'POST',
      url: '/parse/ingredients',
      headers: { 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  return { app, user, post };
}

test('parses each line in order, with every field present and absent parts null', async (t) => {
  const { post } = await setup(t);
  const res = await post({ ingredients: ['2 cups flour', '200g/7oz butter, softened', 'salt', '2-3 cloves garlic, finely chopped'] });
  assert.equal(res.statusCode, 200, res.body);
  const { ingredients } = res.json();
  assert.equal(ingredients.length, 4);
  assert.deepEqual(ingredients[0], {
    input: '2 cups flour',
    quantity: 2,
    quantity_max: null,
    unit: 'cup',
    name: 'flour',
    size: null,
    preparation: null,
    comment: null,
  });
  assert.equal(ingredients[1].quantity, 200);
  assert.equal(ingredients[1].unit, 'gram');
  assert.equal(ingredients[1].name, 'butter');
  assert.equal(ingredients[1].preparation, 'softened');
  assert.deepEqual(ingredients[1].alternatives, [{ quantity: 7, quantity_max: null, unit: 'ounce' }]);
  assert.deepEqual(ingredients[2], {
    input: 'salt',
    quantity: null,
    quantity_max: null,
    unit: null,
    name: 'salt',
    size: null,
    preparation: null,
    comment: null,
  });
  assert.equal(ingredients[3].quantity, 2);
  assert.equal(ingredients[3].quantity_max, 3);
  assert.equal(ingredients[3].unit, 'clove');
  assert.equal(ingredients[3].name, 'garlic');
  assert.equal(ingredients[3].preparation, 'finely chopped');
});

test('needs a valid Bearer token (401)', async (t) => {
  const { post } = await setup(t);
  for (const headers of [{}, { authorization: 'Bearer not.a.jwt' }] as Record<string, string>[]) {
    const res = await post({ ingredients: ['1 egg'] }, headers);
    assert.equal(res.statusCode, 401);
    assert.equal(typeof res.json().error, 'string');
  }
});

test('bad bodies get 400 {error, code}', async (t) => {
  const { post } = await setup(t);
  const bad: unknown[] = [
    {},
    { ingredients: [] },
    { ingredients: '2 cups flour' },
    { ingredients: [1, 2] },
    { ingredients: [null] },
    { ingredients: ['1 egg'], extra: true },
    { ingredients: ['x'.repeat(501)] },
    [],
    'null',
    { ingredients: Array.from({ length: 201 }, () => '1 egg') },
  ];
  for (const payload of bad) {
    const res = await post(payload);
    assert.equal(res.statusCode, 400, `${JSON.stringify(payload).slice(0, 60)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    const body = res.json();
    assert.equal(typeof body.error, 'string');
    assert.equal(typeof body.code, 'string');
  }
  const notJson = await post('{"ingredients": [');
  assert.equal(notJson.statusCode, 400);
  assert.equal(typeof notJson.json().code, 'string');
});

test('exactly 200 lines of 500 characters are accepted', async (t) => {
  const { post } = await setup(t);
  const line = `1 cup ${'é'.repeat(494)}`;
  assert.equal(line.length, 500);
  const res = await post({ ingredients: Array.from({ length: 200 }, () => line) });
  assert.equal(res.statusCode, 200, res.body.slice(0, 200));
  assert.equal(res.json().ingredients.length, 200);
  assert.equal(res.json().ingredients[0].unit, 'cup');
});

test('a body over the size limit gets 413 and a non-JSON body 415', async (t) => {
  const { post, user } = await setup(t);
  const huge = await post(JSON.stringify({ ingredients: ['1 egg'], pad: 'x'.repeat(1_000_000) }));
  assert.equal(huge.statusCode, 413);
  assert.equal(typeof huge.json().error, 'string');
  const text = await post('2 cups flour', { ...user.auth, 'content-type': 'text/plain' });
  assert.equal(text.statusCode, 415);
  assert.equal(typeof text.json().error, 'string');
});

test('the general per-client rate limit answers 429', async (t) => {
  const { post } = await setup(t, { RATE_LIMIT_GLOBAL_PER_IP: '3' });
  const codes: number[] = [];
  for (let i = 0; i < 6; i++) codes.push((await post({ ingredients: ['1 egg'] })).statusCode);
  assert.ok(codes.includes(429), `codes ${codes.join(',')}`);
});

test('the OpenAPI document describes the route completely', async (t) => {
  const { app } = await setup(t);
  const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const op = spec.paths['/parse/ingredients'].post;
  assert.equal(op.operationId, 'parseIngredients');
  assert.ok(op.description.length > 50);
  assert.deepEqual(op.tags, ['ingredients']);
  assert.deepEqual(op.security, [{ BearerAuth: [] }]);
  for (const status of ['200', '400', '401', '413', '415', '429']) assert.ok(op.responses[status], `declares ${status}`);
  const item = op.responses['200'].content['application/json'].schema.properties.ingredients.items;
  for (const k of ['input', 'quantity', 'quantity_max', 'unit', 'name', 'size', 'preparation', 'comment']) assert.ok(item.properties[k], k);
  assert.deepEqual([...item.required].sort(), ['comment', 'input', 'name', 'preparation', 'quantity', 'quantity_max', 'size', 'unit']);
});
