// time_minutes may be null (unknown): optional on create, null for an import without a time,
// never matched by max_time, and last under both sort=time_minutes and sort=-time_minutes, on
// every way a listing is answered (plain queries, walks, search summaries, kept JSON texts),
// with X-Total-Count and paging agreeing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp, createRecipe, freshDatabase, registerAndLogin } from '../helpers/build.js';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import type { NewRecipeRow } from '../../src/db/tables.js';

test('create without a time, or with null, stores null; a time can be cleared and set again', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const left = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: user.auth,
    payload: { title: 'No time', ingredients: 'rice' },
  });
  assert.equal(left.statusCode, 201, left.body);
  assert.equal(left.json().time_minutes, null);
  const explicit = await createRecipe(app, user, { time_minutes: null });
  assert.equal(explicit.json().time_minutes, null);
  const got = await app.inject({ method: 'GET', url: `/recipes/${left.json().id}`, headers: user.auth });
  assert.equal(got.json().time_minutes, null);
  const timed = await createRecipe(app, user, { time_minutes: 20 });
  const cleared = await app.inject({
    method: 'PUT',
    url: `/recipes/${timed.json().id}`,
    headers: user.auth,
    payload: { time_minutes: null },
  });
  assert.equal(cleared.statusCode, 200, cleared.body);
  assert.equal(cleared.json().time_minutes, null);
  const again = await app.inject({ method: 'PUT', url: `/recipes/${timed.json().id}`, headers: user.auth, payload: { time_minutes: 15 } });
  assert.equal(again.json().time_minutes, 15);
  // Still refused: anything but a whole number of minutes in range, or null.
  for (const time_minutes of [-1, 10_081, 1.5, '30', '']) {
    const bad = await app.inject({
      method: 'POST',
      url: '/recipes',
      headers: user.auth,
      payload: { title: 'T', ingredients: 'x', time_minutes },
    });
    assert.equal(bad.statusCode, 400, String(time_minutes));
  }
});

test('an import without a time is saved with time_minutes null, not 0', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'Recipe',
    name: 'Leek soup',
    recipeIngredient: ['2 leeks', '3 potatoes'],
    recipeInstructions: 'Simmer.',
  };
  const html = `<html><head><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body></body></html>`;
  const res = await app.inject({
    method: 'POST',
    url: '/recipes/import',
    headers: user.auth,
    payload: { html, url: 'https://cooking.example.org/leek-soup' },
  });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().time_minutes, null);
  const timed = await app.inject({
    method: 'POST',
    url: '/recipes/import',
    headers: user.auth,
    payload: { html: html.replace('"Simmer."', '"Simmer.","totalTime":"PT45M"'), url: 'https://cooking.example.org/leek-soup-2' },
  });
  assert.equal(timed.json().time_minutes, 45);
});

