// POST /imports on files made here: hostile archives (a zip bomb, a traversal entry, a symbolic
// link, 20,000 entries, a nested chain, an upload over the size limit) are each refused with
// nothing stored (no recipe, no picture, no job); re-running an import skips what is already
// there unless duplicates=true; spreadsheet formulas stay text; HTML becomes text; a recipe
// that cannot be read is skipped with its reason; one running import per user, raced; another
// user's job is 404; the event stream ends with the job; after an import, the terms common in the
// catalog have their search summaries without a search asking.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { reparseOutdatedIngredients } from '../../src/modules/recipes/ingredient-reparse.js';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import { buildTestApp, registerAndLogin, type LoggedInUser } from '../helpers/build.js';
import { makeZip, renameEntry } from '../helpers/zips.js';

const recipeJson = (name: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ '@context': 'https://schema.org', '@type': 'Recipe', name, recipeIngredient: ['1 egg', '200 g flour'], ...extra });

const post = (app: FastifyInstance, user: LoggedInUser, body: Buffer | string, query = '', type = 'application/zip') =>
  app.inject({ method: 'POST', url: `/imports${query}`, headers: { ...user.auth, 'content-type': type }, payload: body });

async function nothingStored(app: FastifyInstance, user: LoggedInUser) {
  const db = app.db;
  const recipes = await db.selectFrom('recipes').select('id').where('owner_id', '=', user.id).execute();
  const jobs = await db.selectFrom('import_jobs').select('id').where('user_id', '=', user.id).execute();
  const pictures = await db.selectFrom('image_sets').select('id').execute();
  assert.deepEqual([recipes.length, jobs.length, pictures.length], [0, 0, 0], 'nothing stored');
}

async function finished(app: FastifyInstance, user: LoggedInUser, id: string) {
  await app.importsService.idle();
  return (await app.inject({ url: `/imports/${id}`, headers: user.auth })).json();
}

test('hostile archives are refused with nothing stored', async (t) => {
  const { app } = await buildTestApp(t, { env: { IMPORT_MAX_BYTES: '3000000' } });
  const user = await registerAndLogin(app);
  const good = { name: 'good.json', data: recipeJson('Pancakes') };
  const chainInner = await makeZip([{ name: 'b.zip', data: await makeZip([good]) }]);
  const cases: Array<[string, Buffer, number, string]> = [
    ['zip bomb', await makeZip([good, { name: 'bomb.json', data: Buffer.alloc(5_000_000, 32) }]), 422, 'ARCHIVE_RATIO'],
    [
      'traversal',
      renameEntry(await makeZip([good, { name: 'xx/evil.json', data: '{}' }]), 'xx/evil', '../evil'),
      422,
      'ARCHIVE_UNSAFE_NAME',
    ],
    ['absolute', renameEntry(await makeZip([good, { name: 'xetc/x.json', data: '{}' }]), 'xetc/x', '/etc/x'), 422, 'ARCHIVE_UNSAFE_NAME'],
    ['symlink', await makeZip([good, { name: 'link.json', data: '/etc/passwd', mode: 0o120777 }]), 422, 'ARCHIVE_SYMLINK'],
    [
      '20,000 entries',
      await makeZip([good, ...Array.from({ length: 20_000 }, (_, i) => ({ name: `e${i}.txt`, data: '', store: true }))]),
      413,
      'ARCHIVE_TOO_MANY_ENTRIES',
    ],
    ['nested chain', await makeZip([good, { name: 'a.zip', data: chainInner }]), 422, 'ARCHIVE_NESTED'],
    ['too large', await makeZip([good, { name: 'big.bin', data: Buffer.alloc(3_100_000, 7), store: true }]), 413, 'PAYLOAD_TOO_LARGE'],
    ['not an export', Buffer.from('just some text'), 422, 'IMPORT_FORMAT_UNKNOWN'],
  ];
  for (const [label, bytes, status, code] of cases) {
    const res = await post(app, user, bytes);
    assert.equal(res.statusCode, status, `${label}: ${res.body}`);
    assert.equal(res.json().code, code, label);
    await nothingStored(app, user);
  }
  // The same user can import afterwards: no job was left running.
  const ok = await post(app, user, await makeZip([good]));
  assert.equal(ok.statusCode, 202, ok.body);
  assert.equal((await finished(app, user, ok.json().id)).imported.length, 1);
});

