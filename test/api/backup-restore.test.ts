// `npm run backup` / `npm run restore`: a backup taken while recipes are being written (the
// service running, writers racing the backup) restores to a database that holds every write
// acknowledged before the backup began, with what was written, and nothing else. The restore runs
// through the command line, as an admin would. SQLite: three rounds, each copy passing its
// integrity check. PostgreSQL (TEST_DATABASE_URL): the service's schema, reached by the URL as
// the docs write it; the restore replaces the schema in one transaction, so a failed one changes nothing.
// A restore then builds the search summaries of the restored catalog's common terms.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createDatabase } from '../../src/db/database.js';
import { sql } from 'kysely';
import { backupDatabase, buildSearchSummaries, libpqTarget, restoreDatabase } from '../../scripts/backup.js';
import { usersRepository } from '../../src/modules/auth/users.repository.js';
import { reparseOutdatedIngredients } from '../../src/modules/recipes/ingredient-reparse.js';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import {
  buildTestApp,
  createRecipe,
  createTestSchema,
  registerAndLogin,
  sqliteFileDatabase,
  testDatabaseUrl,
  type LoggedInUser,
} from '../helpers/build.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CI = process.env.CI === 'true' || process.env.CI === '1';

/** The PostgreSQL test's reason to skip: not the PostgreSQL pass, or (outside CI, where they must be there) no client tools. */
function postgresSkip(): false | string {
  if (!testDatabaseUrl) return 'PostgreSQL only: set TEST_DATABASE_URL';
  const missing = ['pg_dump', 'pg_restore', 'psql'].filter((tool) => spawnSync(tool, ['--version']).status !== 0);
  if (missing.length === 0 || CI) return false;
  return `${missing.join(', ')} not on PATH (the PostgreSQL client tools)`;
}

function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-out-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Three writers add recipes; once 30 are acknowledged, `backup` runs while they go on. Returns
 * the recipes acknowledged before the backup began and all acknowledged by the time the writers stopped.
 */
async function backupUnderLoad(app: FastifyInstance, user: LoggedInUser, round: number, backup: () => Promise<void>) {
  const acked = new Map<number, string>();
  let writing = true;
  let n = 0;
  const writer = async () => {
    while (writing) {
      const title = `Round ${round} recipe ${n++}`;
      const res = await app.inject({
        method: 'POST',
        url: '/recipes',
        headers: user.auth,
        payload: { title, ingredients: '1 egg\nflour' },
      });
      assert.equal(res.statusCode, 201, res.body);
      acked.set(res.json().id, title);
    }
  };
  const writers = [writer(), writer(), writer()];
  while (acked.size < 30) await new Promise((r) => setImmediate(r));
  const before = new Map(acked);
  await backup();
  writing = false;
  await Promise.all(writers);
  assert.ok(acked.size > before.size, 'writes went on while the backup ran');
  return { before, acked };
}

/** `npm run restore -- <file>` as an admin runs it, against `url`. */
function restoreCommand(url: string, file: string, env: NodeJS.ProcessEnv = {}) {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', 'restore', file], {
    cwd: root,
    env: { ...process.env, ...env, DATABASE_URL: url, NODE_ENV: 'test' },
  });
}

function assertRestored(found: Map<number, string>, before: Map<number, string>, written: Map<number, string>) {
  for (const [id, title] of before) assert.equal(found.get(id), title, `acknowledged write ${id} is in the backup`);
  for (const [id, title] of found) assert.equal(written.get(id), title, 'nothing in the backup that was not written');
}

test(
  'a SQLite backup taken under write load restores every acknowledged write',
  { skip: testDatabaseUrl ? 'SQLite only' : false },
  async (t) => {
    const file = sqliteFileDatabase(t, 'backup-');
    const { app } = await buildTestApp(t, { build: { database: file.open() } });
    const user = await registerAndLogin(app);
    const dir = tempDir(t);

    const everWritten = new Map<number, string>();
    for (let round = 0; round < 3; round++) {
      const dest = path.join(dir, `round-${round}.sqlite`);
      const { before, acked } = await backupUnderLoad(app, user, round, () => backupDatabase(file.url, dest));
      for (const [id, title] of acked) everWritten.set(id, title);

      const restoredPath = path.join(dir, `restored-${round}.sqlite`);
      await restoreCommand(`sqlite:${restoredPath}`, dest);
      const restored = createDatabase({ url: `sqlite:${restoredPath}` });
      try {
        const rows = await restored.db.selectFrom('recipes').select(['id', 'title']).where('owner_id', '=', user.id).execute();
        assertRestored(new Map(rows.map((r) => [r.id, r.title])), before, everWritten);
      } finally {
        await restored.close();
      }
    }
  },
);

