// Migration 015: tags stored before tags were case-folded like search ("οδος", "straße") are
// folded in recipes.tags and recipe_tags alike, so ?tag= and GET /tags find them under the folded
// form; nothing is lost (a folding too long for a tag keeps the tag as it was).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.js';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { recipeSearchFor } from '../../src/modules/recipes/search/strategy.js';
import { recipeTagsRepository } from '../../src/modules/recipes/recipe-tags.repository.js';
import { normaliseTags } from '../../src/modules/recipes/recipe-tags.js';
import { freshDatabase } from '../helpers/build.js';

const lastApplied = async (database: DatabaseHandle) => (await database.migrationStatus()).filter((m) => m.executedAt).at(-1)?.name;

test('migration 015 folds stored tags; ?tag= and tag counts find them under the folded form', async (t) => {
  const database = await freshDatabase(t);
  await database.migrate();
  while ((await lastApplied(database)) !== '014-recipe-version-on-any-change') await database.migrateDown();
  const { db } = database;
  const owner = await db
    .insertInto('users')
    .values({ username: 'o', username_key: 'o', password_hash: 'x', created_at: 'now' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const longEszett = 'ß'.repeat(30); // folds to 60 characters, more than a tag holds
  const stored: [string, string[]][] = [
    ['Greek', ['οδος', 'quick']],
    ['German', ['straße', 'strasse', 'vegan']],
    ['Plain', ['vegan']],
    ['Long', [longEszett]],
    ['None', []],
  ];
  const ids: number[] = [];
  for (const [title, tags] of stored) {
    const row = await recipesRepository.insert(db, {
      title,
      ingredients: 'rice',
      time_minutes: 10,
      owner_id: owner.id,
      created_at: 'now',
      updated_at: 'now',
      tags: JSON.stringify(tags),
    });
    await recipeTagsRepository.replace(db, row.id, tags);
    ids.push(row.id);
  }
  await database.migrate();
  assert.ok((await database.migrationStatus()).find((m) => m.name === '015-tags-full-case-folding')?.executedAt, 'migration 015 applied');
  const tagsOf = async (id: number) => JSON.parse((await recipesRepository.findById(db, id))!.tags) as string[];
  assert.deepEqual(await tagsOf(ids[0]!), ['οδοσ', 'quick']);
  assert.deepEqual(await tagsOf(ids[1]!), ['strasse', 'vegan'], 'two tags that fold to one become that one');
  assert.deepEqual(await tagsOf(ids[2]!), ['vegan']);
  assert.deepEqual(await tagsOf(ids[3]!), [longEszett], 'kept as it was');
  assert.deepEqual(await tagsOf(ids[4]!), []);
  const base = { sort: 'title' as const, limit: 20, offset: 0 };
  const titles = async (raw: string[]) =>
    (await recipeSearchFor(database.dialect).findMany(db, { ...base, tags: normaliseTags(raw) })).rows.map((r) => r.title);
  assert.deepEqual(await titles(['ΟΔΟΣ']), ['Greek']);
  assert.deepEqual(await titles(['Straße']), ['German']);
  assert.deepEqual(await titles(['vegan']), ['German', 'Plain']);
  const rows = await sql<{ tag: string; recipe_id: number }>`SELECT tag, recipe_id FROM recipe_tags ORDER BY recipe_id, tag`.execute(db);
  assert.deepEqual(
    rows.rows.map((r) => [ids.indexOf(Number(r.recipe_id)), r.tag]),
    [
      [0, 'quick'],
      [0, 'οδοσ'],
      [1, 'strasse'],
      [1, 'vegan'],
      [2, 'vegan'],
      [3, longEszett],
    ],
  );
  // Down and up again changes nothing more.
  await database.migrateDown();
  await database.migrate();
  assert.deepEqual(await tagsOf(ids[1]!), ['strasse', 'vegan']);
});
