// Migrations 005 (tags), 006 (parsed ingredient lines) and 020 (households) go down and up again on both
// databases with data in them: nothing of the recipes is lost, and the new structures work after.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.js';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { recipeSearchFor } from '../../src/modules/recipes/search/strategy.js';
import { recipeTagsRepository } from '../../src/modules/recipes/recipe-tags.repository.js';
import { PARSER_VERSION } from '../../src/modules/ingredients/ingredient-parser.js';
import { ingredientLinesOf, parseColumns, parseIngredientsText } from '../../src/modules/recipes/ingredient-lines.js';
import { reparseOutdatedIngredients } from '../../src/modules/recipes/ingredient-reparse.js';
import { freshDatabase } from '../helpers/build.js';
import { insertUser } from '../helpers/factories.js';

const lastApplied = async (database: DatabaseHandle) => (await database.migrationStatus()).filter((m) => m.executedAt).at(-1)?.name;

async function downTo(database: DatabaseHandle, name: string) {
  while ((await lastApplied(database)) !== name) await database.migrateDown();
}

async function columnsOf(database: DatabaseHandle): Promise<string[]> {
  const rows =
    database.dialect === 'postgres'
      ? (
          await sql<{
            name: string;
          }>`SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'recipes' AND table_schema = current_schema()`.execute(
            database.db,
          )
        ).rows
      : (await sql<{ name: string }>`SELECT name FROM pragma_table_info('recipes')`.execute(database.db)).rows;
  return rows.map((r) => r.name).sort();
}

async function tableExists(database: DatabaseHandle, table: string): Promise<boolean> {
  const { rows } =
    database.dialect === 'postgres'
      ? await sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = ${table} AND table_schema = current_schema()`.execute(
          database.db,
        )
      : await sql<{ n: number }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ${table}`.execute(database.db);
  return Number(rows[0]?.n) > 0;
}