test('a file of another format than the one named is refused (422 IMPORT_FORMAT_MISMATCH)', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const res = await post(app, user, recipeJson('Pancakes'), '?format=paprika', 'application/json');
  assert.equal(res.statusCode, 422);
  assert.equal(res.json().code, 'IMPORT_FORMAT_MISMATCH');
  await nothingStored(app, user);
  const bad = await post(app, user, recipeJson('Pancakes'), '?format=nope', 'application/json');
  assert.equal(bad.statusCode, 400);
});

test('re-running an import skips what is already there; duplicates=true imports again', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const file = JSON.stringify([
    JSON.parse(recipeJson('With source', { url: 'https://cook.example/with-source' })),
    JSON.parse(recipeJson('Without source')),
  ]);
  const first = await finished(app, user, (await post(app, user, file, '', 'application/json')).json().id);
  assert.equal(first.imported.length, 2);
  const again = await finished(app, user, (await post(app, user, file, '?format=jsonld', 'application/json')).json().id);
  assert.deepEqual(again.imported, []);
  assert.deepEqual(
    again.skipped.map((s: { name: string; code: string; reason: string }) => [s.name, s.code, s.reason]),
    [
      ['With source', 'DUPLICATE_SOURCE', 'Already in your recipes (the same source URL)'],
      ['Without source', 'DUPLICATE_CONTENT', 'Already in your recipes (the same title and lines)'],
    ],
  );
  // A job stored before skips had codes is read with the codes of its sentences (a refusal's own message: NOT_SAVED).
  const old = [
    { name: 'Old', reason: 'The CSV does not parse' },
    { name: 'Refused', reason: 'Invalid request: body.title must not be empty' },
  ];
  await app.db
    .updateTable('import_jobs')
    .set({ skipped: JSON.stringify(old) })
    .where('id', '=', again.id)
    .execute();
  assert.deepEqual(
    (await finished(app, user, again.id)).skipped.map((s: { code: string }) => s.code),
    ['CSV_UNREADABLE', 'NOT_SAVED'],
  );
  const forced = await finished(app, user, (await post(app, user, file, '?duplicates=true', 'application/json')).json().id);
  assert.equal(forced.imported.length, 2);
});

test('CSV formula cells stay text, HTML becomes text, unreadable recipes are skipped with a reason', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const csv = [
    'title,description,preparationTime,cookingTime,inactiveTime,totalTime,quantity,ingredients,instructions,notes,categories,tags,source',
    '"=HYPERLINK(""http://evil.example"",""click"")",,5,5,,10,2,"=1+1 eggs\n@SUM(A1) flour","<p>Mix <b>well</b></p><script>alert(1)</script>",,,,',
    'No lines,,,,,,,,"Stir",,,,',
  ].join('\n');
  const job = await finished(app, user, (await post(app, user, csv, '', 'text/csv')).json().id);
  assert.equal(job.format, 'myrecipebox');
  assert.deepEqual(job.skipped, [{ name: 'No lines', code: 'NO_INGREDIENTS', reason: 'The recipe has no ingredients' }]);
  const r = (await app.inject({ url: `/recipes/${job.imported[0]}`, headers: user.auth })).json();
  assert.equal(r.title, '=HYPERLINK("http://evil.example","click")', 'the formula is kept as its characters');
  assert.equal(r.ingredients, '=1+1 eggs\n@SUM(A1) flour');
  assert.equal(r.instructions.split('\n\n')[0], 'Mix well');
  assert.ok(!r.instructions.includes('alert'), 'scripts are dropped with their content');
});

test('one running import per user: two uploads raced, many times, start one job', async (t) => {
  const { app } = await buildTestApp(t);
  const file = await makeZip(Array.from({ length: 3 }, (_, i) => ({ name: `r${i}.json`, data: recipeJson(`Race ${i}`) })));
  for (let round = 0; round < 10; round++) {
    const user = await registerAndLogin(app);
    const [a, b] = await Promise.all([post(app, user, file), post(app, user, file)]);
    const statuses = [a.statusCode, b.statusCode].sort();
    assert.deepEqual(statuses, [202, 409], `round ${round}: ${a.body} ${b.body}`);
    const refused = a.statusCode === 409 ? a : b;
    assert.equal(refused.json().code, 'IMPORT_RUNNING');
    await app.importsService.idle();
  }
});

