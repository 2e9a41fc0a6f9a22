/**
 * CPU-heavy ingredient work (src/modules/recipes/ingredient-work.ts): the worker path gives
 * exactly what the event-loop path gives; one user may have at most INGREDIENT_MAX_PER_USER
 * large tasks in flight (429 with Retry-After beyond), while another user is still served; and
 * small inputs never leave the event loop.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../src/errors.js';
import { IngredientWork } from '../../src/modules/recipes/ingredient-work.js';
import { ingredientTasks } from '../../src/modules/recipes/ingredient-tasks.js';
import { parseColumns, parseIngredientsText } from '../../src/modules/recipes/ingredient-lines.js';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';
import { fixedLines } from '../helpers/parser-fuzz.js';

const REALISTIC = [
  '2 cups flour, sifted',
  '200g/7oz butter, softened',
  '1 ½ tsp salt',
  '2-3 cloves garlic, finely chopped',
  '4 x 175g/6oz salmon fillets',
  '1,5 EL Olivenöl',
  '3 oz (85g) parmesan, grated',
  'salt and pepper to taste',
  '1 (14 oz) can tomatoes',
  '½ cup sugar',
];
/** A recipe text of n lines, every one different. */
const longText = (n: number) => Array.from({ length: n }, (_, i) => `${REALISTIC[i % REALISTIC.length]!} ${i}`).join('\n');
/** 200 lines of 500 characters that are costly to parse (numbers, ranges and punctuation). */
const heavyBatch = (seed: number) =>
  Array.from({ length: 200 }, (_, i) =>
    Array.from({ length: 100 }, (_, k) => `${(k + i + seed) % 97}-${k} g,`)
      .join(' ')
      .slice(0, 500),
  );

test("the worker path gives exactly the event-loop path's results, for every task", async (t) => {
  const pooled = new IngredientWork({ workers: 1, maxPerUser: 100, inlineMaxChars: -1 });
  t.after(() => pooled.close());
  const stored = { ingredients: longText(400), ...parseColumns(parseIngredientsText(longText(400))) };
  const outdated = { ...stored, parser_version: '0' };
  const odd = fixedLines().slice(0, 150);
  const oddText = odd.join('\n');
  const oddStored = { ingredients: oddText, ...parseColumns(parseIngredientsText(oddText)) };
  const cases: [keyof typeof ingredientTasks, unknown[]][] = [
    ['parseLines', [odd]],
    ['parseLines', [heavyBatch(1).slice(0, 20)]],
    ['columnsOfText', [longText(300)]],
    ['columnsOfText', [oddText]],
    [
      'columnsOfItems',
      [
        [
          { text: '2 cups flour', group: 'Dough' },
          { text: 'constructor', group: null },
          { text: `1${'0'.repeat(303)} g`, group: 'x' },
        ],
      ],
    ],
    ['viewLinesJson', [stored, 2.5, 'metric']],
    ['viewLinesJson', [stored, 0.5, 'us']],
    ['viewLinesJson', [oddStored, 100, undefined]],
    ['viewLinesJson', [oddStored, 100, 'us']],
    ['storedLinesJson', [outdated]],
    ['reparseColumns', [[outdated, oddStored]]],
  ];
  for (const [method, args] of cases) {
    const inLoop = (ingredientTasks[method] as (...a: unknown[]) => unknown)(...args);
    const inWorker = await pooled.run(method, args as never, 1, 'u1');
    assert.deepEqual(inWorker, inLoop, method);
  }
  assert.equal(pooled.stats.pooled, cases.length);
  assert.equal(pooled.stats.inline, 0);
});

