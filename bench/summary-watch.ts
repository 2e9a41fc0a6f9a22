/**
 * What noting the terms of saved recipes costs (search/summary-watch.ts): `note()` of 10,000
 * saves (the ingredient lines of the first 1,000 recipes of a seeded database, over and over),
 * then the background round that checks every term they noted (nothing is built: the builder
 * here only counts what is asked of it).
 *   node --import tsx bench/summary-watch.ts postgres://postgres@127.0.0.1:5432/bench_x
 *   node --import tsx bench/summary-watch.ts sqlite:/tmp/bench.db
 */
import { createDatabase } from '../src/db/database.js';
import { WrittenTerms } from '../src/modules/recipes/search/summary-watch.js';

const url = process.argv[2];
if (!url) throw new Error('usage: summary-watch.ts DATABASE_URL');
const database = createDatabase({ url });
const { db } = database;
try {
  const rows = await db.selectFrom('recipes').select('ingredient_lines').orderBy('id').limit(1000).execute();
  let asked = 0;
  const watch = new WrittenTerms({
    db,
    dialect: database.dialect,
    builder: { request: () => void asked++, pending: () => false },
    delayMs: 3_600_000,
  });
  const t0 = performance.now();
  for (let i = 0; i < 10_000; i++) watch.note(rows[i % rows.length]!.ingredient_lines);
  const noteUs = ((performance.now() - t0) * 1000) / 10_000;
  const t1 = performance.now();
  await watch.idle();
  console.log(
    `note(): ${noteUs.toFixed(1)} µs per saved recipe; the round after them: ${watch.stats.checked} terms checked, ${asked} asked for, ${(performance.now() - t1).toFixed(0)} ms`,
  );
  await watch.close();
} finally {
  await database.close();
}
