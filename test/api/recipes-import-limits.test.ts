// POST /recipes/import holds a page to the rules of POST /recipes: values longer than a create
// allows are cut (ending in "…", named in X-Import-Truncated), characters no stored text may hold
// (NUL, controls, bidirectional controls) are dropped from every field, group headings included,
// and the saved recipe is one its owner can PUT back as it is.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';

const page = (ingredients: string[], extra: Record<string, unknown> = {}) => `<!doctype html><html><head><title>x</title>
<script type="application/ld+json">${JSON.stringify({ '@type': 'Recipe', name: 'Layered soup', recipeIngredient: ingredients, recipeInstructions: 'Cook.', totalTime: 'PT20M', ...extra })}</script>
</head><body></body></html>`;

async function setup(t: TestContext) {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const importPage = (html: string) =>
    app.inject({ method: 'POST', url: '/recipes/import', headers: user.auth, payload: { html, url: 'https://cooking.example.org/soup' } });
  return { app, user, importPage };
}

type Line = { input: string; group: string | null };

/** The recipe's own fields as a PUT body: its lines under their headings, as ingredient_groups. */
function asUpdate(recipe: { title: string; instructions: string | null; time_minutes: number; tags: string[]; ingredient_lines: Line[] }) {
  const groups: { name: string | null; ingredients: string[] }[] = [];
  for (const line of recipe.ingredient_lines) {
    const last = groups.at(-1);
    if (last && last.name === line.group) last.ingredients.push(line.input);
    else groups.push({ name: line.group, ingredients: [line.input] });
  }
  return {
    title: recipe.title,
    instructions: recipe.instructions,
    time_minutes: recipe.time_minutes,
    tags: recipe.tags,
    ingredient_groups: groups,
  };
}

test('a NUL (or another control character) in an imported group heading is dropped, not a 400 about a field never sent', async (t) => {
  const { app, user, importPage } = await setup(t);
  const res = await importPage(page(['For the sa\u0000uce:', '1 tbsp fish\u0007 sauce', 'For the no\u202Eodles:', '200 g rice noodles']));
  assert.equal(res.statusCode, 201, res.body);
  const recipe = res.json();
  assert.deepEqual(
    recipe.ingredient_lines.map((l: Line) => [l.input, l.group]),
    [
      ['1 tbsp fish sauce', 'For the sauce'],
      ['200 g rice noodles', 'For the noodles'],
    ],
  );
  assert.equal(res.headers['x-import-truncated'], undefined, 'nothing was cut');
  const put = await app.inject({ method: 'PUT', url: `/recipes/${recipe.id}`, headers: user.auth, payload: asUpdate(recipe) });
  assert.equal(put.statusCode, 200, put.body);
});

test('import cuts a 1,508-character heading and a 1,206-character line to the create limits, says so, and the recipe can be PUT back', async (t) => {
  const { app, user, importPage } = await setup(t);
  const heading = `For the ${'x'.repeat(1499)}:`;
  assert.equal(heading.length, 1508);
  const line = `1 cup ${'y'.repeat(1200)}`;
  assert.equal(line.length, 1206);
  const title = `Soup ${'z'.repeat(400)}`;
  const res = await importPage(page([heading, line, '2 eggs'], { name: title }));
  assert.equal(res.statusCode, 201, res.body);
  const recipe = res.json();
  assert.equal(res.headers['x-import-truncated'], 'ingredients, title, ingredient_groups');
  assert.equal([...recipe.title].length, 200);
  assert.ok(recipe.title.endsWith('…') && recipe.title.startsWith('Soup zzz'));
  const [first, second] = recipe.ingredient_lines as Line[];
  assert.equal([...first!.input].length, 500);
  assert.ok(first!.input.startsWith('1 cup yyy') && first!.input.endsWith('…'));
  assert.equal([...first!.group!].length, 200);
  assert.ok(first!.group!.startsWith('For the xxx') && first!.group!.endsWith('…'));
  assert.deepEqual([second!.input, second!.group], ['2 eggs', first!.group]);
  // The response held to the document's own schema (buildTestApp checks every response); its
  // owner can send it back as it is.
  const put = await app.inject({ method: 'PUT', url: `/recipes/${recipe.id}`, headers: user.auth, payload: asUpdate(recipe) });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(
    put.json().ingredient_lines.map((l: Line) => [l.input, l.group]),
    recipe.ingredient_lines.map((l: Line) => [l.input, l.group]),
  );
});

test('import within the limits is saved unchanged: no X-Import-Truncated', async (t) => {
  const { importPage } = await setup(t);
  const res = await importPage(page([`1 cup ${'y'.repeat(494)}`, 'For the top:', '2 eggs'], { name: 't'.repeat(200) }));
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.headers['x-import-truncated'], undefined);
  assert.equal(res.json().title, 't'.repeat(200));
  assert.equal(res.json().ingredient_lines[0].input.length, 500);
});
