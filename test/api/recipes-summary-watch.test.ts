// Recipe writes that make a term common get its search summary built in the background, with no
// search of it (search/summary-watch.ts): a term written into fewer recipes than the threshold is
// left alone; once writes push it past, its summary is built, and searches of it are answered
// from the summary as exactly as before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import { TRACK_MIN_MATCHES } from '../../src/modules/recipes/search/postgres-summaries.js';
import { TRACK_MIN_MATCHES as SQLITE_TRACK_MIN_MATCHES } from '../../src/modules/recipes/search/sqlite-summaries.js';
import { buildTestApp, freshDatabase, registerAndLogin } from '../helpers/build.js';

test('writes that make a term common get its summary built, without a search of it', async (t) => {
  assert.equal(TRACK_MIN_MATCHES, SQLITE_TRACK_MIN_MATCHES, 'one threshold on both databases');
  const database = await freshDatabase(t);
  const { app } = await buildTestApp(t, { build: { database } });
  const user = await registerAndLogin(app);
  const searches = t.mock.method(app.recipesService, 'list');
  const save = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/recipes',
        headers: user.auth,
        payload: { title: `Jam ${i}`, ingredients: '2 cups zorbleberry\n1 lemon', time_minutes: 10 + (i % 40) },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    // SQLite: the rows into the FTS5 index, which its test of a common term reads (its batch would run 50 ms later).
    if (database.dialect === 'sqlite') await sqliteIndexing.indexPendingSearch(database.db, 10_000);
    await app.writtenTerms.idle();
    await app.summaryBuilder.idle();
  };
  const summarised = async () =>
    (await sql<{ term: string }>`SELECT term FROM search_terms WHERE columns = 'ingredients' ORDER BY term`.execute(database.db)).rows.map(
      (r) => r.term,
    );

  await save(0, TRACK_MIN_MATCHES - 1);
  assert.deepEqual(await summarised(), [], 'not common yet: nothing built');
  assert.ok(app.writtenTerms.stats.checked > 0, 'the written terms were checked');

  await save(TRACK_MIN_MATCHES - 1, TRACK_MIN_MATCHES + 1);
  assert.deepEqual(await summarised(), ['lemon', 'zorbleberry'], 'both terms are now common, and summarised');
  assert.equal(searches.mock.callCount(), 0, 'no search asked for them');

  // Answered from the summary, exactly.
  const res = await app.inject({ method: 'GET', url: '/recipes?ingredient=zorbleberry&max_time=20&limit=5', headers: user.auth });
  assert.equal(res.statusCode, 200);
  const within = Array.from({ length: TRACK_MIN_MATCHES + 1 }, (_, i) => i).filter((i) => 10 + (i % 40) <= 20);
  assert.equal(res.headers['x-total-count'], String(within.length));
  assert.deepEqual(
    res.json().map((r: { title: string }) => r.title),
    within
      .reverse()
      .slice(0, 5)
      .map((i) => `Jam ${i}`),
  );
});
