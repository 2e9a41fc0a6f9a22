// Group commit (src/db/write-batch.ts): writes that arrive together share one
// transaction, each in its own savepoint. A write is answered only after its commit; one that
// fails rolls back alone; a commit that fails stores none of its batch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { WriteBatch } from '../../src/db/write-batch.js';
import { buildTestApp, createRecipe, freshDatabase, registerAndLogin, testDatabaseUrl } from '../helpers/build.js';
import { insertUser } from '../helpers/factories.js';

const skip = testDatabaseUrl ? 'group commit is used only on SQLite (PostgreSQL commits each write itself)' : false;

async function setup(t: Parameters<typeof freshDatabase>[0]) {
  const database = await freshDatabase(t);
  await database.migrate();
  const { db } = database;
  const owner = await insertUser(db);
  const recipe = (title: string, ownerId = owner.id) => ({
    title,
    ingredients: 'water',
    time_minutes: 5,
    owner_id: ownerId,
    created_at: 'now',
    updated_at: 'now',
  });
  const titles = async () => (await db.selectFrom('recipes').select('title').orderBy('id').execute()).map((r) => r.title);
  return { db, recipe, titles };
}

test('writes arriving together commit in one batch, each settling after the commit', { skip }, async (t) => {
  const { db, recipe, titles } = await setup(t);
  const batch = new WriteBatch(db);
  const ids = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      batch.run(
        async (trx) =>
          (
            await trx
              .insertInto('recipes')
              .values(recipe(`r${i}`))
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id,
      ),
    ),
  );
  assert.equal(new Set(ids).size, 40);
  assert.equal((await titles()).length, 40);
  assert.equal(batch.stats.writes, 40);
  assert.ok(batch.stats.batches <= 2, `40 writes in ${batch.stats.batches} batches`);
});

test('a failing write rolls back alone and rejects alone; a lone failing write rejects', { skip }, async (t) => {
  const { db, recipe, titles } = await setup(t);
  const batch = new WriteBatch(db);
  const results = await Promise.allSettled(
    Array.from({ length: 6 }, (_, i) =>
      batch.run(async (trx) => {
        await trx
          .insertInto('recipes')
          .values(recipe(`r${i}`))
          .execute();
        if (i === 2) throw new Error('write 2 fails after its insert');
        return i;
      }),
    ),
  );
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'],
  );
  assert.equal((results[2] as PromiseRejectedResult).reason.message, 'write 2 fails after its insert');
  assert.deepEqual(await titles(), ['r0', 'r1', 'r3', 'r4', 'r5']);
  await assert.rejects(
    batch.run(async (trx) => {
      await trx.insertInto('recipes').values(recipe('alone')).execute();
      throw new Error('alone fails');
    }),
    /alone fails/,
  );
  assert.deepEqual(await titles(), ['r0', 'r1', 'r3', 'r4', 'r5']);
});

