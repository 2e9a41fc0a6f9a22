#!/usr/bin/env node
// Runs every test/**/*.test.ts with Node's test runner (Node 20 has no glob support in --test),
// once on SQLite and once on PostgreSQL, so both databases stay first-class. The PostgreSQL pass
// leaves out test/unit and test/browser, which do not depend on the database (see DATABASE_AGNOSTIC).
// Extra arguments narrow the run: `npm test -- test/api` or `npm test -- recipes`.
//
//   TEST_DB=sqlite|postgres|both   which databases (default both)
//   TEST_DATABASE_URL              PostgreSQL to use (default postgres://postgres@127.0.0.1:5432/test);
//                                  every test app gets a schema of its own there, dropped afterwards
//   CI=true                        an unreachable PostgreSQL fails the run instead of skipping it
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

function find(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'helpers' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const filters = process.argv.slice(2);
// Tests that never reach a database (pure units) or reach it only through the API that test/api
// already covers on both databases (the browser tests: the web app and its flows) run once, in the
// SQLite pass; the PostgreSQL pass runs the rest. A filter given on the command line overrides this.
const DATABASE_AGNOSTIC = [`test${path.sep}unit${path.sep}`, `test${path.sep}browser${path.sep}`];
const files = find('test')
  .sort()
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files match');
  process.exit(1);
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
  const started = Date.now();
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...only], {
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
  results.push(runSuite('SQLite (in-memory)', { TEST_DATABASE_URL: '' }));
}
if (which !== 'sqlite') {
  if (await postgresReachable()) {
    // Every schema of this run starts with this id, so the run can clean up after itself and
    // concurrent runs on the same server never touch each other's schemas.
    const runId = randomBytes(4).toString('hex');
    const pgFiles =
      filters.length > 0 || which === 'postgres' ? files : files.filter((f) => !DATABASE_AGNOSTIC.some((d) => f.startsWith(d)));
    if (pgFiles.length < files.length) {
      console.log(`\nPostgreSQL pass: the ${files.length - pgFiles.length} files under test/unit and test/browser ran on SQLite only`);
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
