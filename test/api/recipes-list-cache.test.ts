// The list cache must never serve a stale answer: not after this process writes, and not after
// another process (another connection to the same SQLite file) writes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createDatabase } from '../../src/db/database.js';
import { buildTestApp, createRecipe, registerAndLogin, testDatabaseUrl } from '../helpers/build.js';

const skip = testDatabaseUrl ? 'the list cache exists only on SQLite' : false;

test('a write through another connection is seen at once', { skip }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-test-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const url = `sqlite:${path.join(dir, 'db.sqlite')}`;
  const database = createDatabase({ url });
  t.after(() => database.close());
  const { app } = await buildTestApp(t, { build: { database } });
  const user = await registerAndLogin(app);
  const recipe = (await createRecipe(app, user, { title: 'Cached soup' })).json();
  const list = async () => (await app.inject({ method: 'GET', url: '/recipes?q=soup', headers: user.auth })).json().map((r: { title: string }) => r.title);
  assert.deepEqual(await list(), ['Cached soup']);
  assert.deepEqual(await list(), ['Cached soup']);

  // Another process's connection: renames and adds, then the same query again.
  const other = createDatabase({ url });
  t.after(() => other.close());
  await other.db.updateTable('recipes').set({ title: 'Renamed soup' }).where('id', '=', recipe.id).execute();
  assert.deepEqual(await list(), ['Renamed soup']);
  await other.db.insertInto('recipes').values({ ...recipe, id: undefined, title: 'Second soup', version: 1 }).execute();
  assert.deepEqual((await list()).sort(), ['Renamed soup', 'Second soup']);
  await other.db.deleteFrom('recipes').execute();
  assert.deepEqual(await list(), []);
});

test('writes through the API invalidate the cached list', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const list = async () => {
    const res = await app.inject({ method: 'GET', url: '/recipes?ingredient=saffron', headers: user.auth });
    return { titles: res.json().map((r: { title: string }) => r.title), total: res.headers['x-total-count'] };
  };
  assert.deepEqual(await list(), { titles: [], total: '0' });
  const r = (await createRecipe(app, user, { title: 'A' })).json();
  assert.deepEqual(await list(), { titles: ['A'], total: '1' });
  await app.inject({ method: 'PUT', url: `/recipes/${r.id}`, headers: user.auth, payload: { title: 'B' } });
  assert.deepEqual(await list(), { titles: ['B'], total: '1' });
  await app.inject({ method: 'DELETE', url: `/recipes/${r.id}`, headers: user.auth });
  assert.deepEqual(await list(), { titles: [], total: '0' });
});