test('a commit that fails rejects every write of its batch and stores none', { skip }, async (t) => {
  const { db, recipe, titles } = await setup(t);
  const batch = new WriteBatch(db);
  const results = await Promise.allSettled([
    batch.run(async (trx) => trx.insertInto('recipes').values(recipe('kept?')).execute()),
    // A deferred foreign key is checked at COMMIT: the whole transaction fails there.
    batch.run(async (trx) => {
      await sql`PRAGMA defer_foreign_keys = ON`.execute(trx);
      await trx.insertInto('recipes').values(recipe('orphan', 999_999)).execute();
    }),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  );
  assert.deepEqual(await titles(), []);
  // The next batch works.
  await batch.run(async (trx) => trx.insertInto('recipes').values(recipe('after')).execute());
  assert.deepEqual(await titles(), ['after']);
});

test('recipes created at once through the API are all stored, listed and counted', async (t) => {
  const { app } = await buildTestApp(t);
  const user = await registerAndLogin(app);
  const created = await Promise.all(
    Array.from({ length: 30 }, (_, i) => createRecipe(app, user, { title: `Batch ${i}`, tags: i % 2 ? ['odd'] : [] })),
  );
  assert.deepEqual(
    created.map((r) => r.statusCode),
    Array(30).fill(201),
  );
  const ids = created.map((r) => r.json().id as number);
  assert.equal(new Set(ids).size, 30);
  const listed = await app.inject({ method: 'GET', url: '/recipes?limit=100', headers: user.auth });
  assert.equal(listed.headers['x-total-count'], '30');
  const odd = await app.inject({ method: 'GET', url: '/recipes?tag=odd&limit=100', headers: user.auth });
  assert.equal(odd.headers['x-total-count'], '15');
  for (const r of created) {
    const got = await app.inject({ method: 'GET', url: `/recipes/${r.json().id}`, headers: user.auth });
    assert.deepEqual(got.json(), r.json());
  }
});

test("afterWrites runs in the batch's own commit; if it fails only its work is undone and the writes still commit", { skip }, async (t) => {
  const { db, recipe, titles } = await setup(t);
  const seen: number[] = [];
  const errors: unknown[] = [];
  let fail = false;
  const batch = new WriteBatch(db, {
    afterWrites: async (trx) => {
      // It sees the batch's rows, uncommitted, in the same transaction.
      seen.push(
        (
          await trx
            .selectFrom('recipes')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      await trx.insertInto('recipes').values(recipe('from afterWrites')).execute();
      if (fail) throw new Error('afterWrites fails after its insert');
    },
    onAfterWritesError: (err) => errors.push(err),
  });
  await Promise.all(['a', 'b', 'c'].map((title) => batch.run((trx) => trx.insertInto('recipes').values(recipe(title)).execute())));
  assert.deepEqual(seen, [3]);
  assert.deepEqual(await titles(), ['a', 'b', 'c', 'from afterWrites']);

  fail = true;
  await Promise.all(['d', 'e'].map((title) => batch.run((trx) => trx.insertInto('recipes').values(recipe(title)).execute())));
  await batch.run((trx) => trx.insertInto('recipes').values(recipe('lone')).execute());
  assert.equal(errors.length, 2);
  assert.match((errors[0] as Error).message, /afterWrites fails/);
  assert.deepEqual(
    await titles(),
    ['a', 'b', 'c', 'from afterWrites', 'd', 'e', 'lone'],
    "the writes committed, afterWrites' own insert did not",
  );

  // A batch whose every write failed runs no afterWrites.
  seen.length = 0;
  await assert.rejects(
    batch.run(async () => {
      throw new Error('nothing written');
    }),
  );
  assert.deepEqual(seen, []);
});

test(
  'a batch runs each write once when all succeed; when one fails, the others run again in savepoints and commit once',
  { skip },
  async (t) => {
    const { db, recipe, titles } = await setup(t);
    const batch = new WriteBatch(db);
    const runs = new Map<string, number>();
    const write = (title: string, fail = false) =>
      batch.run(async (trx) => {
        runs.set(title, (runs.get(title) ?? 0) + 1);
        await trx.insertInto('recipes').values(recipe(title)).execute();
        if (fail) throw new Error(`${title} fails`);
        return title;
      });
    assert.deepEqual(await Promise.all(['a', 'b', 'c'].map((x) => write(x))), ['a', 'b', 'c']);
    assert.deepEqual(Object.fromEntries(runs), { a: 1, b: 1, c: 1 }, 'no second run when nothing failed');
    runs.clear();
    const results = await Promise.allSettled([write('d'), write('e', true), write('f')]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(Object.fromEntries(runs), { d: 2, e: 2, f: 1 }, 'the first run stopped at e; the second ran all three');
    assert.deepEqual(await titles(), ['a', 'b', 'c', 'd', 'f'], 'each stored once');
    assert.deepEqual(batch.stats, { batches: 2, writes: 5 });
  },
);
