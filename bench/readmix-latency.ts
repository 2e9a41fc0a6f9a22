/**
 * READMIX, uncached and one request at a time: times a sample of the 1,650 distinct searches of
 * ../shared/tools/bench.mjs's `readmix` workload (ingredient × max_time × offset, limit=20) through
 * the whole app (app.inject: routing, validation, SQL, serialization; no network) against a
 * database seeded by bench/seed.ts. The list cache is bypassed by moving the change counter
 * before every request (untimed), so each figure is what a search the cache has not seen costs.
 * Less sensitive to machine load than wrk, so it is the tool for before/after comparisons.
 *
 *   node --import tsx bench/seed.ts --db sqlite:data/seed-1m.db --records 1000000   # once
 *   node --import tsx bench/readmix-latency.ts sqlite:data/seed-1m.db [sample=330]
 *   node --import tsx bench/readmix-latency.ts postgres://postgres@127.0.0.1:5432/bench_x [sample]
 *
 * The first pass over the sample is reported separately ("first"): on a database without the
 * common terms' search summaries (the seed builds them), they are built in the background while
 * it runs; later passes are what the mix costs.
 *
 * HOLD_SUMMARIES=1 builds no summary (the warm-up's and the searches' builds are dropped), so
 * every pass measures what a search costs while its term's summary is not ready; the number of
 * summarised terms at the end is printed.
 */
import { sql } from 'kysely';
import { COMMON_INGREDIENTS } from './common-ingredients.mjs';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDatabase } from '../src/db/database.js';

const url = process.argv[2];
if (!url) throw new Error('usage: readmix-latency.ts DATABASE_URL [sample]');
const SAMPLE = Number(process.argv[3] ?? 330);

// READMIX's searches, as ../shared/tools/bench.mjs makes them (ingredient × max_time × offset).
const paths: string[] = [];
for (const w of COMMON_INGREDIENTS)
  for (const t of [15, 30, 45, 60, 90, 120])
    for (const o of [0, 20, 40, 60, 80]) {
      paths.push(`/recipes?ingredient=${encodeURIComponent(w)}&max_time=${t}&limit=20&offset=${o}`);
    }
// Every 5th path: all 55 ingredients, each max_time and offset represented.
const sample = paths.filter((_, i) => i % Math.max(1, Math.floor(paths.length / SAMPLE)) === 0).slice(0, SAMPLE);

const database = createDatabase({ url, poolSize: 10 });
await database.migrate();
const config = loadConfig({
  NODE_ENV: 'test',
  DATABASE_URL: url,
  JWT_SECRET: 'b'.repeat(40),
  LOG_LEVEL: 'silent',
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
});
const app = await buildApp(config, { database, logger: false });
if (process.env.HOLD_SUMMARIES) app.summaryBuilder.build = async () => undefined;
try {
  const user = { username: `readmix_${Date.now().toString(36)}`, password: 'readmix-password' };
  await app.inject({ method: 'POST', url: '/register', payload: user });
  const login = await app.inject({ method: 'POST', url: '/login', payload: user });
  const headers = { authorization: `Bearer ${login.json().access_token}` };
  let slowest: [number, string][] = [];
  const pass = async () => {
    const times: number[] = [];
    slowest = [];
    for (const u of sample) {
      // A turn of the event loop between requests (untimed), as a server on a socket has: with
      // back-to-back injects on a synchronous database the loop would seldom reach the summary
      // worker's messages, and summaries built in the background would never arrive.
      await new Promise((r) => setImmediate(r));
      if (database.dialect === 'sqlite') await sql`UPDATE change_counters SET n = n + 1 WHERE name = 'recipes'`.execute(database.db);
      const s = process.hrtime.bigint();
      const res = await app.inject({ method: 'GET', url: u, headers });
      const ms = Number(process.hrtime.bigint() - s) / 1e6;
      times.push(ms);
      slowest.push([ms, u]);
      if (res.statusCode !== 200) throw new Error(`${u}: ${res.statusCode} ${res.body}`);
    }
    return times;
  };
  const stats = (label: string, times: number[]) => {
    const s = [...times].sort((a, b) => a - b);
    const p = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(2);
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    console.log(
      `${label.padEnd(8)} n=${s.length}  mean ${mean.toFixed(2)} ms  p50 ${p(0.5)}  p95 ${p(0.95)}  p99 ${p(0.99)}  max ${s[s.length - 1]!.toFixed(2)} ms`,
    );
  };
  const t0 = Date.now();
  stats('first', await pass());
  console.log(`(first pass took ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  stats('then', [...(await pass()), ...(await pass())]);
  if (process.env.SLOWEST)
    for (const [ms, u] of slowest.sort((a, b) => b[0] - a[0]).slice(0, Number(process.env.SLOWEST)))
      console.log(`  ${ms.toFixed(2)} ms ${u}`);
  const terms = await sql<{ n: number | string }>`SELECT count(*) AS n FROM search_terms`.execute(database.db);
  console.log(`summarised terms at the end: ${terms.rows[0]?.n}`);
} finally {
  await app.close();
  await database.close();
}