test("another user's import is 404; the event stream ends with the finished job", async (t) => {
  const { app } = await buildTestApp(t);
  const owner = await registerAndLogin(app);
  const other = await registerAndLogin(app);
  const started = await post(app, owner, recipeJson('Mine'), '', 'application/json');
  assert.equal(started.statusCode, 202);
  assert.equal(started.headers.location, `/imports/${started.json().id}`);
  for (const url of [`/imports/${started.json().id}`, `/imports/${started.json().id}/events`]) {
    const res = await app.inject({ url, headers: other.auth });
    assert.equal(res.statusCode, 404, url);
  }
  await app.importsService.idle();
  const events = await app.inject({ url: `/imports/${started.json().id}/events`, headers: owner.auth });
  assert.equal(events.statusCode, 200);
  assert.match(String(events.headers['content-type']), /^text\/event-stream/);
  const [event, data] = events.body.trim().split('\n');
  assert.equal(event, 'event: done');
  assert.equal(JSON.parse(data!.slice('data: '.length)).imported.length, 1);
  // Followed while it runs: the stream carries the job as it moves and ends with done.
  const many = await makeZip(Array.from({ length: 6 }, (_, i) => ({ name: `r${i}.json`, data: recipeJson(`Live ${i}`) })));
  const live = await post(app, owner, many);
  assert.equal(live.statusCode, 202, live.body);
  const stream = await app.inject({ url: `/imports/${live.json().id}/events`, headers: owner.auth });
  const seen = stream.body
    .trim()
    .split('\n\n')
    .map((block) => {
      const [name, payload] = block.split('\n');
      return [name, JSON.parse(payload!.slice('data: '.length)).done] as const;
    });
  assert.equal(seen.at(-1)![0], 'event: done');
  assert.equal(seen.at(-1)![1], 6);
  assert.ok(seen.slice(0, -1).every(([name]) => name === 'event: progress'));
  assert.deepEqual(
    seen.map(([, done]) => done),
    [...seen.map(([, done]) => done)].sort((a, b) => a - b),
    'progress only moves forward',
  );
  await app.importsService.idle();

  const missing = await app.inject({ url: '/imports/00000000-0000-4000-8000-000000000000', headers: owner.auth });
  assert.equal(missing.statusCode, 404);
});

test('after an import, the search summaries of the terms common in the catalog exist without any search', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  // 300 recipes with saffron already stored (parsed, and indexed on SQLite): the import's recipe
  // makes no difference to whether saffron is common, but the import is what asks.
  const at = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  await recipesRepository.insertMany(
    app.db,
    Array.from({ length: 300 }, (_, i) => ({
      title: `Paella ${i}`,
      ingredients: `1 pinch saffron\n${i % 2 ? '200 g rice' : '2 eggs'}`,
      time_minutes: 20 + (i % 50),
      owner_id: user.id,
      created_at: at(i),
      updated_at: at(i),
    })),
  );
  await reparseOutdatedIngredients(app.db);
  if (app.database.dialect === 'sqlite') await sqliteIndexing.indexPendingSearch(app.db, 1000);
  const terms = async () =>
    (await sql<{ term: string }>`SELECT term FROM search_terms WHERE columns = 'ingredients' ORDER BY term`.execute(app.db)).rows.map(
      (r) => r.term,
    );
  assert.deepEqual(await terms(), [], 'nothing summarised before the import');
  const res = await post(
    app,
    user,
    await makeZip([
      { name: 'r.json', data: JSON.stringify({ '@type': 'Recipe', name: 'Risotto', recipeIngredient: ['1 pinch saffron'] }) },
    ]),
  );
  assert.equal(res.statusCode, 202, res.body);
  assert.equal((await finished(app, user, res.json().id)).imported.length, 1);
  // Saffron is in 301 recipes; eggs and rice in 150 each, under the threshold of 256.
  assert.deepEqual(await terms(), ['saffron']);
  const search = await app.inject({ url: '/recipes?ingredient=saffron&max_time=30&limit=5', headers: user.auth });
  const expectedTotal = Array.from({ length: 300 }, (_, i) => 20 + (i % 50)).filter((m) => m <= 30).length;
  assert.equal(search.headers['x-total-count'], String(expectedTotal));
});
