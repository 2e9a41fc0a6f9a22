// Recipes carry their parsed lines: stored at write time with the parser version,
// given flat or by groups, and parsed again when the parser version changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { PARSER_VERSION, parseIngredientLine } from '../../src/modules/ingredients/ingredient-parser.js';
import { reparseOutdatedIngredients } from '../../src/modules/recipes/ingredient-reparse.js';
import { ingredientLinesRepository } from '../../src/modules/recipes/ingredient-lines.repository.js';
import { buildTestApp, createRecipe, freshDatabase, registerAndLogin } from '../helpers/build.js';

const parsed = (line: string, group: string | null = null) => ({ ...parseIngredientLine(line), group, display: line });

test('every recipe response has the parse of each line, stored with the parser version', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const created = (await createRecipe(app, user, { ingredients: '2 cups flour\n\n 1 tsp salt \n3 eggs' })).json();
  assert.equal(created.ingredients, '2 cups flour\n\n 1 tsp salt \n3 eggs', 'ingredients keep their shape');
  assert.deepEqual(created.ingredient_lines, [parsed('2 cups flour'), parsed('1 tsp salt'), parsed('3 eggs')]);
  assert.equal(created.ingredient_lines[0].quantity, 2);
  assert.equal(created.ingredient_lines[0].unit, 'cup');
  const row = await app.db
    .selectFrom('recipes')
    .select(['ingredient_lines', 'parser_version'])
    .where('id', '=', created.id)
    .executeTakeFirstOrThrow();
  assert.equal(row.parser_version, PARSER_VERSION);
  // Stored in exactly the response's form (display included), so listings send it as it is (recipe-json.ts).
  assert.deepEqual(JSON.parse(row.ingredient_lines!), created.ingredient_lines);
  const listed = (await app.inject({ method: 'GET', url: '/recipes', headers: user.auth })).json();
  assert.deepEqual(listed[0].ingredient_lines, created.ingredient_lines);
  // The course's comma-separated form is split at commas; a piece that only describes stays with its line.
  const commas = (await createRecipe(app, user, { ingredients: 'arborio rice, saffron, parmesan' })).json();
  assert.deepEqual(
    commas.ingredient_lines.map((l: { input: string }) => l.input),
    ['arborio rice', 'saffron', 'parmesan'],
  );
  // An update of the ingredients parses again; other updates leave them.
  const updated = (
    await app.inject({ method: 'PUT', url: `/recipes/${created.id}`, headers: user.auth, payload: { ingredients: '500 g sugar' } })
  ).json();
  assert.deepEqual(updated.ingredient_lines, [parsed('500 g sugar')]);
  const renamed = (
    await app.inject({ method: 'PUT', url: `/recipes/${created.id}`, headers: user.auth, payload: { title: 'Cake' } })
  ).json();
  assert.deepEqual(renamed.ingredient_lines, [parsed('500 g sugar')]);
});

test('ingredient_groups: ingredients become the flat join, every line keeps its heading', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const post = (payload: object) =>
    app.inject({ method: 'POST', url: '/recipes', headers: user.auth, payload: { title: 'Pie', time_minutes: 60, ...payload } });
  const res = await post({
    ingredient_groups: [
      { name: ' For the dough: ', ingredients: ['500 g flour', '  ', '1 tsp\nsalt'] },
      { name: null, ingredients: ['water'] },
      { name: 'Filling', ingredients: ['2 apples, sliced'] },
    ],
  });
  assert.equal(res.statusCode, 201, res.body);
  const r = res.json();
  assert.equal(r.ingredients, '500 g flour\n1 tsp salt\nwater\n2 apples, sliced');
  assert.deepEqual(r.ingredient_lines, [
    parsed('500 g flour', 'For the dough'),
    parsed('1 tsp salt', 'For the dough'),
    parsed('water'),
    parsed('2 apples, sliced', 'Filling'),
  ]);
  assert.equal('ingredient_groups' in r, false, 'the groups are in ingredient_lines, not echoed');

  for (const [payload, why] of [
    [{ ingredients: 'x', ingredient_groups: [{ name: 'a', ingredients: ['y'] }] }, 'both'],
    [{}, 'neither'],
    [{ ingredient_groups: [{ name: 'a', ingredients: [' '] }] }, 'only blank items'],
    [{ ingredient_groups: [] }, 'no group'],
    [{ ingredient_groups: [{ name: 'a', ingredients: [] }] }, 'an empty group'],
    [{ ingredient_groups: [{ name: 'a', ingredients: Array.from({ length: 30 }, () => 'x'.repeat(400)) }] }, 'over 10,000 characters'],
    [{ ingredient_groups: [{ name: 'a', ingredients: ['y'], extra: 1 }] }, 'unknown field'],
    [{ ingredient_groups: [{ ingredients: ['y'] }] }, 'name missing'],
  ] as const) {
    const bad = await post(payload);
    assert.equal(bad.statusCode, 400, `${why}: ${bad.body}`);
    assert.ok(bad.json().error && bad.json().code, why);
  }
  assert.equal(
    (await app.inject({ method: 'GET', url: '/recipes', headers: user.auth })).headers['x-total-count'],
    '1',
    'nothing else was saved',
  );

  // Update: groups replace the ingredients and every heading; plain ingredients keep the headings
  // of the lines they keep (test/api/recipe-form-roundtrip.test.ts has the whole rule); groups without a name clear them.
  const put = (payload: object) => app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: user.auth, payload });
  const regrouped = (await put({ ingredient_groups: [{ name: 'Sauce', ingredients: ['1 cup milk'] }] })).json();
  assert.equal(regrouped.ingredients, '1 cup milk');
  assert.deepEqual(regrouped.ingredient_lines, [parsed('1 cup milk', 'Sauce')]);
  assert.deepEqual((await put({ ingredients: '1 cup milk' })).json().ingredient_lines, [parsed('1 cup milk', 'Sauce')]);
  assert.deepEqual((await put({ ingredient_groups: [{ name: null, ingredients: ['1 cup milk'] }] })).json().ingredient_lines, [
    parsed('1 cup milk'),
  ]);
  assert.equal((await put({ ingredients: 'a', ingredient_groups: [{ name: 'b', ingredients: ['c'] }] })).statusCode, 400);
});

