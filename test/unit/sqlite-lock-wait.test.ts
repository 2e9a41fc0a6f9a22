// Two connections on one SQLite file stand for two processes of `start:cluster`: a query that
// meets the other one's write lock waits for it without blocking this process's event loop, and
// fails with SQLITE_BUSY (a 503) only after the wait limit.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { createDatabase } from '../../src/db/database.js';
import { lockRetryPace, openSqlite, retryWhileBusy, SQLITE_LOCK_SPIN_MS } from '../../src/db/sqlite.js';
import { WriteBatch } from '../../src/db/write-batch.js';
import { insertUser } from '../helpers/factories.js';

function tempFile(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlite-lock-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'db.sqlite');
}

async function twoConnections(t: TestContext) {
  const file = tempFile(t);
  const database = createDatabase({ url: `sqlite:${file}` });
  t.after(() => database.close());
  await database.migrate();
  await insertUser(database.db, 'a');
  const other = openSqlite(file);
  t.after(() => other.close());
  return { database, other, file };
}

const row = (title: string) => ({ title, ingredients: 'rice', time_minutes: 5, owner_id: 1, created_at: 'now', updated_at: 'now' });

test("a write waits for the other connection's lock while the event loop keeps running", async (t) => {
  const { database, other } = await twoConnections(t);
  other.exec('BEGIN IMMEDIATE');
  let ticks = 0;
  const ticker = setInterval(() => {
    ticks += 1;
  }, 1);
  // Ticks counted before the lock is released: a process put to sleep by SQLite's own busy
  // handler would count none (its timers could not even run the release).
  let ticksWhileLocked = -1;
  const release = setTimeout(() => {
    ticksWhileLocked = ticks;
    other.exec('COMMIT');
  }, 60);
  const started = Date.now();
  const inserted = await database.db.insertInto('recipes').values(row('waited')).returning('id').executeTakeFirstOrThrow();
  clearInterval(ticker);
  clearTimeout(release);
  assert.ok(Date.now() - started >= 50, 'the insert should have waited for the lock');
  assert.ok(
    ticksWhileLocked >= 1,
    `timers should keep firing while waiting (fired ${ticksWhileLocked} times before the lock was released)`,
  );
  assert.equal(
    (await database.db.selectFrom('recipes').select('title').where('id', '=', inserted.id).executeTakeFirstOrThrow()).title,
    'waited',
  );
});

test('a transaction takes the lock when it begins and waits for it the same way', async (t) => {
  const { database, other } = await twoConnections(t);
  other.exec('BEGIN IMMEDIATE');
  setTimeout(() => other.exec('COMMIT'), 40);
  const ids = await database.db.transaction().execute(async (trx) => {
    const a = await trx.insertInto('recipes').values(row('one')).returning('id').executeTakeFirstOrThrow();
    const b = await trx.insertInto('recipes').values(row('two')).returning('id').executeTakeFirstOrThrow();
    return [a.id, b.id];
  });
  assert.equal(ids.length, 2);
  // While this connection's transaction is open, the other connection cannot write.
  await database.db.transaction().execute(async () => {
    assert.throws(
      () => other.exec(`INSERT INTO users (username, username_key, password_hash, created_at) VALUES ('b', 'b', 'x', 'now')`),
      /locked|busy/i,
    );
  });
});

test('after the wait limit the statement fails with SQLITE_BUSY and wrote nothing', async (t) => {
  const { other, file } = await twoConnections(t);
  other.exec('BEGIN IMMEDIATE');
  t.after(() => {
    if (other.inTransaction) other.exec('ROLLBACK');
  });
  const sqlite = openSqlite(file);
  t.after(() => sqlite.close());
  const insert = sqlite.prepare(
    `INSERT INTO recipes (title, ingredients, time_minutes, owner_id, created_at, updated_at) VALUES ('late', 'x', 1, 1, 'now', 'now')`,
  );
  const started = Date.now();
  await assert.rejects(
    retryWhileBusy(
      () => insert.run(),
      () => true,
      80,
    ),
    (err: { code?: string }) => err.code === 'SQLITE_BUSY',
  );
  assert.ok(Date.now() - started >= 80);
  other.exec('ROLLBACK');
  assert.equal((sqlite.prepare(`SELECT count(*) AS n FROM recipes WHERE title = 'late'`).get() as { n: number }).n, 0);
});

