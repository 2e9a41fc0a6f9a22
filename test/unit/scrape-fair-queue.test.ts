/**
 * The extraction pool shares its workers fairly between users: waiting tasks are served
 * round-robin across keys (not first-come first-served), one key never holds every worker,
 * and an overrun of the per-task time budget is its own error. Order is observed through the
 * order in which results arrive while workers are held with Atomics; no durations are asserted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskTimedOutError, WorkerCrashedError, WorkerPool, type WorkerPoolOptions } from '../../src/lib/worker-pool.js';

const MISBEHAVING = new URL('../helpers/misbehaving-extract.worker.ts', import.meta.url);

function pool(t: { after(fn: () => unknown): void }, opts: Partial<WorkerPoolOptions> = {}) {
  const p = new WorkerPool({ entry: MISBEHAVING, size: 1, maxQueue: 16, taskTimeoutMs: 60_000, ...opts });
  t.after(() => p.close());
  return p;
}

/** A worker held until release() (the 'block' task waits on a shared flag). */
function holder() {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  return {
    buffer: flag.buffer,
    release: () => {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

test('round-robin across users: A queues 3 tasks, then B one; B runs second, not fourth', async (t) => {
  const p = pool(t);
  await p.run('threadId', []); // the worker is up
  const hold = holder();
  const held = p.run('block', [hold.buffer], { key: 'X' });
  const order: string[] = [];
  const run = (key: string, label: string) =>
    p.run('threadId', [], { key }).then(() => {
      order.push(label);
    });
  const done = [run('A', 'a1'), run('A', 'a2'), run('A', 'a3'), run('B', 'b1')];
  assert.equal(p.stats().queued, 4);
  hold.release();
  await held;
  await Promise.all(done);
  assert.deepEqual(order, ['a1', 'b1', 'a2', 'a3']);
});

test("round-robin keeps each user's own order and rotates over every waiting user", async (t) => {
  const p = pool(t);
  await p.run('threadId', []);
  const hold = holder();
  const held = p.run('block', [hold.buffer], { key: 'X' });
  const order: string[] = [];
  const run = (key: string, label: string) =>
    p.run('threadId', [], { key }).then(() => {
      order.push(label);
    });
  const done = [run('A', 'a1'), run('A', 'a2'), run('B', 'b1'), run('C', 'c1'), run('A', 'a3'), run('B', 'b2')];
  hold.release();
  await held;
  await Promise.all(done);
  assert.deepEqual(order, ['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
});

test("with two workers one user holds at most one: B's task runs while A's second waits", async (t) => {
  const p = pool(t, { size: 2 });
  const hold = holder();
  const aFirst = p.run('block', [hold.buffer], { key: 'A' });
  await until(() => p.stats().busy === 1);
  let aSecondDone = false;
  const aSecond = p.run<number>('threadId', [], { key: 'A' }).then((id) => {
    aSecondDone = true;
    return id;
  });
  assert.equal(p.stats().queued, 1, "A's second task waits although a worker is free");
  // B gets the free worker at once and finishes while A's first task still holds the other.
  await p.run('threadId', [], { key: 'B' });
  assert.equal(aSecondDone, false);
  assert.equal(p.stats().busy, 1);
  hold.release();
  assert.equal(await aFirst, 'released');
  assert.equal(typeof (await aSecond), 'number');
});

test('a task over the time budget fails with TaskTimedOutError (a WorkerCrashedError) naming the budget', async (t) => {
  const p = pool(t, { taskTimeoutMs: 200 });
  await p.run('threadId', []);
  const err = await p.run('title', ['<p>EXTRACT:HANG</p>'], { key: 'A' }).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof TaskTimedOutError, String(err));
  assert.ok(err instanceof WorkerCrashedError);
  assert.equal(err.budgetMs, 200);
  // The pool goes on with a fresh worker, and the user's running count was given back.
  assert.equal(typeof (await p.run('threadId', [], { key: 'A' })), 'number');
});
