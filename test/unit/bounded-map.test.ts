import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedMap } from '../../src/lib/bounded-map.js';

test('keeps at most maxEntries, dropping the one stored longest ago', () => {
  const m = new BoundedMap<string, number>(2);
  m.set('a', 1).set('b', 2);
  m.set('a', 3); // re-storing makes "a" the newest
  m.set('c', 4);
  assert.deepEqual(
    [...m.entries()],
    [
      ['a', 3],
      ['c', 4],
    ],
  );
  assert.equal(m.size, 2);
});
