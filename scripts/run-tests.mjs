#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's test runner (Node 20 has no glob support in --test),
// once on SQLite and once on PostgreSQL, so both databases stay first-class. The PostgreSQL pass
// leaves out test/unit and the API files whose subject is not the database (see DATABASE_AGNOSTIC
// and SQLITE_ONLY).
// Extra arguments narrow the run: `npm test -- test/api` or `npm test -- recipes`.
//
//   TEST_DB=sqlite|postgres|both   which databases (default both)
//   TEST_DATABASE_URL              PostgreSQL to use (default postgres://postgres@127.0.0.1:5432/test);
//                                  every test app gets a schema of its own there, dropped afterwards
//   CI=true                        an unreachable PostgreSQL fails the run instead of skipping it
//   TEST_LIST=1                    print the files each pass would run, and run nothing
//   TEST_TSX=1                     run the TypeScript through tsx instead of compiling it first
//                                  (scripts/build-tests.mjs: about a second less CPU per file)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildTests, compiledTestPath, TEST_BUILD_DIR } from './build-tests.mjs';

function find(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'helpers' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const filters = process.argv.slice(2);
// Tests that never reach a database (pure units) run once, in the SQLite pass; the PostgreSQL pass
// runs the rest, the web app's flows in the browser included. A filter given on the command line
// overrides this.
const DATABASE_AGNOSTIC = [`test${path.sep}unit${path.sep}`];
// API files whose subject is not the database run once, in the SQLite pass: what they check is
// the same whatever stores the rows, and the stores they touch are checked on both by other files.
const SQLITE_ONLY = {
  'test/api/openapi.test.ts': 'the OpenAPI document, its lint and the generated client',
  'test/api/contract-consistency.test.ts': "the routes' validation and error shapes",
  'test/api/http-protocol.test.ts': 'HTTP protocol answers',
  'test/api/slow-clients.test.ts': 'socket timeouts',
  'test/api/log-redaction.test.ts': 'what reaches the log',
  'test/api/web-routes.test.ts': "serving the web app's files",
  'test/api/server-process.test.ts': 'the entry point, which it starts on a SQLite file of its own',
  'test/api/scrape-routes.test.ts': 'extraction from served pages (nothing stored)',
  'test/api/scrape-page-limits.test.ts': "one page's cost to the extraction workers (nothing stored)",
  'test/api/scrape-extract-pool.test.ts': 'the extraction worker pool (nothing stored)',
  'test/api/parse-ingredients.test.ts': 'the ingredient parser route (nothing stored)',
  'test/api/oidc-provider-answers.test.ts': "checks of the provider's tokens (accounts: oidc-accounts, oidc-flow)",
  'test/api/moving-fixtures.test.ts': "reading the other apps' files (storing imports: moving-imports)",
  'test/api/recipes-import-sent.test.ts': 'extraction from a sent page (storing imports: recipes-import)',
};
// Files about one database only, left out of the other pass instead of started to skip every test.
const ONE_DATABASE = {
  'test/api/recipes-search-plans-postgres.test.ts': 'postgres',
  'test/security/checked-tokens-sqlite.test.ts': 'sqlite',
};
for (const f of Object.keys(SQLITE_ONLY)) if (!fs.existsSync(f)) throw new Error(`SQLITE_ONLY names a missing file: ${f}`);
for (const f of Object.keys(ONE_DATABASE)) if (!fs.existsSync(f)) throw new Error(`ONE_DATABASE names a missing file: ${f}`);
const posix = (f) => f.split(path.sep).join('/');
const onlyOn = (f) => (SQLITE_ONLY[posix(f)] ? 'sqlite' : ONE_DATABASE[posix(f)]);
const files = find('test')
  .sort()
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files match');
  process.exit(1);
}