test('listings: max_time never matches an unknown time; both time sorts put it last; totals and pages agree', async (t) => {
  const database = await freshDatabase(t);
  const { app } = await buildTestApp(t, { build: { database } });
  const user = await registerAndLogin(app);
  const { db } = database;
  // Enough matches of "rice" for it to be summarised (search summaries), a fifth of them without a time.
  const rows: NewRecipeRow[] = [];
  for (let i = 0; i < 320; i++) {
    const time = i % 5 === 0 ? null : (i * 37) % 90;
    rows.push({
      title: `R${i}`,
      ingredients: i % 4 === 3 ? 'barley' : 'rice\nsalt',
      time_minutes: time,
      owner_id: user.id,
      created_at: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
      updated_at: '2024-02-01T00:00:00.000Z',
      tags: i % 3 === 0 ? '["quick"]' : '[]',
    });
  }
  await db.transaction().execute((trx) => recipesRepository.insertMany(trx, rows));
  if (database.dialect === 'sqlite') {
    const tagged = await db.selectFrom('recipes').select(['id', 'tags']).execute();
    await db
      .insertInto('recipe_tags')
      .values(tagged.filter((r) => r.tags !== '[]').map((r) => ({ tag: 'quick', recipe_id: r.id })))
      .execute();
    // Half indexed (summaries and FTS5), half still waiting: both sides of every SQLite path.
    await sqliteIndexing.indexPendingSearch(db, 160);
  } else {
    const tagged = await db.selectFrom('recipes').select(['id', 'tags']).execute();
    await db
      .insertInto('recipe_tags')
      .values(tagged.filter((r) => r.tags !== '[]').map((r) => ({ tag: 'quick', recipe_id: r.id })))
      .execute();
  }
  const all = await db.selectFrom('recipes').select(['id', 'time_minutes', 'ingredients', 'tags']).execute();
  assert.equal(all.filter((r) => r.time_minutes === null).length, 64);

  const expected = (filter: (r: (typeof all)[number]) => boolean, sort: string) => {
    const desc = sort.startsWith('-');
    const known = all
      .filter((r) => filter(r) && r.time_minutes !== null)
      .sort((a, b) => (a.time_minutes! - b.time_minutes! || a.id - b.id) * (desc ? -1 : 1));
    const unknown = all.filter((r) => filter(r) && r.time_minutes === null).sort((a, b) => (a.id - b.id) * (desc ? -1 : 1));
    return [...known, ...unknown].map((r) => r.id);
  };
  const cases: [string, (r: (typeof all)[number]) => boolean][] = [
    ['', () => true],
    ['ingredient=rice', (r) => r.ingredients.includes('rice')],
    ['q=RICE', (r) => r.ingredients.includes('rice')],
    ['ingredient=barley', (r) => r.ingredients.includes('barley')],
    ['max_time=30', (r) => r.time_minutes !== null && r.time_minutes <= 30],
    ['max_time=0', (r) => r.time_minutes === 0],
    ['ingredient=rice&max_time=45', (r) => r.ingredients.includes('rice') && r.time_minutes !== null && r.time_minutes <= 45],
    ['tag=quick', (r) => r.tags !== '[]'],
    ['mine=true&max_time=89', (r) => r.time_minutes !== null],
  ];
  const read = async (query: string) => {
    const ids: number[] = [];
    let total: string | undefined;
    for (let offset = 0; ; offset += 50) {
      const res = await app.inject({ method: 'GET', url: `/recipes?${query}&limit=50&offset=${offset}`, headers: user.auth });
      assert.equal(res.statusCode, 200, res.body);
      total ??= res.headers['x-total-count'] as string;
      assert.equal(res.headers['x-total-count'], total, `${query}: the same total on every page`);
      const page = res.json() as { id: number; time_minutes: number | null }[];
      ids.push(...page.map((r) => r.id));
      if (page.length < 50) break;
    }
    return { ids, total: Number(total) };
  };
  for (const [filter, matches] of cases) {
    for (const sort of ['time_minutes', '-time_minutes', '-created_at']) {
      for (const fields of ['full', 'summary']) {
        const query = `${filter}&sort=${sort}&fields=${fields}`;
        const want = expected(matches, sort);
        // Twice: the second answer may come from the listing cache or the kept JSON texts.
        for (const round of [1, 2]) {
          const got = await read(query);
          assert.equal(got.total, want.length, `X-Total-Count of ${query} (${round})`);
          if (sort === '-created_at')
            assert.deepEqual(
              [...got.ids].sort((a, b) => a - b),
              [...want].sort((a, b) => a - b),
              `${query} (${round})`,
            );
          else assert.deepEqual(got.ids, want, `${query} (${round})`);
        }
      }
    }
  }
  // A recipe's time changing from known to unknown and back moves it in the counts and the order.
  const first = expected(() => true, 'time_minutes')[0]!;
  await app.inject({ method: 'PUT', url: `/recipes/${first}`, headers: user.auth, payload: { time_minutes: null } });
  const row = all.find((r) => r.id === first)!;
  const before = row.time_minutes;
  row.time_minutes = null;
  for (const query of [
    'sort=time_minutes',
    'ingredient=rice&sort=-time_minutes',
    'max_time=30&sort=time_minutes',
    'ingredient=rice&max_time=45&sort=time_minutes',
  ]) {
    const filter = cases.find(([f]) => query.startsWith(f) && f !== '' && query.slice(f.length).startsWith('&sort'))?.[1] ?? (() => true);
    const got = await read(query);
    const want = expected(filter, query.includes('-time_minutes') ? '-time_minutes' : 'time_minutes');
    assert.equal(got.total, want.length, `X-Total-Count of ${query} after the change`);
    assert.deepEqual(got.ids, want, `${query} after the change`);
  }
  await app.inject({ method: 'PUT', url: `/recipes/${first}`, headers: user.auth, payload: { time_minutes: before } });
  row.time_minutes = before;
  const back = await read('max_time=30&sort=time_minutes');
  assert.deepEqual(
    back.ids,
    expected((r) => r.time_minutes !== null && r.time_minutes <= 30, 'time_minutes'),
  );
});