test(
  'a PostgreSQL backup taken under write load restores every acknowledged write; a failed restore changes nothing',
  { skip: postgresSkip() },
  async (t) => {
    const schema = await createTestSchema(t);
    const database = createDatabase({ url: testDatabaseUrl!, pgSchema: schema, poolSize: 5 });
    t.after(() => database.close());
    const { app } = await buildTestApp(t, { build: { database } });
    const user = await registerAndLogin(app);
    const dir = tempDir(t);
    // DATABASE_URL as docs/configuration.md writes it (a bare space and `=`), which node-pg reads and libpq would refuse.
    const url = `${testDatabaseUrl}${testDatabaseUrl!.includes('?') ? '&' : '?'}options=-c search_path=${schema}`;
    const dest = path.join(dir, 'backup.pgdump');
    const { before, acked } = await backupUnderLoad(app, user, 0, () => backupDatabase(url, dest));
    const recipes = async () =>
      new Map(
        (await database.db.selectFrom('recipes').select(['id', 'title']).where('owner_id', '=', user.id).execute()).map((r) => [
          r.id,
          r.title,
        ]),
      );
    assert.equal((await recipes()).size, acked.size);

    // Another schema is not replaced by it.
    const other = await createTestSchema(t);
    await assert.rejects(
      restoreDatabase(`${testDatabaseUrl}${testDatabaseUrl!.includes('?') ? '&' : '?'}options=-c search_path=${other}`, dest),
      /the backup holds schema .* nothing was changed/,
    );

    // A restore whose archive fails halfway (pg_restore exits 1 after some of its SQL) rolls back: the schema stays as it was.
    const fakeBin = path.join(dir, 'bin');
    fs.mkdirSync(fakeBin);
    fs.writeFileSync(
      path.join(fakeBin, 'pg_restore'),
      `#!/bin/sh\nif [ "$1" = --list ]; then echo "7; 2615 1 SCHEMA - ${schema} postgres"; exit 0; fi\n` +
        `echo "CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.half (id int);"; exit 1\n`,
      { mode: 0o755 },
    );
    await assert.rejects(restoreCommand(url, dest, { PATH: `${fakeBin}${path.delimiter}${process.env.PATH}` }), /pg_restore exited with 1/);
    assert.equal((await recipes()).size, acked.size, 'nothing changed by the failed restore');

    const { stdout } = await restoreCommand(url, dest);
    assert.match(stdout, /restored from/);
    const restored = await recipes();
    assertRestored(restored, before, acked);
    assert.ok(restored.size < acked.size, 'the writes after the backup are gone');

    // The service carries on with the restored schema: every migration applied, new ids after the restored ones, trigram search.
    assert.ok((await database.migrationStatus()).every((m) => m.executedAt));
    const created = await createRecipe(app, user, { title: 'After the restore', ingredients: 'saffron' });
    assert.equal(created.statusCode, 201, created.body);
    assert.ok(created.json().id > Math.max(...restored.keys()), 'the id sequence came back with the rows');
    const found = await app.inject({ method: 'GET', url: '/recipes?ingredient=saffro', headers: user.auth });
    assert.deepEqual(
      found.json().map((r: { title: string }) => r.title),
      ['After the restore'],
    );
  },
);

test("libpq is given DATABASE_URL's parameters percent-encoded, and the password only in its environment", () => {
  const { uri, env } = libpqTarget('postgres://app:p%40ss@db.internal:5433/recipes?options=-c search_path=cat&ssl=true');
  assert.equal(uri, 'postgresql://app@db.internal:5433/recipes?options=-c%20search_path%3Dcat&sslmode=require');
  assert.equal(env.PGPASSWORD, 'p@ss');
  assert.equal(libpqTarget('postgresql://h/db?sslmode=no-verify').uri, 'postgresql://h/db?sslmode=require');
  assert.throws(() => libpqTarget('mysql://h/db'), /not a postgres/);
});

test(
  'a restore builds the search summaries of the terms common in the restored recipes',
  { skip: testDatabaseUrl ? 'SQLite only' : false },
  async (t) => {
    const file = sqliteFileDatabase(t, 'restore-summaries-');
    const source = file.open();
    await source.migrate();
    const at = (i: number) => new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
    const owner = await usersRepository.insert(source.db, { username: 'restorer', passwordHash: 'x', createdAt: at(0) });
    await recipesRepository.insertMany(
      source.db,
      Array.from({ length: 300 }, (_, i) => ({
        title: `Paella ${i}`,
        ingredients: `1 pinch saffron\n${i % 2 ? '200 g rice' : '2 eggs'}`,
        time_minutes: 20 + (i % 50),
        owner_id: owner,
        created_at: at(i),
        updated_at: at(i),
      })),
    );
    await reparseOutdatedIngredients(source.db);
    await sqliteIndexing.indexPendingSearch(source.db, 1000);
    await source.close();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restore-summaries-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const dest = path.join(dir, 'backup.sqlite');
    await backupDatabase(file.url, dest);
    const restoredUrl = `sqlite:${path.join(dir, 'restored.sqlite')}`;
    await restoreDatabase(restoredUrl, dest);
    const lines: string[] = [];
    const result = await buildSearchSummaries(restoredUrl, (line) => lines.push(line));
    assert.deepEqual([result.built, result.already], [1, 0]);
    assert.match(lines.join('\n'), /search summary built .*"term":"saffron"/, 'progress is told');
    const restored = createDatabase({ url: restoredUrl });
    try {
      const terms = await sql<{ term: string; postings: number }>`SELECT term, postings FROM search_terms`.execute(restored.db);
      // Saffron is in all 300; rice and eggs in 150 each, under the threshold of 256.
      assert.deepEqual(terms.rows, [{ term: 'saffron', postings: 300 }]);
    } finally {
      await restored.close();
    }
    assert.equal((await buildSearchSummaries(restoredUrl)).already, 1, 'a second run finds it built');
  },
);
