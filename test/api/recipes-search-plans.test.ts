// SQLite answers a search by whichever way reads fewer rows: the FTS5 candidates for sparse
// matches, a walk of the sort index for dense ones (falling back when the matches cluster
// further down), and an index-only count when only substrings are asked for, or for a common
// term whose summary is still being built (checked with every build held, then built). Whatever the way,
// the page and X-Total-Count must be exactly those of the plain query: checked here against it
// for a grid of filters, sorts and offsets, with each way shown to be taken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { recipeSearchFor } from '../../src/modules/recipes/search/strategy.js';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import type { RecipeFilters } from '../../src/modules/recipes/search/filters.js';
import { sqliteSummaries } from '../../src/modules/recipes/search/sqlite-summaries.js';
import { freshDatabase, testDatabaseUrl } from '../helpers/build.js';
import { seedSearchCatalogue } from '../helpers/search-catalogue.js';
import { SqliteSearch } from '../../src/modules/recipes/search/sqlite.js';
import { SummaryBuilder } from '../../src/modules/recipes/search/summary-builder.js';

const skip = testDatabaseUrl ? "the search strategies are SQLite's (PostgreSQL's planner chooses by itself)" : false;
const ROWS = 3000;

test("every search strategy returns exactly the plain query's page and total", { skip }, async (t) => {
  const database = await freshDatabase(t);
  await database.migrate();
  const { db } = database;
  const { owners, row } = await seedSearchCatalogue(db, ROWS, { veg: true });
  await sqliteIndexing.indexPendingSearch(db, ROWS - 100); // the newest 100 rows stay in the unindexed tail
  await sql`ANALYZE`.execute(db);

  const walks = t.mock.method(SqliteSearch.prototype, 'walkQuery');
  const pages = t.mock.method(SqliteSearch.prototype, 'pageQuery');
  const indexCounts = t.mock.method(SqliteSearch.prototype, 'indexOnlyCountQuery');
  const summaryPages = t.mock.method(sqliteSummaries, 'page');
  const summaryCounts = t.mock.method(sqliteSummaries, 'count');
  const timeCounts = t.mock.method(sqliteSummaries, 'countAll');
  const summaryIds = t.mock.method(SqliteSearch.prototype, 'summarisedIds');
  const taken = {
    walk: 0,
    walkFellBack: 0,
    candidates: 0,
    indexOnlyCount: 0,
    summaryPage: 0,
    summaryCount: 0,
    timeCount: 0,
    summaryIds: 0,
  };

  const texts: Partial<RecipeFilters>[] = [
    {},
    { maxTime: 10 },
    { maxTime: 150 },
    { maxTime: 0 },
    { ingredient: 'rice' },
    { ingredient: 'RICE', maxTime: 90 },
    { ingredient: 'rice', maxTime: 3 },
    { q: 'lemon' },
    { q: 'lemon', ingredient: 'rice' },
    { ingredient: 'saffron' },
    { ingredient: 'cardamom' },
    { ingredient: 'cardamom', ownerId: owners[1]!.id },
    { ingredient: 'äpfel' },
    { q: 'Äpfel', maxTime: 100 },
    { ingredient: 'rice', ownerId: owners[1]!.id },
    { ingredient: 'nothing-like-this' },
    { ingredient: 'ri' },
    { q: 'e', maxTime: 60 },
    { tags: ['quick'] },
    { tags: ['quick', 'veg'], maxTime: 120 },
    { tags: ['veg'], ingredient: 'rice' },
    { tags: ['quick'], q: 'lemon', maxTime: 90 },
    { tags: ['none-such'], ingredient: 'rice' },
  ];
  // Summaries are built in the background (summary-builder.ts); the first grid runs with every
  // build asked for held, so common terms are answered the way they are until theirs is built.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const builder = new SummaryBuilder(async (text) => {
    await held;
    return sqliteSummaries.addTerm(db, text);
  });
  const search = recipeSearchFor('sqlite', { summaryBuilder: builder });
  const grid = async () => {
    for (const text of texts) {
      for (const sort of ['-created_at', 'created_at', 'title', '-time_minutes'] as const) {
        for (const [offset, limit] of [
          [0, 20],
          [40, 20],
          [1480, 50],
          [2990, 20],
        ] as const) {
          const f: RecipeFilters = { sort, limit, offset, ...text };
          const before = { w: walks.mock.callCount(), p: pages.mock.callCount() };
          const got = await search.findMany(db, f);
          const expected = await recipeSearchFor('sqlite').pageQuery(db, f).execute();
          const count = await recipeSearchFor('sqlite').countQuery(db, f).executeTakeFirstOrThrow();
          const what = JSON.stringify(f);
          assert.equal(got.total, Number(count.total), `total of ${what}`);
          assert.deepEqual(
            got.rows.map((r) => r.id),
            expected.map((r) => r.id),
            `page of ${what}`,
          );
          // The shape listings that keep recipe texts read (recipe-json-cache.ts): the same page as keys.
          const asKeys = await search.findMany(db, f, 'keys');
          assert.equal(asKeys.total, got.total, `total of ${what} as keys`);
          assert.deepEqual(
            asKeys.rows.map((r) => r.id),
            expected.map((r) => r.id),
            `page of ${what} as keys`,
          );
          for (const [i, key] of asKeys.rows.entries()) {
            if (key.version !== undefined)
              assert.deepEqual([key.version, key.parser_version], [expected[i]!.version, expected[i]!.parser_version], `key of ${what}`);
          }
          const walked = walks.mock.callCount() > before.w;
          const fromCandidates = pages.mock.callCount() - 1 > before.p; // one call is ours above
          if (walked && fromCandidates) taken.walkFellBack += 1;
          else if (walked) taken.walk += 1;
          else if (fromCandidates) taken.candidates += 1;
        }
      }
    }
  };
  await grid();
  assert.equal((await sql<{ n: number }>`SELECT count(*) AS n FROM search_terms`.execute(db)).rows[0]!.n, 0, 'builds held');
  assert.equal(summaryCounts.mock.callCount() + summaryPages.mock.callCount(), 0, 'no summary was read while the builds were held');
  release();
  await builder.idle();
  await grid();
  // Summaries stay exact through writes: indexed rows updated (text, time, created_at) and deleted,
  // new rows in the tail, then the tail indexed by a batch (which adds them to every summarised term).
  const ids = (await db.selectFrom('recipes').select('id').orderBy('id').execute()).map((r) => r.id);
  for (const id of ids.filter((_, i) => i % 97 === 3))
    await recipesRepository.update(db, id, { ingredients: 'Rice, CARDAMOM, Äpfel', time_minutes: 5 });
  for (const id of ids.filter((_, i) => i % 89 === 5))
    await recipesRepository.update(db, id, { title: 'Lemon ÄPFEL', created_at: '2023-06-01T00:00:00.000Z' });
  for (const id of ids.filter((_, i) => i % 83 === 1)) assert.ok(await recipesRepository.delete(db, id));
  await recipesRepository.insertMany(
    db,
    Array.from({ length: 150 }, (_, i) => row(i, `2025-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`)),
  );
  await grid();
  await sqliteIndexing.indexPendingSearch(db, 10_000);
  await grid();
  taken.indexOnlyCount = indexCounts.mock.calls.filter((c) => c.result !== undefined).length;
  taken.summaryPage = summaryPages.mock.callCount();
  taken.summaryCount = summaryCounts.mock.callCount();
  taken.timeCount = timeCounts.mock.callCount();
  for (const c of summaryIds.mock.calls) if (await c.result) taken.summaryIds += 1;
  // Every way was taken, or the comparison above proved less than it claims.
  assert.ok(taken.walk > 20, `dense searches walk the sort index: ${JSON.stringify(taken)}`);
  assert.ok(taken.walkFellBack > 0, `clustered matches fall back to the candidates: ${JSON.stringify(taken)}`);
  assert.ok(taken.candidates > 20, `sparse searches read the candidates: ${JSON.stringify(taken)}`);
  assert.ok(taken.indexOnlyCount > 20, `substring-only searches count from the index: ${JSON.stringify(taken)}`);
  assert.ok(taken.summaryCount > 50, `common terms are counted from their summaries: ${JSON.stringify(taken)}`);
  assert.ok(taken.summaryPage > 50, `common terms' default-order pages come from their postings: ${JSON.stringify(taken)}`);
  assert.ok(taken.timeCount > 20, `listings without text are counted from the time counts: ${JSON.stringify(taken)}`);
  assert.ok(
    taken.summaryIds > 20,
    `with nothing waiting for the index, common terms' pages of keys are their postings' ids: ${JSON.stringify(taken)}`,
  );
  const terms = await sql<{ columns: string; term: string }>`SELECT columns, term FROM search_terms ORDER BY columns, term`.execute(db);
  assert.deepEqual(
    terms.rows.map((r) => `${r.columns}:${r.term}`),
    [
      'ingredients:cardamom',
      'ingredients:ri',
      'ingredients:rice',
      'ingredients:äpfel',
      'title ingredients:e',
      'title ingredients:lemon',
      'title ingredients:äpfel',
    ],
    'common terms only (not saffron, 20 matches)',
  );
});
