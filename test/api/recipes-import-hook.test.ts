// IMPORT HOOK (issue 13): what the extractor may add to a scraped recipe beyond the contract
// (tags from recipeCategory/recipeCuisine/keywords, ingredient groups) is stored by
// createFromScraped; the extractor side (issue 12) only has to fill the fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';

const scraped = {
  title: 'Pad thai', ingredients: ['200 g rice noodles', '2 eggs'], time_minutes: 25, instructions: 'Cook.',
  servings: 2, image_url: null, source_url: 'https://example.org/pad-thai',
};

test('import keeps the page\'s tags, normalised, leaving out the ones that break the rules', async (t) => {
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
  // Without the field (today's extractor) the recipe simply has no tags.
  const plain = await app.recipesService.createFromScraped(user.id, scraped);
  assert.equal(plain.tags, '[]');
});
