// IMPORT HOOK: what the extractor may add to a scraped recipe beyond the contract
// (tags from recipeCategory/recipeCuisine/keywords, ingredient groups) is stored by
// createFromScraped; the extractor only has to fill the fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';

const scraped = {
  title: 'Pad thai',
  ingredients: ['200 g rice noodles', '2 eggs'],
  time_minutes: 25,
  instructions: 'Cook.',
  servings: 2,
  image_url: null,
  source_url: 'https://example.org/pad-thai',
  // As the extractor gives them for a page without headings or tags.
  ingredient_groups: [{ name: null, ingredients: ['200 g rice noodles', '2 eggs'] }],
  tags: [] as string[],
};

test("import keeps the page's tags, normalised, leaving out the ones that break the rules", async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const row = await app.recipesService.createFromScraped(user.id, {
    ...scraped,
    tags: ['Main Course', 'Thai', 'noodles, Quick ,', 'thai', 'x'.repeat(41), ...Array.from({ length: 30 }, (_, i) => `k${i}`)],
  });
  const got = await app.inject({ method: 'GET', url: `/recipes/${row.id}`, headers: user.auth });
  const tags: string[] = got.json().tags;
  assert.deepEqual(tags.slice(0, 4), ['main course', 'thai', 'noodles', 'quick']);
  assert.equal(tags.length, 20, 'at most 20');
  const listed = await app.inject({ method: 'GET', url: '/recipes?tag=thai&tag=quick', headers: user.auth });
  assert.equal(listed.headers['x-total-count'], '1');
  // Without tags (an extraction that found none) the recipe simply has none.
  assert.equal((await app.recipesService.createFromScraped(user.id, scraped)).tags, '[]');
  const { tags: _t, ingredient_groups: _g, ...contractOnly } = scraped;
  const plain = await app.recipesService.createFromScraped(user.id, { ...contractOnly, tags: [], ingredient_groups: [] });
  assert.equal(plain.tags, '[]');
  assert.equal(plain.ingredients, '200 g rice noodles\n2 eggs');
});

test("import stores the page's ingredient groups as headings of the lines", async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const row = await app.recipesService.createFromScraped(user.id, {
    ...scraped,
    ingredients: ['200 g rice noodles', '2 eggs', '1 tbsp fish sauce'],
    ingredient_groups: [
      { name: 'Noodles', ingredients: ['200 g rice noodles', '2 eggs'] },
      { name: 'Sauce:', ingredients: ['1 tbsp fish sauce'] },
    ],
  });
  const got = (await app.inject({ method: 'GET', url: `/recipes/${row.id}`, headers: user.auth })).json();
  assert.equal(got.ingredients, '200 g rice noodles\n2 eggs\n1 tbsp fish sauce');
  assert.deepEqual(
    got.ingredient_lines.map((l: { input: string; group: string | null }) => [l.input, l.group]),
    [
      ['200 g rice noodles', 'Noodles'],
      ['2 eggs', 'Noodles'],
      ['1 tbsp fish sauce', 'Sauce'],
    ],
  );
  // Groups without any heading are just the flat list.
  const flat = await app.recipesService.createFromScraped(user.id, {
    ...scraped,
    ingredient_groups: [{ name: null, ingredients: ['200 g rice noodles', '2 eggs'] }],
  });
  assert.deepEqual(
    (await app.inject({ method: 'GET', url: `/recipes/${flat.id}`, headers: user.auth }))
      .json()
      .ingredient_lines.map((l: { group: string | null }) => l.group),
    [null, null],
  );
});