const lastApplied = async (database: Awaited<ReturnType<typeof freshDatabase>>) =>
  (await database.migrationStatus()).filter((m) => m.executedAt).at(-1)?.name;

test('migration 017 leaves every stored row, tag and id counter as it was; down refuses while a time is unknown', async (t) => {
  const database = await freshDatabase(t);
  await database.migrate();
  while ((await lastApplied(database)) !== '016-recipe-images') await database.migrateDown();
  const { db } = database;
  const owner = await db
    .insertInto('users')
    .values({ username: 'o', username_key: 'o', password_hash: 'x', created_at: 'now' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const [title, time] of [
    ['A', 0],
    ['B', 30],
    ['C', 90],
  ] as const) {
    const row = await recipesRepository.insert(db, {
      title,
      ingredients: 'rice',
      time_minutes: time,
      owner_id: owner.id,
      created_at: 'now',
      updated_at: 'now',
      tags: '["quick"]',
    });
    await db.insertInto('recipe_tags').values({ tag: 'quick', recipe_id: row.id }).execute();
    ids.push(row.id);
  }
  // The last id is deleted: a new recipe must still not reuse it.
  await db.deleteFrom('recipes').where('id', '=', ids[2]!).execute();
  const before = await db.selectFrom('recipes').selectAll().orderBy('id').execute();
  await database.migrateTo('017-unknown-time');
  assert.equal(await lastApplied(database), '017-unknown-time');
  assert.deepEqual(await db.selectFrom('recipes').selectAll().orderBy('id').execute(), before, 'rows unchanged (0 stays 0)');
  assert.deepEqual(
    (await db.selectFrom('recipe_tags').select('recipe_id').orderBy('recipe_id').execute()).map((r) => r.recipe_id),
    [ids[0], ids[1]],
  );
  const unknown = await recipesRepository.insert(db, {
    title: 'D',
    ingredients: 'rice',
    time_minutes: null,
    owner_id: owner.id,
    created_at: 'now',
    updated_at: 'now',
  });
  assert.ok(unknown.id > ids[2]!, 'ids are not reused');
  assert.equal(unknown.time_minutes, null);
  await assert.rejects(database.migrateDown(), /unknown time/);
  assert.equal(await lastApplied(database), '017-unknown-time');
  await db.deleteFrom('recipes').where('id', '=', unknown.id).execute();
  await database.migrateDown();
  await assert.rejects(
    recipesRepository.insert(db, {
      title: 'E',
      ingredients: 'rice',
      time_minutes: null,
      owner_id: owner.id,
      created_at: 'now',
      updated_at: 'now',
    }),
  );
  await database.migrate();
  // Up to the latest again: the same rows, with what later migrations add (020: visibility, public for every existing recipe).
  const after = (await db.selectFrom('recipes').selectAll().orderBy('id').execute()).map(({ visibility, ...row }) => {
    assert.equal(visibility, 'public');
    return row;
  });
  assert.deepEqual(after, before);
});
