/**
 * Test helpers: an app on a fresh database (closed by t.after), a movable clock, and shortcuts
 * to register and log in. Set TEST_DATABASE_URL=postgres://... to run the suite on PostgreSQL:
 * each app then gets a schema of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp, type BuildOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { describeViolations, holdToContract } from './contract.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export interface TestClock {
  (): number;
  now: number;
  advance(ms: number): void;
}

export function testClock(start = Date.now()): TestClock {
  const clock = (() => clock.now) as TestClock;
  clock.now = start;
  clock.advance = (ms: number) => {
    clock.now += ms;
  };
  return clock;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'sqlite::memory:',
    JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    ...CHEAP_HASHING_ENV,
    ...env,
  });
}

export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

/**
 * Argon2id at its cheapest, the default of every test app: the shipped parameters cost tens of
 * milliseconds of CPU per hash, and the suite registers and logs in thousands of accounts to test
 * other things. Tests of the hashing itself ask for SHIPPED_HASHING_ENV.
 */
export const CHEAP_HASHING_ENV = { ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' } as const;
/** The parameters the server ships with (an empty value is the default). */
export const SHIPPED_HASHING_ENV = { ARGON2_MEMORY_KIB: '', ARGON2_TIME_COST: '' } as const;

/** A fresh database: in-memory SQLite, or a new schema on the PostgreSQL named by TEST_DATABASE_URL. */
/**
 * A SQLite file in a temporary folder (removed after the test), for what an in-memory database
 * cannot show: another connection to the same data (another process, a hand edit), or a worker
 * thread opening it. Every handle `open` gives is closed after the test.
 */
export function sqliteFileDatabase(t: Pick<TestContext, 'after'>, prefix = 'sqlite-file-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const url = `sqlite:${path.join(dir, 'db.sqlite')}`;
  return {
    url,
    open(): DatabaseHandle {
      const database = createDatabase({ url });
      t.after(() => database.close());
      return database;
    },
  };
}

export async function freshDatabase(t: Pick<TestContext, 'after'>): Promise<DatabaseHandle> {
  if (!testDatabaseUrl) {
    const database = createDatabase({ url: 'sqlite::memory:' });
    t.after(() => database.close());
    return database;
  }
  const schema = await createTestSchema(t);
  const database = createDatabase({ url: testDatabaseUrl, pgSchema: schema, poolSize: 5 });
  t.after(() => database.close());
  return database;
}

/**
 * A new, empty PostgreSQL schema on TEST_DATABASE_URL, dropped after the test (hooks run in
 * reverse order, so after the apps using it are closed). pg_trgm is made sure of in `public`
 * first: CREATE EXTENSION run concurrently by two test processes can fail with a duplicate
 * even with IF NOT EXISTS, so a failure is accepted when the extension turns out to exist.
 */
export async function createTestSchema(t: Pick<TestContext, 'after'>): Promise<string> {
  if (!testDatabaseUrl) throw new Error('createTestSchema needs TEST_DATABASE_URL');
  // Prefixed with the run id (set by scripts/run-tests.mjs), so the runner can drop what a crashed
  // test process left behind without touching the schemas of other runs.
  const schema = `t_${process.env.TEST_PG_RUN_ID ?? 'x'}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  try {
    await admin.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
  } catch (err) {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'");
    if (!rowCount) throw err;
  }
  await admin.query(`CREATE SCHEMA ${schema}`);
  t.after(async () => {
    try {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    } finally {
      await admin.end();
    }
  });
  return schema;
}

export interface TestApp {
  app: FastifyInstance;
  clock: TestClock;
  config: Config;
}

export async function buildTestApp(
  t: Pick<TestContext, 'after'>,
  opts: { env?: Record<string, string>; build?: BuildOptions } = {},
): Promise<TestApp> {
  const config = testConfig(opts.env);
  const clock = testClock();
  const database = opts.build?.database ?? (await freshDatabase(t));
  const app = await buildApp(config, { clock, logger: false, database, ...opts.build });
  // Every response this app sends, injected or over real HTTP, is checked against the OpenAPI
  // document; a response the document does not declare fails the test that caused it.
  const violations = holdToContract(app);
  t.after(async () => {
    await app.close();
    assert.equal(violations.length, 0, `responses that break the OpenAPI document:\n${describeViolations(violations)}`);
  });
  await app.ready();
  return { app, clock, config };
}

/**
 * Several app instances on one database, each with connections of its own, as separate
 * processes would be: on PostgreSQL a schema made for this test, on SQLite a file. `start()`
 * builds the next instance with the given env and build options.
 */
export async function instancesOnOneDatabase(
  t: Pick<TestContext, 'after'>,
  opts: { env?: Record<string, string>; build?: BuildOptions; prefix?: string } = {},
) {
  const schema = testDatabaseUrl ? await createTestSchema(t) : undefined;
  const file = schema === undefined ? sqliteFileDatabase(t, opts.prefix ?? 'instances-') : undefined;
  /** A new handle on the shared database, closed after the test. */
  const open = (): DatabaseHandle => {
    if (file) return file.open();
    const database = createDatabase({ url: testDatabaseUrl!, pgSchema: schema, poolSize: 3 });
    t.after(() => database.close());
    return database;
  };
  return { open, start: () => buildTestApp(t, { env: opts.env, build: { ...opts.build, database: open() } }) };
}

let userCounter = 0;
export function uniqueUsername(prefix = 'user'): string {
  userCounter += 1;
  return `${prefix}_${process.pid}_${userCounter}`;
}

export interface LoggedInUser {
  id: number;
  username: string;
  password: string;
  token: string;
  refreshToken: string;
  auth: { authorization: string };
}

export async function registerAndLogin(
  app: FastifyInstance,
  username = uniqueUsername(),
  password = 'correct horse battery',
): Promise<LoggedInUser> {
  const reg = await app.inject({ method: 'POST', url: '/register', payload: { username, password } });
  assert.equal(reg.statusCode, 201, reg.body);
  const login = await app.inject({ method: 'POST', url: '/login', payload: { username, password } });
  assert.equal(login.statusCode, 200, login.body);
  const body = login.json();
  return {
    id: reg.json().id,
    username,
    password,
    token: body.access_token,
    refreshToken: body.refresh_token,
    auth: { authorization: `Bearer ${body.access_token}` },
  };
}

export async function createRecipe(
  app: FastifyInstance,
  user: LoggedInUser,
  recipe: Record<string, unknown> = {},
): Promise<LightMyRequestResponse> {
  const res = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: user.auth,
    payload: { title: 'Saffron risotto', ingredients: 'arborio rice\nsaffron\nparmesan', time_minutes: 35, ...recipe },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res;
}
