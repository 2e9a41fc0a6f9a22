/**
 * Speed of the shopping list's routes, over real HTTP on PostgreSQL (and Redis for the fan-out):
 *
 * 1. `POST /lists/{id}/plan` of a 4-week plan (28 days × 3 meals = 84 recipes of 10 lines, 2–6
 *    servings) into a fresh list, RUNS times after a warm-up: p50 and p99 of the answer's time;
 *    then the same plan again into that list (every item takes new lines: the update path); and
 *    the CPU time of this process (both instances and the client) per pair, a figure the load of
 *    a shared machine moves less than the wall time. ROUNDS=0 skips the fan-out below.
 * 2. One change fanned out to 500 SSE listeners spread over 2 instances (250 each) sharing Redis:
 *    for each of ROUNDS changes, the time from sending the change until each listener has the
 *    event; p50 and p99 over every listener of every round.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379 \
 *     nice -n 10 node --import tsx bench/list-plan.ts
 * A benchmark, not a test: it prints figures and asserts nothing. It works in a schema of its own, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDatabase } from '../src/db/database.js';

const DB_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const RUNS = Number(process.env.RUNS ?? 60);
const ROUNDS = Number(process.env.ROUNDS ?? 20);
const LISTENERS = 500;

const LINES = [
  '2 cups all-purpose flour',
  '250g/9oz plain flour',
  '3 onions, peeled and cut into wedges',
  '1 large onion, chopped',
  '2 garlic cloves, crushed',
  '1 x 400g tin chopped tomatoes',
  '200 g cherry tomatoes, halved',
  '2 tbsp olive oil',
  'salt and freshly ground black pepper',
  '100g/4oz butter, softened',
  '600ml/21fl oz chicken stock',
  '1 kg chicken thighs',
  'juice of 2 limes',
  '1 bunch fresh coriander',
  '½ cup milk',
  '3 large eggs',
  '1 tsp ground cumin',
  '1 tsp smoked paprika',
  '1 (15-ounce) can chickpeas, rinsed',
  '300g/10½oz basmati rice',
  '1 red pepper, deseeded and sliced',
  '2 carrots, diced',
  '2 celery sticks, chopped',
  '1 tbsp soy sauce',
  '1 tbsp honey',
  '50g/2oz parmesan, grated',
  '200ml/7fl oz double cream',
  '2 cebolas picadas',
  '3 dentes de alho',
  '1 xícara (chá) de arroz',
  '500 g carne moída',
  '2 colheres (sopa) de azeite',
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function main() {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DB_URL });
  await admin.connect();
  await admin.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
  await admin.query(`CREATE SCHEMA ${schema}`);
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: DB_URL,
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
    LOG_LEVEL: 'silent',
    REDIS_URL,
    REDIS_KEY_PREFIX: `${schema}:`,
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
    RATE_LIMIT_REGISTER_PER_IP: '100000',
  };
  const apps = [];
  try {
    for (let i = 0; i < 2; i++) {
      const database = createDatabase({ url: DB_URL, pgSchema: schema, poolSize: 5 });
      const app = await buildApp(loadConfig(env), { database, logger: false });
      apps.push({ app, database, url: await app.listen({ host: '127.0.0.1', port: 0 }) });
    }
    const [A, B] = apps as [(typeof apps)[0], (typeof apps)[0]];
    await A.app.inject({ method: 'POST', url: '/register', payload: { username: 'bench_cook', password: 'bench-password-1' } });
    const token = (
      await A.app.inject({ method: 'POST', url: '/login', payload: { username: 'bench_cook', password: 'bench-password-1' } })
    ).json().access_token;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const req = async (base: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(base + path, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    };

    // 84 recipes of 10 lines, planned over 28 days.
    const start = Date.parse('2027-01-04T00:00:00Z');
    for (let r = 0; r < 84; r++) {
      const lines = Array.from({ length: 10 }, (_, i) => LINES[(r * 7 + i * 3) % LINES.length]);
      const recipe = await req(A.url, 'POST', '/recipes', {
        title: `Bench ${r}`,
        ingredients: lines.join('\n'),
        time_minutes: 30,
        servings: 4,
      });
      const date = new Date(start + Math.floor(r / 3) * 86_400_000).toISOString().slice(0, 10);
      await req(A.url, 'POST', '/plan', {
        date,
        slot: ['breakfast', 'lunch', 'dinner'][r % 3],
        recipe_id: recipe.id,
        servings: 2 + (r % 5),
      });
    }
    // Into a fresh list (every item new), then once more into the same list (every item takes the new lines).
    const times: number[] = [];
    const again: number[] = [];
    let items = 0;
    let cpu = 0;
    for (let i = 0; i < RUNS + 5; i++) {
      const list = await req(A.url, 'POST', '/lists', { name: `Plan ${i}` });
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const done = await req(A.url, 'POST', `/lists/${list.id}/plan`, { from: '2027-01-04', to: '2027-01-31' });
      const t1 = performance.now();
      await req(A.url, 'POST', `/lists/${list.id}/plan`, { from: '2027-01-04', to: '2027-01-31' });
      const t2 = performance.now();
      const c = process.cpuUsage(c0);
      if (i >= 5) {
        times.push(t1 - t0);
        again.push(t2 - t1);
        cpu += (c.user + c.system) / 1000;
      }
      items = done.items.length;
    }
    console.log(
      `POST /lists/{id}/plan, 84 recipes × 10 lines → ${items} items, ${RUNS} runs: p50 ${pct(times, 50).toFixed(1)} ms, p99 ${pct(times, 99).toFixed(1)} ms; ` +
        `again into the same list: p50 ${pct(again, 50).toFixed(1)} ms, p99 ${pct(again, 99).toFixed(1)} ms; ` +
        `this process's CPU (server and client) per pair: ${(cpu / RUNS).toFixed(1)} ms`,
    );
    if (ROUNDS === 0) return;

    // Fan-out: 250 listeners on each instance, changes made through A.
    const list = await req(A.url, 'POST', '/lists', { name: 'Fan-out' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: LISTENERS });
    let pending: { t0: number; got: number; resolve: () => void } | null = null;
    const latencies: number[] = [];
    const opened: Promise<void>[] = [];
    const requests: http.ClientRequest[] = [];
    for (let i = 0; i < LISTENERS; i++) {
      const base = new URL(i % 2 ? A.url : B.url);
      opened.push(
        new Promise((resolve, reject) => {
          const r = http.get({ host: base.hostname, port: base.port, path: `/lists/${list.id}/events`, headers: auth, agent }, (res) => {
            resolve();
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              if (!chunk.includes('event: items') || !pending) return;
              latencies.push(performance.now() - pending.t0);
              if (++pending.got === LISTENERS) pending.resolve();
            });
          });
          r.on('error', reject);
          requests.push(r);
        }),
      );
    }
    await Promise.all(opened);
    // Every listener registered with its hub (the stream answers before it does).
    while (A.app.listEvents.count() + B.app.listEvents.count() < LISTENERS) await new Promise((r) => setTimeout(r, 20));
    for (let round = 0; round < ROUNDS; round++) {
      await new Promise<void>((resolve) => {
        pending = { t0: performance.now(), got: 0, resolve };
        void req(A.url, 'POST', `/lists/${list.id}/items`, { text: `${round + 1} lemons` });
      });
    }
    console.log(
      `one change → ${LISTENERS} SSE listeners on 2 instances (Redis), ${ROUNDS} changes: p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms`,
    );
    for (const r of requests) r.destroy();
    agent.destroy();
  } finally {
    for (const { app, database } of apps) {
      await app.close();
      await database.close();
    }
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

await main();
