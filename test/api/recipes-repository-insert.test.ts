// recipesRepository.insert reuses the SQL text it compiled for a set of columns (kept in a
// RecipesRepositoryState): rows with different columns, or with a value left undefined, must
// still be stored and returned exactly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recipesRepository, RecipesRepositoryState } from '../../src/modules/recipes/recipes.repository.js';
import { freshDatabase } from '../helpers/build.js';
import { insertUser } from '../helpers/factories.js';

test('insert stores and returns exactly the given row, whatever columns it has', async (t) => {
  const database = await freshDatabase(t);
  await database.migrate();
  const { db } = database;
  const owner = await insertUser(db);
  const base = {
    title: 'Soup',
    ingredients: 'water',
    time_minutes: 5,
    owner_id: owner.id,
    created_at: '2024-01-01T00:00:00.000Z',
    updated_at: '2024-01-01T00:00:00.000Z',
  };
  const variants = [
    { ...base, instructions: 'Boil.', servings: 2, source_url: null, image_url: null },
    { ...base, title: 'Second soup', instructions: 'Stir.', servings: 3, source_url: 'https://a.example/', image_url: null },
    { ...base, title: 'Short soup' },
    { ...base, title: 'Undefined soup', instructions: undefined, servings: 4 },
    { ...base, title: 'Crème brûlée' },
    { ...base, title: 'Third soup', instructions: null, servings: null, source_url: null, image_url: 'https://i.example/x.jpg' },
  ];
  const state = new RecipesRepositoryState();
  for (const row of variants) {
    const returned = await recipesRepository.insert(db, row, state);
    const stored = await recipesRepository.findById(db, returned.id);
    assert.deepEqual(returned, stored, `${row.title}: returned as stored`);
    assert.deepEqual(
      { ...returned },
      {
        id: returned.id,
        version: 1,
        instructions: null,
        servings: null,
        source_url: null,
        image_url: null,
        tags: '[]',
        ingredient_lines: null,
        parser_version: null,
        image_set: null,
        image: null,
        visibility: 'public',
        // ASCII text needs no folded copy for search (migration 007); the others get theirs.
        search_title: row.title === 'Crème brûlée' ? 'crème brûlée' : null,
        search_ingredients: null,
        ...Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)),
      },
      `${row.title}: stored as given`,
    );
  }
});