test('errors other than a busy lock are not retried', async () => {
  let calls = 0;
  await assert.rejects(
    retryWhileBusy(
      () => {
        calls += 1;
        throw Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT' });
      },
      () => true,
      1000,
    ),
    /constraint/,
  );
  assert.equal(calls, 1);
  calls = 0;
  // Inside a transaction (retryable() is false) a busy lock is not retried either.
  await assert.rejects(
    retryWhileBusy(
      () => {
        calls += 1;
        throw Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' });
      },
      () => false,
      1000,
    ),
    /busy/,
  );
  assert.equal(calls, 1);
});

test('a waiter retries on every turn of the event loop for its first milliseconds, then every millisecond', () => {
  // A group commit holds the lock for a few milliseconds: retrying on the next turn takes it as
  // soon as it is free; past SQLITE_LOCK_SPIN_MS the holder is in a long transaction.
  assert.equal(lockRetryPace(0), 'next-turn');
  assert.equal(lockRetryPace(SQLITE_LOCK_SPIN_MS - 1), 'next-turn');
  assert.equal(lockRetryPace(SQLITE_LOCK_SPIN_MS), 'one-ms');
  assert.equal(lockRetryPace(4000), 'one-ms');
});

test('a waiter takes the lock soon after the other connection frees it, many times over', async (t) => {
  const { database, other } = await twoConnections(t);
  for (let i = 0; i < 20; i++) {
    other.exec('BEGIN IMMEDIATE');
    setTimeout(() => other.exec('COMMIT'), 2);
    await database.db
      .insertInto('recipes')
      .values(row(`turn ${i}`))
      .execute();
  }
  assert.equal(
    (
      await database.db
        .selectFrom('recipes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
    20,
  );
});

test("writes that arrive while a group commit waits for the other connection's lock go in that commit", async (t) => {
  const { database, other } = await twoConnections(t);
  const batch = new WriteBatch(database.db);
  const insert = (title: string) =>
    batch.run(async (trx) => (await trx.insertInto('recipes').values(row(title)).returning('id').executeTakeFirstOrThrow()).id);
  other.exec('BEGIN IMMEDIATE');
  const first = insert('first');
  // The batch has started and is waiting for the lock; more writes arrive meanwhile.
  await new Promise((r) => setTimeout(r, 20));
  const later = [insert('second'), insert('third')];
  await new Promise((r) => setTimeout(r, 20));
  other.exec('COMMIT');
  const ids = await Promise.all([first, ...later]);
  assert.equal(new Set(ids).size, 3);
  assert.deepEqual(batch.stats, { batches: 1, writes: 3 }, 'one commit for the three writes');
});

test('tries after the first build their errors without stack traces, and the limit is put back', async () => {
  const limit = Error.stackTraceLimit;
  const stacks: string[] = [];
  let tries = 0;
  const result = await retryWhileBusy(
    () => {
      tries += 1;
      const err = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      stacks.push(err.stack ?? '');
      if (tries < 3) throw err;
      return 'done';
    },
    () => true,
  );
  assert.equal(result, 'done');
  assert.match(stacks[0]!, /\n\s+at /, 'the first try keeps its stack');
  assert.doesNotMatch(stacks[1]!, /\n\s+at /);
  assert.doesNotMatch(stacks[2]!, /\n\s+at /);
  assert.equal(Error.stackTraceLimit, limit);
  await assert.rejects(
    retryWhileBusy(
      () => {
        throw new Error('not a lock');
      },
      () => true,
    ),
    (err: Error) => /\n\s+at /.test(err.stack ?? ''),
  );
});