test('a parse from another parser version is made again: on read at once, and stored by the re-parse at start', async (t) => {
  const database = await freshDatabase(t);
  const { app } = await buildTestApp(t, { build: { database } });
  const user = await registerAndLogin(app);
  const grouped = (
    await app.inject({
      method: 'POST',
      url: '/recipes',
      headers: user.auth,
      payload: {
        title: 'Grouped',
        time_minutes: 5,
        ingredient_groups: [
          { name: 'Dough', ingredients: ['2 cups flour'] },
          { name: 'Top', ingredients: ['1 tbsp sugar'] },
        ],
      },
    })
  ).json();
  const plain = (await createRecipe(app, user, { title: 'Plain', ingredients: '3 eggs\n1 cup milk' })).json();
  const fresh = (await createRecipe(app, user, { title: 'Fresh', ingredients: '1 egg' })).json();
  // As an older parser would have left them: other fields, an old version; one row never parsed (before migration 006).
  const oldLine = (input: string, group: string | null) => ({
    input,
    quantity: 99,
    quantity_max: null,
    unit: 'gallon',
    name: 'old',
    size: null,
    preparation: null,
    comment: null,
    group,
  });
  await app.db
    .updateTable('recipes')
    .set({ ingredient_lines: JSON.stringify([oldLine('2 cups flour', 'Dough'), oldLine('1 tbsp sugar', 'Top')]), parser_version: 'old' })
    .where('id', '=', grouped.id)
    .execute();
  await app.db.updateTable('recipes').set({ ingredient_lines: null, parser_version: null }).where('id', '=', plain.id).execute();
  const etag = (await app.inject({ method: 'GET', url: `/recipes/${grouped.id}`, headers: user.auth })).headers.etag;

  // Read before the re-parse: already the current parse, headings kept.
  const read = async (id: number) =>
    (await app.inject({ method: 'GET', url: `/recipes/${id}`, headers: user.auth })).json().ingredient_lines;
  assert.deepEqual(await read(grouped.id), [parsed('2 cups flour', 'Dough'), parsed('1 tbsp sugar', 'Top')]);
  assert.deepEqual(await read(plain.id), [parsed('3 eggs'), parsed('1 cup milk')]);

  assert.equal(await reparseOutdatedIngredients(app.db, { batchSize: 1 }), 2, 'the two outdated rows, one per batch');
  const rows = await app.db.selectFrom('recipes').select(['id', 'ingredient_lines', 'parser_version', 'version']).orderBy('id').execute();
  assert.ok(rows.every((r) => r.parser_version === PARSER_VERSION));
  assert.deepEqual(JSON.parse(rows[0]!.ingredient_lines!), [parsed('2 cups flour', 'Dough'), parsed('1 tbsp sugar', 'Top')]);
  assert.deepEqual(
    rows.map((r) => r.version),
    [1, 1, 1],
    'derived data: the recipe version (ETag) does not move',
  );
  assert.equal((await app.inject({ method: 'GET', url: `/recipes/${grouped.id}`, headers: user.auth })).headers.etag, etag);
  assert.equal(await reparseOutdatedIngredients(app.db), 0, 'nothing left');
  assert.ok(fresh.id);

  // A concurrent update between read and store wins: the re-parse stores only for the version it parsed.
  const stale = await ingredientLinesRepository.store(app.db, plain.id, 0, { ingredient_lines: '[]', parser_version: 'stale' });
  assert.equal(stale, false);
  assert.deepEqual(await read(plain.id), [parsed('3 eggs'), parsed('1 cup milk')]);

  // At start: a new app on the same database re-parses in the background.
  await sql`UPDATE recipes SET parser_version = 'older'`.execute(app.db);
  const second = await buildTestApp(t, { build: { database } });
  const deadline = Date.now() + 10_000;
  let left = 3;
  while (left > 0 && Date.now() < deadline) {
    left = (
      await second.app.db
        .selectFrom('recipes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parser_version', '!=', PARSER_VERSION)
        .executeTakeFirstOrThrow()
    ).n;
    if (left > 0) await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(Number(left), 0, 'every row re-parsed at start');
});
