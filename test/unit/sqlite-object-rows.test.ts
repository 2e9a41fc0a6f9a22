// The statement cache (src/db/sqlite.ts) fetches a reader's rows as arrays and builds the row
// objects in JavaScript (withObjectRows), as that is faster. The rows must be what better-sqlite3 itself
// returns, for any column names and values, through every way Kysely reads them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import SQLite from 'better-sqlite3';
import { withStatementCache } from '../../src/db/sqlite.js';

const runs = Number(process.env.FC_RUNS ?? 200);
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

test("rows equal better-sqlite3's own for any column names (duplicates too) and values", () => {
  const value = fc.oneof(
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ unit: 'grapheme' }),
    fc.constant(null),
    fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b)),
  );
  const name = fc.string({ minLength: 1, maxLength: 12 }).filter((n) => n !== '__proto__' && !n.includes('\u0000'));
  fc.assert(
    fc.property(
      fc.array(name, { minLength: 1, maxLength: 6 }),
      fc.array(fc.array(value, { minLength: 6, maxLength: 6 }), { maxLength: 5 }),
      (names, rows) => {
        const sqlite = new SQLite(':memory:');
        const cache = withStatementCache(sqlite);
        try {
          sqlite.exec(`CREATE TABLE t (${names.map((_, i) => `c${i}`).join(', ')})`);
          const insert = sqlite.prepare(`INSERT INTO t VALUES (${names.map(() => '?').join(', ')})`);
          for (const r of rows) insert.run(r.slice(0, names.length));
          // Each column under its random name; a repeated name keeps the last value, as better-sqlite3 does.
          const text = `SELECT ${names.map((n, i) => `c${i} AS ${ident(n)}`).join(', ')} FROM t ORDER BY rowid`;
          const expected = sqlite.prepare(text).all();
          assert.deepEqual(cache.prepare(text).all(), expected);
          assert.deepEqual(cache.prepare(text).get(), expected[0]);
          assert.deepEqual([...cache.prepare(text).iterate()], expected);
        } finally {
          cache.close();
        }
      },
    ),
    { numRuns: runs, seed },
  );
});

test('parameters, RETURNING, no rows, and a table whose width changes under a cached statement', () => {
  const sqlite = new SQLite(':memory:');
  const cache = withStatementCache(sqlite);
  sqlite.exec('CREATE TABLE r (id INTEGER PRIMARY KEY, title TEXT)');
  assert.deepEqual(cache.prepare('INSERT INTO r (title) VALUES (?) RETURNING *').all(['soup']), [{ id: 1, title: 'soup' }]);
  assert.equal(cache.prepare('INSERT INTO r (title) VALUES (?)').run(['stew']).changes, 1);
  assert.deepEqual(cache.prepare('SELECT * FROM r WHERE id > ? ORDER BY id').all([0]), [
    { id: 1, title: 'soup' },
    { id: 2, title: 'stew' },
  ]);
  assert.deepEqual(cache.prepare('SELECT * FROM r WHERE id > ? ORDER BY id').all([5]), []);
  assert.equal(cache.prepare('SELECT * FROM r WHERE id = ?').get([9]), undefined);
  sqlite.exec('ALTER TABLE r ADD COLUMN servings INTEGER');
  assert.deepEqual(cache.prepare('SELECT * FROM r WHERE id > ? ORDER BY id').all([1]), [{ id: 2, title: 'stew', servings: null }]);
  sqlite.exec('ALTER TABLE r DROP COLUMN title');
  assert.deepEqual(cache.prepare('SELECT * FROM r WHERE id > ? ORDER BY id').all([1]), [{ id: 2, servings: null }]);
  cache.close();
});

test("a column named __proto__ is an own property and never the row's prototype", () => {
  const sqlite = new SQLite(':memory:');
  const cache = withStatementCache(sqlite);
  const row = cache.prepare(`SELECT x'00' AS "__proto__", 1 AS a`).get() as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(row), Object.prototype);
  assert.ok(Object.hasOwn(row, '__proto__'));
  assert.equal(row.a, 1);
  cache.close();
});
