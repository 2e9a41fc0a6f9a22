// PostgreSQL answers a search for a common term from its search summary (search-postgres.ts,
// migration 012): the count from per-time count rows, the default-order page from postings,
// both kept by triggers in the transaction of every write; until a term's summary is built in the
// background, the pg_trgm count and a walk of the sort index for the page. Whatever the way, the page and
// X-Total-Count must be exactly those of the plain query: checked here against it for a grid of
// filters, sorts and offsets, after updates, deletes and inserts, with writers running while a
// summary is built, and with count rows folded (compacted) while writers add more.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { recipeSearchFor } from '../../src/modules/recipes/search/strategy.js';
import type { RecipeFilters } from '../../src/modules/recipes/search/filters.js';
import { COMPACT_ABOVE, postgresSummaries } from '../../src/modules/recipes/search/postgres-summaries.js';
import { SummaryBuilder } from '../../src/modules/recipes/search/summary-builder.js';
import { freshDatabase, testDatabaseUrl } from '../helpers/build.js';
import { seedSearchCatalogue } from '../helpers/search-catalogue.js';

const skip = testDatabaseUrl ? false : "PostgreSQL's search summaries (runs in the PostgreSQL pass)";
const ROWS = 3000;

test("PostgreSQL search summaries return exactly the plain query's page and total, through writes", { skip }, async (t) => {
  const database = await freshDatabase(t);
  await database.migrate();
  const { db } = database;
  const { owners, row, ids: ids0 } = await seedSearchCatalogue(db, ROWS);
  await sql`ANALYZE`.execute(db);

  const summaryBoth = t.mock.method(postgresSummaries, 'countAndPage');
  const summaryPages = t.mock.method(postgresSummaries, 'page');
  const summaryCounts = t.mock.method(postgresSummaries, 'count');
  const compactions = t.mock.method(postgresSummaries, 'compact');

  const texts: Partial<RecipeFilters>[] = [
    {},
    { maxTime: 10 },
    { ingredient: 'rice' },
    { ingredient: 'RICE', maxTime: 90 },
    { ingredient: 'rice', maxTime: 3 },
    { q: 'lemon' },
    { q: 'lemon', ingredient: 'rice' },
    { ingredient: 'saffron' },
    { ingredient: 'cardamom' },
    { ingredient: 'cardamom', maxTime: 30 },
    { ingredient: 'cardamom', ownerId: owners[1]!.id },
    { ingredient: 'äpfel' },
    { q: 'Äpfel', maxTime: 100 },
    { ingredient: 'rice', ownerId: owners[1]!.id },
    { ingredient: 'ri', maxTime: 45 },
    { ingredient: 'nothing-like-this' },
    { tags: ['quick'], ingredient: 'rice' },
    { ingredient: 'pepper', maxTime: 60 },
  ];
  // Summaries are built in the background (summary-builder.ts); the first grid runs with every
  // build asked for held, so common terms are answered without a summary until theirs is built.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let holding = true;
  const builder = new SummaryBuilder(async (text) => {
    if (holding) await held;
    return postgresSummaries.build(db, text);
  });
  const search = recipeSearchFor('postgres', { summaryBuilder: builder });
  const walks = t.mock.method(Object.getPrototypeOf(search) as { walkQuery: () => unknown }, 'walkQuery');
  const check = async (f: RecipeFilters) => {
    const got = await search.findMany(db, f);
    const expected = await recipeSearchFor('postgres').pageQuery(db, f).execute();
    const count = await recipeSearchFor('postgres').countQuery(db, f).executeTakeFirstOrThrow();
    const what = JSON.stringify(f);
    assert.equal(got.total, Number(count.total), `total of ${what}`);
    assert.deepEqual(
      got.rows.map((r) => r.id),
      expected.map((r) => r.id),
      `page of ${what}`,
    );
  };
  const grid = async (only = texts) => {
    for (const text of only) {
      for (const sort of ['-created_at', 'created_at', 'title'] as const) {
        for (const [offset, limit] of [
          [0, 20],
          [40, 20],
          [1480, 50],
          [2990, 20],
        ] as const)
          await check({ sort, limit, offset, ...text });
      }
    }
  };
  await grid();
  assert.equal(summaryBoth.mock.callCount() + summaryCounts.mock.callCount(), 0, 'no summary was read while the builds were held');
  // Until then a common term's page stops at the page: a walk of the sort index.
  assert.ok(walks.mock.callCount() >= 20, `pages of common terms walked while held: ${walks.mock.callCount()}`);
  assert.equal(Number((await sql<{ n: string }>`SELECT count(*) AS n FROM search_terms`.execute(db)).rows[0]!.n), 0, 'builds held');
  holding = false;
  release();
  await builder.idle();
  await grid();
  const terms = await sql<{ columns: string; term: string }>`SELECT columns, term FROM search_terms ORDER BY columns, term`.execute(db);
  assert.deepEqual(
    terms.rows.map((r) => `${r.columns}:${r.term}`),
    [
      'ingredients:cardamom',
      'ingredients:pepper',
      'ingredients:ri',
      'ingredients:rice',
      'ingredients:äpfel',
      'title ingredients:lemon',
      'title ingredients:äpfel',
    ],
    'common terms only (not saffron, 20 matches)',
  );

  // Writes through the repository: text, time, created_at and title changed, rows deleted, new rows.
  const ids = ids0;
  for (const id of ids.filter((_, i) => i % 97 === 3))
    await recipesRepository.update(db, id, { ingredients: 'Rice, CARDAMOM, Äpfel', time_minutes: 5 });
  for (const id of ids.filter((_, i) => i % 89 === 5))
    await recipesRepository.update(db, id, { title: 'Lemon ÄPFEL', created_at: '2023-06-01T00:00:00.000Z' });
  for (const id of ids.filter((_, i) => i % 91 === 2))
    await recipesRepository.update(db, id, { ingredients: 'barley only', time_minutes: 170 });
  for (const id of ids.filter((_, i) => i % 83 === 1)) assert.ok(await recipesRepository.delete(db, id));
  await recipesRepository.insertMany(
    db,
    Array.from({ length: 150 }, (_, i) => row(i, `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`)),
  );
  await grid();

  // Writers while summaries are built: a new term ("salt", in almost every row) is summarised
  // by a search while 200 single-row inserts and updates run on the other pooled connections.
  const writers = Array.from({ length: 200 }, async (_, i) => {
    if (i % 4 === 3) await recipesRepository.update(db, ids[i * 7]!, { ingredients: i % 8 === 3 ? 'salt, rice' : 'no such thing' });
    else
      await recipesRepository.insert(
        db,
        row(i, `2025-02-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`),
      );
  });
  const searches = [0, 1, 2, 3].map(() => search.findMany(db, { ingredient: 'salt', sort: '-created_at', limit: 20, offset: 0 }));
  await Promise.all([...writers, ...searches, builder.idle()]);
  await builder.idle();
  assert.ok(await postgresSummaries.find(db, { term: 'salt', columns: 'ingredients' }), 'salt was summarised in the background');
  await grid([{ ingredient: 'salt' }, { ingredient: 'SALT', maxTime: 50 }, { ingredient: 'rice', maxTime: 120 }]);

  // Count rows pile up with writes (one per matching write) until a count folds them; folds run
  // here alongside writers and alongside each other.
  const rice = (await postgresSummaries.find(db, { term: 'rice', columns: 'ingredients' }))!;
  const more = Array.from({ length: COMPACT_ABOVE + 100 }, (_, i) =>
    row(2 * i, `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z`),
  );
  for (let i = 0; i < more.length; i += 200) await recipesRepository.insertMany(db, more.slice(i, i + 200));
  await check({ ingredient: 'rice', sort: '-created_at', limit: 20, offset: 0 });
  assert.ok(compactions.mock.callCount() >= 1, 'a count over many count rows folds them');
  await Promise.all([
    ...Array.from({ length: 60 }, (_, i) => recipesRepository.insert(db, row(2 * i, '2026-02-01T00:00:00.000Z'))),
    postgresSummaries.compact(db, rice),
    postgresSummaries.compact(db, rice),
    postgresSummaries.compact(db, rice),
  ]);
  await grid([{ ingredient: 'rice' }, { ingredient: 'rice', maxTime: 90 }]);
  const folded = await sql<{ n: string }>`SELECT count(*) AS n FROM search_term_counts WHERE term_id = ${rice}`.execute(db);
  assert.ok(Number(folded.rows[0]!.n) <= 180 + 60, `folded count rows: ${folded.rows[0]!.n}`);

  // TRUNCATE fires no row trigger; its statement trigger empties the summaries.
  await sql`TRUNCATE recipes CASCADE`.execute(db);
  await grid([{ ingredient: 'rice' }, { q: 'lemon', maxTime: 60 }]);

  const taken = { countAndPage: summaryBoth.mock.callCount(), count: summaryCounts.mock.callCount(), page: summaryPages.mock.callCount() };
  assert.ok(
    taken.countAndPage > 150,
    `common terms' default-order listings come from their summaries in one statement: ${JSON.stringify(taken)}`,
  );
  assert.ok(taken.count > 60, `other sorts are counted from the summaries: ${JSON.stringify(taken)}`);
  assert.ok(taken.page >= 1, `a listing whose count rows need folding takes count() then page(): ${JSON.stringify(taken)}`);
});
