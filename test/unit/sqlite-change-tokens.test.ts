// SQLite on a file reads its change tokens (database.ts changeTokens) through a connection of
// its own with a small page cache: they show exactly what is committed, by this process or
// another, and never the uncommitted state of a transaction the main connection has open.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { createDatabase } from '../../src/db/database.js';
import { openSqlite } from '../../src/db/sqlite.js';
import { insertUser } from '../helpers/factories.js';

async function fileDatabase(t: TestContext) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-tokens-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'db.sqlite');
  const database = createDatabase({ url: `sqlite:${file}` });
  t.after(() => database.close());
  await database.migrate();
  const user = await insertUser(database.db, 'owner');
  return { database, file, user };
}

const row = (ownerId: number, title: string) => ({
  title,
  ingredients: 'rice',
  time_minutes: 5,
  owner_id: ownerId,
  created_at: 'now',
  updated_at: 'now',
});

test('the tokens move with commits, not with the writes of a transaction still open', async (t) => {
  const { database, user } = await fileDatabase(t);
  const tokens = database.changeTokens!;
  const before = tokens.recipes();
  const auth = tokens.auth();
  let inside: string | undefined;
  await database.db.transaction().execute(async (trx) => {
    await trx.insertInto('recipes').values(row(user.id, 'uncommitted')).execute();
    inside = tokens.recipes();
  });
  assert.equal(inside, before, 'read while the insert was not committed');
  const after = tokens.recipes();
  assert.notEqual(after, before, 'read once it was');
  assert.equal(tokens.auth(), auth, 'a recipe is not an auth change');
  // A rolled-back write never moves them.
  await assert.rejects(
    database.db.transaction().execute(async (trx) => {
      await trx.insertInto('recipes').values(row(user.id, 'rolled back')).execute();
      throw new Error('undo');
    }),
  );
  assert.equal(tokens.recipes(), after);
});

test("another process's commits move them at once", async (t) => {
  const { database, file, user } = await fileDatabase(t);
  const other = openSqlite(file);
  t.after(() => other.close());
  const tokens = database.changeTokens!;
  const recipes = tokens.recipes();
  const auth = tokens.auth();
  other
    .prepare(
      `INSERT INTO recipes (title, ingredients, time_minutes, owner_id, created_at, updated_at) VALUES ('x', 'rice', 5, ?, 'now', 'now')`,
    )
    .run(user.id);
  assert.notEqual(tokens.recipes(), recipes);
  other.prepare(`UPDATE users SET session_version = session_version + 1 WHERE id = ?`).run(user.id);
  assert.notEqual(tokens.auth(), auth);
});
