// `npm run backup` / `npm run restore` on SQLite: a backup taken while recipes are being written
// (the service running, writers racing the backup, three rounds) restores to a database that
// passes its integrity check and holds every write acknowledged before the backup began, with
// what was written. The restore runs through the command line, as an admin would. A restore
// then builds the search summaries of the restored catalog's common terms.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createDatabase } from '../../src/db/database.js';
import { sql } from 'kysely';
import { backupDatabase, buildSearchSummaries, restoreDatabase } from '../../scripts/backup.js';
import { usersRepository } from '../../src/modules/auth/users.repository.js';
import { reparseOutdatedIngredients } from '../../src/modules/recipes/ingredient-reparse.js';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { sqliteIndexing } from '../../src/modules/recipes/search/sqlite-index.js';
import { buildTestApp, registerAndLogin, sqliteFileDatabase, testDatabaseUrl } from '../helpers/build.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test(
  'a SQLite backup taken under write load restores every acknowledged write',
  { skip: testDatabaseUrl ? 'SQLite only' : false },
  async (t) => {
    const file = sqliteFileDatabase(t, 'backup-');
    const { app } = await buildTestApp(t, { build: { database: file.open() } });
    const user = await registerAndLogin(app);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-out-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const everWritten = new Map<number, string>();
    for (let round = 0; round < 3; round++) {
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
          everWritten.set(res.json().id, title);
        }
      };
      const writers = [writer(), writer(), writer()];
      while (acked.size < 30) await new Promise((r) => setImmediate(r));
      const before = new Map(acked);
      const dest = path.join(dir, `round-${round}.sqlite`);
      await backupDatabase(file.url, dest);
      writing = false;
      await Promise.all(writers);
      assert.ok(acked.size > before.size, 'writes went on while the backup ran');

      const restoredPath = path.join(dir, `restored-${round}.sqlite`);
      await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', 'restore', dest], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: `sqlite:${restoredPath}`, NODE_ENV: 'test' },
      });
      const restored = createDatabase({ url: `sqlite:${restoredPath}` });
      try {
        const rows = await restored.db.selectFrom('recipes').select(['id', 'title']).where('owner_id', '=', user.id).execute();
        const found = new Map(rows.map((r) => [r.id, r.title]));
        for (const [id, title] of before) assert.equal(found.get(id), title, `acknowledged write ${id} is in the backup`);
        for (const [id, title] of found) assert.equal(everWritten.get(id), title, 'nothing in the backup that was not written');
      } finally {
        await restored.close();
      }
    }
  },
);

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