const compiled = !process.env.TEST_TSX;
if (compiled && !process.env.TEST_LIST) {
  const started = Date.now();
  await buildTests(files);
  console.log(
    `${files.length} test files compiled into ${path.relative(process.cwd(), TEST_BUILD_DIR)} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

const which = (process.env.TEST_DB || 'both').toLowerCase();
if (!['sqlite', 'postgres', 'both'].includes(which)) {
  console.error(`TEST_DB must be sqlite, postgres or both, got "${which}"`);
  process.exit(1);
}
const ci = process.env.CI === 'true' || process.env.CI === '1';
const pgUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

function runSuite(label, env, only = files) {
  console.log(`\n### ${label}: ${only.length} test files\n`);
  if (process.env.TEST_LIST) {
    // Which files each pass would run, without running them.
    console.log(only.join('\n'));
    return { label, status: 0, seconds: 0 };
  }
  const started = Date.now();
  // Compiled test files run on plain Node (scripts/build-tests.mjs); TEST_TSX=1 runs the
  // TypeScript through tsx as `node --import tsx --test` would.
  const loader = compiled ? ['--enable-source-maps'] : ['--import', 'tsx'];
  const paths = compiled ? only.map(compiledTestPath) : only;
  // The timeout also bounds each file as a whole (the runner's test of the file), and a browser
  // file of a dozen flows beside another one on two loaded cores can take over two minutes: five
  // minutes still ends a hung test well inside CI's time.
  const res = spawnSync(process.execPath, [...loader, '--test', '--test-concurrency=2', '--test-timeout=300000', ...paths], {
    stdio: ['inherit', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
    maxBuffer: 256 * 1024 * 1024,
  });
  const out = res.stdout?.toString() ?? '';
  process.stdout.write(out);
  // The runner's own summary lines, summed over both databases for the closing line: `# pass 3`
  // from the TAP reporter (Node 20 when piped), `ℹ pass 3` from the spec reporter (Node 23+).
  const count = (name) => Number(new RegExp(`^(?:#|ℹ) ${name} (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
  return {
    label,
    status: res.status ?? 1,
    seconds: Math.round((Date.now() - started) / 1000),
    passed: count('pass'),
    failed: count('fail'),
    skipped: count('skipped'),
  };
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (err) {
    console.error(`PostgreSQL at ${pgUrl.replace(/\/\/[^@/]*@/, '//***@')} is not reachable: ${err.message}`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Drops the schemas of this run that a crashed test process could not drop itself. */
async function dropRunSchemas(runId) {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [`t_${runId}_%`]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA "${nspname}" CASCADE`);
    if (rows.length) console.log(`dropped ${rows.length} schema(s) left behind by this run`);
  } finally {
    await client.end().catch(() => {});
  }
}

const results = [];
if (which !== 'postgres') {
  // An inherited TEST_DATABASE_URL must not turn the SQLite pass into a second PostgreSQL pass.
  const sqliteFiles = filters.length > 0 ? files : files.filter((f) => onlyOn(f) !== 'postgres');
  results.push(runSuite('SQLite (in-memory)', { TEST_DATABASE_URL: '' }, sqliteFiles));
}
if (which !== 'sqlite') {
  if (await postgresReachable()) {
    // Every schema of this run starts with this id, so the run can clean up after itself and
    // concurrent runs on the same server never touch each other's schemas.
    const runId = randomBytes(4).toString('hex');
    const pgFiles =
      filters.length > 0 || which === 'postgres'
        ? files
        : files.filter((f) => !DATABASE_AGNOSTIC.some((d) => f.startsWith(d)) && onlyOn(f) !== 'sqlite');
    if (pgFiles.length < files.length) {
      console.log(
        `\nPostgreSQL pass: ${files.length - pgFiles.length} files ran on SQLite only (test/unit, and the API files in SQLITE_ONLY and ONE_DATABASE)`,
      );
    }
    if (pgFiles.length > 0) results.push(runSuite('PostgreSQL', { TEST_DATABASE_URL: pgUrl, TEST_PG_RUN_ID: runId }, pgFiles));
    await dropRunSchemas(runId).catch((err) => console.error(`could not drop leftover schemas: ${err.message}`));
  } else if (ci) {
    console.error('CI=true: PostgreSQL is required in CI; failing.');
    results.push({ label: 'PostgreSQL', status: 1, seconds: 0 });
  } else {
    console.log('\n### PostgreSQL: SKIPPED (not reachable; start it or set TEST_DATABASE_URL; CI=true makes this a failure)\n');
  }
}

console.log('\n### summary');
for (const r of results) console.log(`${r.status === 0 ? 'PASS' : 'FAIL'}  ${r.label}  (${r.seconds} s)`);
const sum = (key) => results.reduce((n, r) => n + (r[key] ?? 0), 0);
console.log(
  `${sum('passed')} passed, ${sum('failed') + results.filter((r) => r.status !== 0 && !r.failed).length} failed, ${sum('skipped')} skipped`,
);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
