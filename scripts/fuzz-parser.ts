/**
 * A long fuzzing run of the ingredient parser and of every recipe view (test/helpers/parser-fuzz.ts;
 * `npm test` runs a short one). An app on an in-memory SQLite database, driven in process (no
 * port is opened). FUZZ_RUNS (default 2000 in process, a tenth of it through the app) and
 * FUZZ_SEED (default: random, printed so a failure can be replayed) set the run:
 *
 *   FUZZ_RUNS=20000 FUZZ_SEED=7 npm run fuzz:parser
 */
import { buildApp } from '../src/app.js';
import { createDatabase } from '../src/db/database.js';
import { loadConfig } from '../src/config.js';
import { fixedLines, checkLineInProcess, fuzzInProcess, fuzzThroughApp } from '../test/helpers/parser-fuzz.js';

const runs = Number(process.env.FUZZ_RUNS ?? 2000);
const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed))
  throw new Error('FUZZ_RUNS must be a positive integer and FUZZ_SEED an integer');
console.log(`fuzzing the parser: seed ${seed}, ${runs} lines in process, ${Math.max(1, Math.round(runs / 10))} recipes through the app`);

const started = Date.now();
for (const line of fixedLines())
  for (const f of [0.01, 1, 100]) for (const u of [undefined, 'metric', 'us'] as const) checkLineInProcess(line, f, u);
fuzzInProcess({ seed, runs });
console.log(`in process: ok (${Date.now() - started} ms)`);

const config = loadConfig({
  NODE_ENV: 'test',
  DATABASE_URL: 'sqlite::memory:',
  JWT_SECRET: 'fuzz-secret-that-is-long-enough-for-hs256-0123456789',
  LOG_LEVEL: 'silent',
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
});
const database = createDatabase({ url: 'sqlite::memory:' });
const app = await buildApp(config, { logger: false, database });
try {
  await app.ready();
  const username = `fuzz${Date.now()}`;
  const password = 'correct horse battery';
  await app.inject({ method: 'POST', url: '/register', payload: { username, password } });
  const login = await app.inject({ method: 'POST', url: '/login', payload: { username, password } });
  const auth = { authorization: `Bearer ${login.json().access_token as string}` };
  await fuzzThroughApp(app, auth, { seed, runs: Math.max(1, Math.round(runs / 10)) });
  console.log(`through the app: ok (${Date.now() - started} ms in all)`);
} finally {
  await app.close();
  await database.close();
}