test('migration 005 down and up with tagged recipes in the database', async (t) => {
  const database = await freshDatabase(t);
  await database.migrate();
  const { db } = database;
  const owner = await insertUser(db);
  const ids: number[] = [];
  for (const [title, tags] of [
    ['Curry', ['vegan', 'quick']],
    ['Stew', ['vegan']],
    ['Steak', []],
  ] as const) {
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
  const base = { sort: 'title' as const, limit: 20, offset: 0 };
  assert.deepEqual(
    (await recipeSearchFor(database.dialect).findMany(db, { ...base, tags: ['vegan'] })).rows.map((r) => r.title),
    ['Curry', 'Stew'],
  );

  await downTo(database, '004-deferred-fts');
  assert.equal(await tableExists(database, 'recipe_tags'), false);
  assert.ok(!(await columnsOf(database)).includes('tags'));
  const kept = await sql<{ title: string }>`SELECT title FROM recipes ORDER BY id`.execute(db);
  assert.deepEqual(
    kept.rows.map((r) => r.title),
    ['Curry', 'Stew', 'Steak'],
    'every recipe survives the way down',
  );

  await database.migrate();
  assert.equal(await tableExists(database, 'recipe_tags'), true);
  const back = await recipesRepository.findById(db, ids[0]!);
  assert.equal(back?.tags, '[]', 'recipes come back without tags');
  assert.equal((await recipeSearchFor(database.dialect).findMany(db, { ...base, tags: ['vegan'] })).total, 0);
  await recipeTagsRepository.replace(db, ids[1]!, ['warm']);
  assert.deepEqual(
    (await recipeSearchFor(database.dialect).findMany(db, { ...base, tags: ['warm'] })).rows.map((r) => r.title),
    ['Stew'],
  );
  // A recipe's tags go with it.
  await recipesRepository.delete(db, ids[1]!);
  assert.deepEqual(await recipeTagsRepository.counts(db, 10, 0), { rows: [], total: 0 });
});

test('migration 006 down and up with parsed recipes in the database; the parse is made again afterwards', async (t) => {
  const database = await freshDatabase(t);
  await database.migrate();
  const { db } = database;
  const owner = await insertUser(db);
  const row = await recipesRepository.insert(db, {
    title: 'Pancakes',
    ingredients: '2 cups flour\n2 eggs',
    time_minutes: 10,
    owner_id: owner.id,
    created_at: 'now',
    updated_at: 'now',
    ...parseColumns(parseIngredientsText('2 cups flour\n2 eggs')),
  });
  await downTo(database, '005-recipe-tags');
  const columns = await columnsOf(database);
  assert.ok(!columns.includes('ingredient_lines') && !columns.includes('parser_version'));
  assert.deepEqual((await sql<{ ingredients: string }>`SELECT ingredients FROM recipes`.execute(db)).rows, [
    { ingredients: '2 cups flour\n2 eggs' },
  ]);
  await database.migrate();
  const back = await recipesRepository.findById(db, row.id);
  assert.equal(back?.parser_version, null, 'no parse right after the way back up');
  assert.deepEqual(
    ingredientLinesOf(back!).map((l) => [l.quantity, l.unit]),
    [
      [2, 'cup'],
      [2, null],
    ],
    'read: parsed on the fly',
  );
  assert.equal(await reparseOutdatedIngredients(db), 1);
  assert.equal((await recipesRepository.findById(db, row.id))?.parser_version, PARSER_VERSION);
});

test('migration 020 down to 019 and up again with households, hidden recipes and codes in the database', async (t) => {
  const database = await freshDatabase(t);
  await database.migrate();
  const { db } = database;
  const ana = await insertUser(db, 'ana');
  const bob = await insertUser(db, 'bob');
  const family = await db.insertInto('households').values({ name: 'Family', created_at: 'now' }).returning('id').executeTakeFirstOrThrow();
  await db.updateTable('users').set({ household_id: family.id }).where('id', 'in', [ana.id, bob.id]).execute();
  await db.updateTable('users').set({ role: 'admin' }).where('id', '=', bob.id).execute();
  const recipe = (title: string, visibility: 'private' | 'household' | 'public') =>
    db
      .insertInto('recipes')
      .values({ title, ingredients: 'rice', time_minutes: 10, owner_id: ana.id, created_at: 'now', updated_at: 'now', visibility })
      .execute();
  await recipe('Secret', 'private');
  await recipe('Ours', 'household');
  await recipe('Open', 'public');
  await db
    .insertInto('invitations')
    .values({ code_hash: 'a'.repeat(64), kind: 'household', household_id: family.id, created_by: ana.id, created_at: 'now', expires_at: 1 })
    .execute();
  await db
    .insertInto('password_resets')
    .values({ code_hash: 'b'.repeat(64), user_id: bob.id, created_by: bob.id, expires_at: 1 })
    .execute();
  const userColumns = async () =>
    (database.dialect === 'postgres'
      ? (
          await sql<{ name: string }>`SELECT column_name AS name FROM information_schema.columns
            WHERE table_name = 'users' AND table_schema = current_schema()`.execute(db)
        ).rows
      : (await sql<{ name: string }>`SELECT name FROM pragma_table_info('users')`.execute(db)).rows
    ).map((r) => r.name);

  // From the latest migration down through 020, with every later migration's down on the way.
  await database.migrateTo('019-oidc-identities');
  assert.equal(await lastApplied(database), '019-oidc-identities');
  for (const table of ['households', 'invitations', 'password_resets'])
    assert.equal(await tableExists(database, table), false, `${table} dropped`);
  assert.ok(!(await columnsOf(database)).includes('visibility'));
  assert.ok(!(await userColumns()).some((c) => c === 'household_id' || c === 'role'));
  const titles = async () => (await sql<{ title: string }>`SELECT title FROM recipes ORDER BY id`.execute(db)).rows.map((r) => r.title);
  assert.deepEqual(await titles(), ['Secret', 'Ours', 'Open'], 'every recipe survives the way down');
  assert.equal((await sql<{ n: number }>`SELECT count(*) AS n FROM users`.execute(db)).rows[0]?.n, 2, 'every account too');
  // An account made while 020 is not applied gets a household on the way up like the others.
  const carl = await insertUser(db, 'carl');

  await database.migrateTo('020-households');
  const users = await db.selectFrom('users').select(['id', 'username', 'role', 'household_id']).orderBy('id').execute();
  assert.deepEqual(
    users.map((u) => [u.username, u.role, u.household_id]),
    [
      ['ana', 'admin', ana.id],
      ['bob', 'member', bob.id],
      ['carl', 'member', carl.id],
    ],
    'each account back in a household of its own; the first is the admin',
  );
  const households = await db.selectFrom('households').select(['id', 'name']).orderBy('id').execute();
  assert.deepEqual(
    households.map((h) => [h.id, h.name]),
    [
      [ana.id, 'ana'],
      [bob.id, 'bob'],
      [carl.id, 'carl'],
    ],
  );
  const visibilities = await db.selectFrom('recipes').select('visibility').orderBy('id').execute();
  assert.deepEqual(
    visibilities.map((r) => r.visibility),
    ['public', 'public', 'public'],
    'what every recipe was before 020',
  );
  assert.equal(await tableExists(database, 'invitations'), true);
  assert.equal(await tableExists(database, 'password_resets'), true);

  // And on to the latest: a new household is numbered after the ones made from the accounts.
  await database.migrate();
  const next = await db.insertInto('households').values({ name: 'New', created_at: 'now' }).returning('id').executeTakeFirstOrThrow();
  assert.ok(next.id > carl.id, `household id ${next.id} after ${carl.id}`);
  await db.updateTable('recipes').set({ visibility: 'private' }).where('title', '=', 'Secret').execute();
  assert.equal(await recipesRepository.anyNotPublic(db), true, 'the partial index of hidden recipes is back');
});
