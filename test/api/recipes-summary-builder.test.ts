// SQLite on a file: a common term's first search asks for its search summary, built in the
// background by a worker thread on a connection of its own (summary-builder.ts), not on the
// connection serving requests; no search waits for it. The answer is the same either way;
// concurrent first searches share one build; a build that cannot run leaves searches answered
// exactly without a summary.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createDatabase } from '../../src/db/database.js';
import { reparseOutdatedIngredients } from '../../src/modules/recipes/ingredient-reparse.js';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import { sqliteSummaries } from '../../src/modules/recipes/search/sqlite-summaries.js';
import { buildTestApp, registerAndLogin, sqliteFileDatabase, testDatabaseUrl } from '../helpers/build.js';
import { SqliteSearch } from '../../src/modules/recipes/search/sqlite.js';

const skip = testDatabaseUrl ? 'SQLite files only (PostgreSQL builds its summaries on its pool, migration 012)' : false;

async function setup(t: Parameters<typeof buildTestApp>[0], where: 'file' | 'memory' = 'file') {
  const database = where === 'file' ? sqliteFileDatabase(t, 'summary-builder-').open() : createDatabase({ url: 'sqlite::memory:' });
  if (where === 'memory') t.after(() => database.close());
  const { app } = await buildTestApp(t, { build: { database } });
  const user = await registerAndLogin(app);
  const rows = Array.from({ length: 300 }, (_, i) => {
    const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    return {
      title: `Saffron ${String(i).padStart(3, '0')}`,
      ingredients: 'saffron\nrice',
      time_minutes: 20 + (i % 50),
      owner_id: user.id,
      created_at: at,
      updated_at: at,
    };
  });
  await recipesRepository.insertMany(database.db, rows);
  await sqliteIndexing.indexPendingSearch(database.db, 1000);
  const list = async (q = 'ingredient=saffron&max_time=40&offset=20') => {
    const res = await app.inject({ method: 'GET', url: `/recipes?${q}`, headers: user.auth });
    assert.equal(res.statusCode, 200, res.body);
    return { titles: res.json().map((r: { title: string }) => r.title), total: res.headers['x-total-count'] };
  };
  const summarised = async () =>
    (await sql<{ columns: string; term: string }>`SELECT columns, term FROM search_terms ORDER BY id`.execute(database.db)).rows.map(
      (r) => `${r.columns}:${r.term}`,
    );
  return { app, database, list, summarised };
}

/** What the listing must be: every saffron recipe with time_minutes <= 40, newest first, from `offset` (20 by default). */
const expected = (offset = 20) => {
  const matches = Array.from({ length: 300 }, (_, i) => i)
    .filter((i) => 20 + (i % 50) <= 40)
    .reverse();
  return { titles: matches.slice(offset, offset + 20).map((i) => `Saffron ${String(i).padStart(3, '0')}`), total: String(matches.length) };
};

test('on a file, the first search of a common term is summarised by the worker, not on the serving connection', { skip }, async (t) => {
  const { app, list, summarised } = await setup(t);
  const inThread = t.mock.method(sqliteSummaries, 'add');
  const builder = app.summaryBuilder;
  // Five first searches at once: one build, five identical answers.
  const answers = await Promise.all(Array.from({ length: 5 }, () => list()));
  for (const a of answers) assert.deepEqual(a, expected());
  await builder.idle();
  assert.deepEqual(builder.stats, { built: 1, failed: 0 });
  assert.equal(inThread.mock.callCount(), 0, 'nothing was built on the serving connection');
  assert.deepEqual(await summarised(), ['ingredients:saffron']);
  // Later searches use the summary: its postings give the page.
  const pages = t.mock.method(SqliteSearch.prototype, 'summarisedIds');
  assert.deepEqual(await list('ingredient=saffron&max_time=40&offset=40'), expected(40));
  assert.ok(await pages.mock.calls.at(-1)!.result, 'the page came from the summary');
});

test('a search of a common term never waits for its summary: answered exactly while the build is held', { skip }, async (t) => {
  const { app, list, summarised } = await setup(t);
  const builder = app.summaryBuilder;
  // The build is held until released: searches must answer meanwhile, by the indexes alone.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const real = builder.buildNow;
  t.mock.method(builder, 'buildNow', async (text: Parameters<typeof real>[0]) => {
    await held;
    return real(text);
  });
  const summaryCounts = t.mock.method(sqliteSummaries, 'count');
  for (const q of ['ingredient=saffron&max_time=40&offset=20', 'ingredient=SAFFRON&max_time=40&offset=20&sort=-created_at']) {
    assert.deepEqual(await list(q), expected(), q);
  }
  const all = await list('ingredient=saffron&limit=5');
  assert.equal(all.total, '300');
  assert.deepEqual(all.titles, ['Saffron 299', 'Saffron 298', 'Saffron 297', 'Saffron 296', 'Saffron 295']);
  // Most of the range on the other side of max_time: counted as the matches less those above it.
  const most = await list('ingredient=saffron&max_time=65&limit=1');
  assert.equal(most.total, String(Array.from({ length: 300 }, (_, i) => 20 + (i % 50)).filter((m) => m <= 65).length));
  assert.ok(builder.pending({ term: 'saffron', columns: 'ingredients' }), 'the build is still held');
  assert.deepEqual(await summarised(), []);
  assert.equal(summaryCounts.mock.callCount(), 0, 'no summary was used');
  release();
  await builder.idle();
  assert.deepEqual(await summarised(), ['ingredients:saffron']);
  const pages = t.mock.method(SqliteSearch.prototype, 'summarisedIds');
  assert.deepEqual(await list('ingredient=saffron&max_time=40&offset=40'), expected(40));
  assert.ok(await pages.mock.calls.at(-1)!.result, 'once built, the page comes from the summary');
});

test('a build that cannot run: the search is answered exactly without a summary, and the next one asks again', { skip }, async (t) => {
  const { app, list, summarised } = await setup(t);
  const builder = app.summaryBuilder;
  await builder.close();
  assert.deepEqual(await list(), expected());
  await builder.idle();
  assert.deepEqual(builder.stats, { built: 0, failed: 1 });
  assert.deepEqual(await summarised(), []);
  assert.deepEqual(await list(), expected());
  await builder.idle();
  assert.equal(builder.stats.failed, 2, 'asked again');
});

test('in memory there is no other connection: the summary is built in the serving thread, after the search', { skip }, async (t) => {
  const { app, list, summarised } = await setup(t, 'memory');
  const inThread = t.mock.method(sqliteSummaries, 'add');
  assert.deepEqual(await list(), expected());
  await app.summaryBuilder.idle();
  assert.equal(inThread.mock.callCount(), 1);
  assert.deepEqual(await summarised(), ['ingredients:saffron']);
});

test('on a file, the warm-up builds the common terms on the worker, without a search', { skip }, async (t) => {
  const { app, database, summarised } = await setup(t);
  await reparseOutdatedIngredients(database.db);
  const inThread = t.mock.method(sqliteSummaries, 'add');
  await app.recipesService.summariesForNewData();
  // Saffron and rice are in all 300 recipes (the parsed names of both lines).
  assert.deepEqual((await summarised()).sort(), ['ingredients:rice', 'ingredients:saffron']);
  assert.equal(inThread.mock.callCount(), 0, 'nothing was built on the serving connection');
});
