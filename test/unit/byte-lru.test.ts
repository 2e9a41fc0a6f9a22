import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ByteLru, stringBytes } from '../../src/lib/byte-lru.js';

/** Sizes by the value itself (a number of bytes), keys free: the arithmetic below is exact. */
const lru = (maxBytes: number, maxEntryBytes?: number) =>
  new ByteLru<string, number>(
    maxBytes,
    (n) => n - 64,
    maxEntryBytes,
    () => 0,
  );

test('keeps at most maxBytes, dropping the least recently used first', () => {
  const c = lru(300, 300);
  c.set('a', 100);
  c.set('b', 100);
  c.set('c', 100);
  assert.equal(c.bytes, 300);
  assert.equal(c.get('a'), 100, 'a is now the most recently used');
  c.set('d', 100);
  assert.deepEqual(
    ['a', 'b', 'c', 'd'].map((k) => c.has(k)),
    [true, false, true, true],
  );
  assert.equal(c.stats.evictions, 1);
  // A larger value drops as many of the oldest as it needs.
  c.set('e', 250);
  assert.deepEqual(
    ['a', 'c', 'd', 'e'].map((k) => c.has(k)),
    [false, false, false, true],
  );
  assert.equal(c.bytes, 250);
  assert.equal(c.stats.evictions, 4);
});

test('a value over maxEntryBytes (an eighth of the budget by default) is refused and drops nothing', () => {
  const c = lru(800);
  assert.equal(c.maxEntryBytes, 100);
  assert.equal(c.set('small', 100), true);
  assert.equal(c.set('big', 101), false);
  assert.equal(c.has('big'), false);
  assert.equal(c.has('small'), true);
  assert.deepEqual(c.stats, { hits: 0, misses: 0, evictions: 0, refused: 1 });
  // Replacing a key with a value too large removes the old one (it would be stale).
  assert.equal(c.set('small', 500), false);
  assert.equal(c.has('small'), false);
  assert.equal(c.bytes, 0);
});

test('replacing a key frees its old size first; budget 0 keeps nothing', () => {
  const c = lru(200, 200);
  c.set('a', 150);
  c.set('a', 180);
  assert.equal(c.bytes, 180);
  assert.equal(c.size, 1);
  assert.equal(c.stats.evictions, 0);
  const none = lru(0);
  assert.equal(none.set('a', 64), false);
  assert.equal(none.size, 0);
});

test('strings are counted at two bytes a character, keys included', () => {
  const c = new ByteLru<string, string>(10_000, stringBytes);
  c.set('k', 'x'.repeat(100));
  assert.equal(c.bytes, stringBytes('x'.repeat(100)) + stringBytes('k') + 64);
});

test('whatever the operations, the bytes held are the sum of the entries and never above the budget', () => {
  const op = fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e'), size: fc.integer({ min: 64, max: 400 }), read: fc.boolean() });
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1000 }), fc.array(op, { maxLength: 50 }), (max, ops) => {
      const c = lru(max, max);
      const truth = new Map<string, number>();
      for (const o of ops) {
        if (o.read) {
          const v = c.get(o.key);
          if (v !== undefined) assert.equal(v, truth.get(o.key));
          continue;
        }
        truth.set(o.key, o.size);
        const kept = c.set(o.key, o.size);
        assert.equal(kept, o.size <= max);
        let sum = 0;
        for (const k of truth.keys()) if (c.has(k)) sum += c.peek(k)!;
        assert.equal(c.bytes, sum);
        assert.ok(c.bytes <= max);
      }
    }),
    { seed: Number(process.env.FC_SEED ?? 21), numRuns: Number(process.env.FC_RUNS ?? 200) },
  );
});