test('one user has at most maxPerUser large tasks in flight: the rest get 429 at once; another user is served', async (t) => {
  const work = new IngredientWork({ workers: 2, maxPerUser: 2, inlineMaxChars: 1000 });
  t.after(() => work.close());
  const batch = heavyBatch(2).slice(0, 20);
  const cost = batch.join('').length;
  const a = Array.from({ length: 6 }, () => work.run('parseLines', [batch], cost, 'alice'));
  // The limit is taken when a task is handed over, so it holds while they run.
  assert.equal(work.inFlightOf('alice'), 2);
  const b = work.run('parseLines', [batch], cost, 'bob');
  assert.equal(work.inFlightOf('bob'), 1);
  const results = await Promise.allSettled(a);
  const done = results.filter((r) => r.status === 'fulfilled');
  const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
  assert.equal(done.length, 2);
  assert.equal(refused.length, 4);
  for (const err of refused) {
    assert.equal(err.statusCode, 429);
    assert.equal(err.code, 'TOO_MANY_REQUESTS');
    assert.equal(err.headers?.['retry-after'], '1');
  }
  assert.equal((await b).length, 20);
  assert.equal(work.inFlightOf('alice'), 0);
  // Once they are done, the user may start again.
  assert.equal((await work.run('parseLines', [batch], cost, 'alice')).length, 20);
  // Small inputs are neither pooled nor counted.
  const small = await Promise.all(Array.from({ length: 5 }, () => work.run('parseLines', [['2 eggs']], 6, 'alice')));
  assert.equal(small.length, 5);
  assert.deepEqual(work.stats, { inline: 5, pooled: 4, refused: 4 });
});

test('through the app: a flood of large parses from one account gets 429 {error, code} with Retry-After; another account is answered', async (t) => {
  const { app } = await buildTestApp(t, { env: { INGREDIENT_MAX_PER_USER: '1', INGREDIENT_WORKERS: '2' } });
  const [alice, bob] = [await registerAndLogin(app), await registerAndLogin(app)];
  const parse = (auth: Record<string, string>, lines: string[]) =>
    app.inject({
      method: 'POST',
      url: '/parse/ingredients',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: { ingredients: lines },
    });
  const flood = await Promise.all([
    ...Array.from({ length: 3 }, (_, i) => parse(alice.auth, heavyBatch(10 + i).slice(0, 60))),
    parse(bob.auth, heavyBatch(20).slice(0, 60)),
  ]);
  const bobs = flood.pop()!;
  assert.equal(bobs.statusCode, 200, bobs.body.slice(0, 200));
  const statuses = flood.map((r) => r.statusCode).sort();
  assert.ok(
    statuses.every((s) => s === 200 || s === 429),
    statuses.join(),
  );
  assert.ok(statuses.includes(429), `one account's concurrent large parses were all run: ${statuses.join()}`);
  const refused = flood.find((r) => r.statusCode === 429)!;
  assert.equal(refused.headers['retry-after'], '1');
  assert.equal(refused.json().code, 'TOO_MANY_REQUESTS');
  assert.equal(typeof refused.json().error, 'string');
  // A 5-line recipe and its scaled view stay on the event loop: no worker round trip.
  const before = { ...app.ingredientWork.stats };
  const create = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: alice.auth,
    payload: { title: 'Small', ingredients: REALISTIC.slice(0, 5).join('\n'), time_minutes: 5, servings: 2 },
  });
  assert.equal(create.statusCode, 201);
  const view = await app.inject({ method: 'GET', url: `/recipes/${create.json().id}?servings=4&units=metric`, headers: alice.auth });
  assert.equal(view.statusCode, 200);
  assert.equal(app.ingredientWork.stats.pooled, before.pooled);
  assert.equal(app.ingredientWork.stats.inline, before.inline + 2);
  // A long recipe's view is made in a worker, and equals what the event loop makes.
  const long = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: alice.auth,
    payload: { title: 'Long', ingredients: longText(250), time_minutes: 5, servings: 2 },
  });
  assert.equal(long.statusCode, 201, long.body.slice(0, 200));
  const pooledBefore = app.ingredientWork.stats.pooled;
  const longView = await app.inject({ method: 'GET', url: `/recipes/${long.json().id}?servings=3&units=us`, headers: alice.auth });
  assert.equal(longView.statusCode, 200);
  assert.equal(app.ingredientWork.stats.pooled, pooledBefore + 1);
  const lines = longView.json().ingredient_lines as { display: string }[];
  assert.equal(lines.length, 250);
  assert.equal(lines[0]!.display, '3 cups flour, sifted 0');
});
