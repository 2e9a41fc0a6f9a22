/**
 * Listing latency at scale: seeds N recipes, then times GET /recipes variants through the whole
 * app (routing, validation, SQL, serialization) with app.inject, so the network is not measured.
 * Every request is timed without the list cache: this is what a query the cache has not seen costs.
 *
 *   node --import tsx bench/list-latency.ts [N=100000]                      # SQLite file in a temp dir
 *   BENCH_SQLITE_FILE=data/ll-1m.db node --import tsx bench/list-latency.ts 1000000
 *                                          # a file kept between runs: seeded only while it has no recipes
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *     node --import tsx bench/list-latency.ts 100000                        # PostgreSQL, in a throwaway schema
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { sql } from 'kysely';
import { createDatabase } from '../src/db/database.js';
import { recipesRepository } from '../src/modules/recipes/recipes.repository.js';
import { sqliteIndexing } from '../src/modules/recipes/search/sqlite-index.js';
import { reparseOutdatedIngredients } from '../src/modules/recipes/ingredient-reparse.js';

const N = Number(process.argv[2] ?? 100_000);
const pgUrl = process.env.BENCH_DATABASE_URL;
const ITER = 60;

const WORDS = [
  'rice',
  'saffron',
  'parmesan',
  'tomato',
  'basil',
  'garlic',
  'onion',
  'butter',
  'flour',
  'sugar',
  'egg',
  'milk',
  'cream',
  'vanilla',
  'chicken',
  'beef',
  'pork',
  'prawns',
  'lemon',
  'thyme',
  'rosemary',
  'pepper',
  'salt',
  'olive oil',
  'carrot',
  'celery',
  'potato',
  'leek',
  'mushroom',
  'spinach',
  'ginger',
  'soy sauce',
  'chili',
  'cumin',
  'coriander',
  'lime',
];
const rnd = (n: number) => Math.floor(Math.random() * n);

let schema: string | undefined;
let admin: pg.Client | undefined;
let url: string;
let tmp: string | undefined;
if (pgUrl) {
  schema = `bench_${randomBytes(4).toString('hex')}`;
  admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  url = pgUrl;
} else if (process.env.BENCH_SQLITE_FILE) {
  url = `sqlite:${process.env.BENCH_SQLITE_FILE}`;
} else {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  url = `sqlite:${path.join(tmp, 'bench.db')}`;
}

const database = createDatabase({ url, pgSchema: schema, poolSize: 10 });
try {
  await database.migrate();
  const { db } = database;
  const kept = Number((await sql<{ n: number }>`SELECT count(*) AS n FROM recipes`.execute(db)).rows[0]?.n ?? 0);
  if (kept > 0) console.log(`${database.dialect}: ${kept} recipes kept from an earlier run`);
  else {
    const users = await db
      .insertInto('users')
      .values(
        Array.from({ length: 20 }, (_, i) => ({
          username: `bench${i}`,
          username_key: `bench${i}`,
          password_hash: 'x',
          created_at: new Date().toISOString(),
        })),
      )
      .returning('id')
      .execute();
    const t0 = Date.now();
    const start = Date.parse('2024-01-01T00:00:00Z');
    for (let done = 0; done < N; done += 1000) {
      const rows = Array.from({ length: Math.min(1000, N - done) }, (_, i) => {
        const k = done + i;
        const ingredients = Array.from({ length: 4 + rnd(8) }, () => WORDS[rnd(WORDS.length)]).join('\n');
        const at = new Date(start + k * 60_000).toISOString();
        return {
          title: `${WORDS[rnd(WORDS.length)]} ${WORDS[rnd(WORDS.length)]} ${k}`,
          ingredients,
          time_minutes: rnd(240),
          instructions: 'Mix. Cook. Serve.',
          owner_id: users[rnd(users.length)]!.id,
          created_at: at,
          updated_at: at,
        };
      });
      await recipesRepository.insertMany(db, rows);
    }
    // A needle in the haystack: selective searches are the ones an index must make cheap.
    await db
      .insertInto('recipes')
      .values({
        title: 'Zanzibar pilau',
        ingredients: 'basmati\ncardamom pods',
        time_minutes: 50,
        owner_id: users[0]!.id,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .execute();
    // SQLite takes new rows into its search index in batches (migration 004), as the service would.
    if (database.dialect === 'sqlite') while ((await sqliteIndexing.indexPendingSearch(db, 50_000)) > 0);
    // The service parses ingredient lines in the background at start (migration 006); done here first,
    // so the timings below do not share the process with that backlog.
    await reparseOutdatedIngredients(db, { batchSize: 2000 });
    await (database.dialect === 'postgres' ? pg_analyze(database.db) : sqlite_analyze(database.db));
    console.log(`${database.dialect}: seeded ${N} recipes in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    JWT_SECRET: 'b'.repeat(40),
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
  });
  const app = await buildApp(config, { database, logger: false });
  await app.inject({ method: 'POST', url: '/register', payload: { username: 'benchuser', password: 'benchpassword' } });
  const login = await app.inject({ method: 'POST', url: '/login', payload: { username: 'benchuser', password: 'benchpassword' } });
  const headers = { authorization: `Bearer ${login.json().access_token}` };
  const cases = [
    '/recipes',
    '/recipes?sort=title',
    '/recipes?sort=-time_minutes',
    '/recipes?max_time=10',
    '/recipes?offset=5000',
    '/recipes?ingredient=cardamom',
    '/recipes?q=zanzibar',
    '/recipes?ingredient=saffron',
    '/recipes?q=saffron&max_time=30',
    '/recipes?mine=true',
  ];
  console.log('query                                   p50 ms   p95 ms   X-Total-Count');
  for (const u of cases) {
    const times: number[] = [];
    let total = '';
    for (let i = 0; i < ITER; i++) {
      // Every request is timed uncached: on SQLite the list cache would answer repeats from
      // memory, so its change counter is moved first (untimed), as any write would.
      if (database.dialect === 'sqlite') await sql`UPDATE change_counters SET n = n + 1 WHERE name = 'recipes'`.execute(db);
      const s = process.hrtime.bigint();
      const res = await app.inject({ method: 'GET', url: u, headers });
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (res.statusCode !== 200) throw new Error(`${u}: ${res.statusCode} ${res.body}`);
      total = String(res.headers['x-total-count']);
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
    console.log(`${u.padEnd(40)}${p(0.5).padStart(7)}  ${p(0.95).padStart(7)}   ${total}`);
  }
  await app.close();
} finally {
  await database.close();
  if (admin) {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

async function pg_analyze(db: typeof database.db) {
  await sql`VACUUM ANALYZE recipes`.execute(db);
}
async function sqlite_analyze(db: typeof database.db) {
  await sql`ANALYZE`.execute(db);
}
