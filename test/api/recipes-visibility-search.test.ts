// Visibility on every search path (SQLite: FTS5, walks, summaries, postings as keys; PostgreSQL:
// pg_trgm and its summaries): over random households and visibilities, every page, total and
// tag count equals the plain query's answer filtered by the rule, written out here on its own.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { recipeSearchFor } from '../../src/modules/recipes/search/strategy.js';
import type { RecipeFilters, VisibleTo } from '../../src/modules/recipes/search/filters.js';
import { recipeTagsRepository } from '../../src/modules/recipes/recipe-tags.repository.js';
import { freshDatabase } from '../helpers/build.js';
import { seedSearchCatalogue } from '../helpers/search-catalogue.js';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import { SummaryTermIds } from '../../src/modules/recipes/search/summary-terms.js';

const ROWS = 1200;

/** The rule, as the contract states it. */
const sees = (r: { owner_id: number; visibility: string }, userId: number, members: number[]) =>
  r.visibility === 'public' || r.owner_id === userId || (r.visibility === 'household' && members.includes(r.owner_id));

const FILTERS: Partial<RecipeFilters>[] = [
  {},
  { maxTime: 90 },
  { ingredient: 'rice' },
  { ingredient: 'rice', maxTime: 60 },
  { q: 'lemon' },
  { ingredient: 'saffron' },
  { ingredient: 'cardamom' },
  { q: 'äpfel' },
  { ingredient: 'ri' },
  { tags: ['quick'] },
  { tags: ['quick'], ingredient: 'rice' },
  { q: 'lemon', ingredient: 'rice' },
];

/** One search: the visibilities, the households, the viewer, the filter, sort and page. */
const CASES = fc.record({
  // Visibilities: recipe id × a + b modulo m picks private (0), household (1) or public.
  a: fc.integer({ min: 1, max: 97 }),
  b: fc.integer({ min: 0, max: 50 }),
  m: fc.integer({ min: 2, max: 40 }),
  allPublic: fc.boolean(),
  // Households: each user's household number.
  households: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 6, maxLength: 6 }),
  viewer: fc.integer({ min: 0, max: 5 }),
  filter: fc.integer({ min: 0, max: FILTERS.length - 1 }),
  sort: fc.constantFrom('-created_at', 'created_at', 'title', '-time_minutes', 'time_minutes'),
  page: fc.constantFrom([0, 20], [20, 20], [100, 50], [590, 20], [1100, 100]),
});
type Case = typeof CASES extends fc.Arbitrary<infer T> ? T : never;

/**
 * With `held`, every summary a search asks for is never built: common terms are answered by the
 * way taken before their summary is ready (SQLite: FTS5 phrase count and walk; PostgreSQL:
 * pg_trgm count and walk of the sort index).
 */
async function visibilityProperty(t: TestContext, held: boolean) {
  const database = await freshDatabase(t);
  await database.migrate();
  const { db, dialect } = database;
  const { owners } = await seedSearchCatalogue(db, ROWS);
  // Some times unknown (NULL), which sort after every known time both ways (migration 017).
  await sql`UPDATE recipes SET time_minutes = NULL WHERE id % 11 = 0`.execute(db);
  // SQLite: into the FTS5 index, but for the newest 100 rows (the unindexed tail), so terms can be common.
  if (dialect === 'sqlite') await sqliteIndexing.indexPendingSearch(db, ROWS - 100);
  const more = await db
    .insertInto('users')
    .values(['c', 'd', 'e', 'f'].map((u) => ({ username: u, username_key: u, password_hash: 'x', created_at: 'now' })))
    .returning('id')
    .execute();
  const users = [...owners, ...more].map((u) => u.id);
  // Owners spread over the six users (the catalogue has two).
  for (const [i, id] of users.entries())
    await db
      .updateTable('recipes')
      .set({ owner_id: id })
      .where(sql<boolean>`id % 6 = ${i}`)
      .execute();
  const requested = new Set<string>();
  const search = recipeSearchFor(
    dialect,
    held ? { summaryBuilder: { request: (text) => void requested.add(text.term) } } : { summaryTerms: new SummaryTermIds() },
  );
  const walks = t.mock.method(Object.getPrototypeOf(search) as { walkQuery: () => unknown }, 'walkQuery');

  const check = async (p: Case) => {
    const visibility = p.allPublic
      ? sql`'public'`
      : sql`CASE (id * ${p.a} + ${p.b}) % ${p.m} WHEN 0 THEN 'private' WHEN 1 THEN 'household' ELSE 'public' END`;
    await sql`UPDATE recipes SET visibility = ${visibility}`.execute(db);
    const userId = users[p.viewer]!;
    const members = users.filter((_, i) => p.households[i] === p.households[p.viewer]);
    const visibleTo: VisibleTo = { userId, members };
    const base: RecipeFilters = { sort: p.sort, limit: p.page[1]!, offset: p.page[0]!, ...FILTERS[p.filter] };
    const what = JSON.stringify({ ...base, userId, members, allPublic: p.allPublic });

    const every = await search
      .pageQuery(db, { ...base, limit: 100_000, offset: 0 })
      .clearSelect()
      .select(['id', 'owner_id', 'visibility'])
      .execute();
    const expected = every.filter((r) => sees(r, userId, members));
    const f = { ...base, visibleTo };
    for (const shape of ['rows', 'keys'] as const) {
      const got = await search.findMany(db, f, shape);
      assert.equal(got.total, expected.length, `total (${shape}) of ${what}`);
      assert.deepEqual(
        got.rows.map((r) => r.id),
        expected.slice(base.offset, base.offset + base.limit).map((r) => r.id),
        `page (${shape}) of ${what}`,
      );
    }

    const tagged = await db
      .selectFrom('recipe_tags')
      .innerJoin('recipes', 'recipes.id', 'recipe_tags.recipe_id')
      .select(['tag', 'owner_id', 'visibility'])
      .execute();
    const counts = new Map<string, number>();
    for (const r of tagged) if (sees(r, userId, members)) counts.set(r.tag, (counts.get(r.tag) ?? 0) + 1);
    const tags = await recipeTagsRepository.counts(db, 50, 0, visibleTo);
    assert.equal(tags.total, counts.size, `tag total of ${what}`);
    assert.deepEqual(Object.fromEntries(tags.rows.map((r) => [r.tag, r.recipes])), Object.fromEntries(counts), `tag counts of ${what}`);
  };

  await fc.assert(fc.asyncProperty(CASES, check), { numRuns: 30 });
  const terms = Number((await sql<{ n: number | string }>`SELECT count(*) AS n FROM search_terms`.execute(db)).rows[0]!.n);
  if (held) {
    // One case certain to walk: a dense term's first page, some recipes hidden.
    const before = walks.mock.callCount();
    await check({
      a: 7,
      b: 3,
      m: 5,
      allPublic: false,
      households: [0, 0, 1, 1, 2, 2],
      viewer: 1,
      filter: 2,
      sort: '-created_at',
      page: [0, 20],
    });
    assert.equal(FILTERS[2]!.ingredient, 'rice');
    assert.ok(walks.mock.callCount() > before, 'pages of common terms came from walks of the sort index');
    assert.equal(terms, 0, 'no summary was built');
    assert.ok(requested.has('rice'), 'the common terms were asked for');
  } else assert.ok(terms > 0, 'common terms were summarised');
}

test('every search answer is the plain query filtered by the visibility rule', (t) => visibilityProperty(t, false));

test('every search answer is the plain query filtered by the visibility rule, with no summary ready', (t) => visibilityProperty(t, true));
