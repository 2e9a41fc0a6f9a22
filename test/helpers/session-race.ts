/**
 * Shared by the session race tests (test/security/session-races*.test.ts): refresh chains, the
 * apps they run on (one instance, or two over one database with Redis), and the check that no
 * token of a revoked session still works. RACE_TRIALS / RACE_SEED override trials and schedule.
 */
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { CHEAP_HASHING_ENV, buildTestApp, freshDatabase, testDatabaseUrl, type TestApp } from './build.js';
import { REDIS_SKIP, redisEnv, redisReachable } from './redis.js';

export const redisSkip = (await redisReachable()) ? false : REDIS_SKIP;
export const TRIALS = Number(process.env.RACE_TRIALS ?? 30);
export const SEED = Number(process.env.RACE_SEED ?? 20261201);
export const DB = testDatabaseUrl ? 'postgres' : 'sqlite';

export const FAST_ENV = {
  ...CHEAP_HASHING_ENV,
  ARGON2_MAX_CONCURRENT: '2',
  JWT_ACCESS_TTL: '10',
  JWT_CLOCK_TOLERANCE: '2',
  RATE_LIMIT_LOGIN_PER_USER: '1000000',
  RATE_LIMIT_LOGIN_PER_IP: '1000000',
  RATE_LIMIT_REGISTER_PER_IP: '1000000',
};

/** mulberry32: a small seeded generator, so a failing schedule can be replayed with RACE_SEED. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return Math.floor((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n);
  };
}

export async function ticks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await nextTurn();
}

/** Everything one session (refresh family) has been given. */
export interface Session {
  access: string[];
  refresh: string[];
  spent: Set<string>;
}

export interface Pair {
  access_token: string;
  refresh_token: string;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function register(app: FastifyInstance, username: string, password: string): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/register', payload: { username, password } });
  assert.equal(res.statusCode, 201, res.body);
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/login', payload: { username, password } });
  assert.equal(res.statusCode, 200, res.body);
  const pair = res.json<Pair>();
  return { access: [pair.access_token], refresh: [pair.refresh_token], spent: new Set() };
}

/**
 * Refreshes the session's newest token until a refresh is refused; after `stopped()` turns true
 * it tries only `after` more times (a session that survived would otherwise refresh forever).
 */
export async function refreshChain(app: FastifyInstance, s: Session, stopped: () => boolean, after = 3, max = 60): Promise<void> {
  let extra = 0;
  for (let i = 0; i < max; i++) {
    if (stopped() && extra++ >= after) return;
    const token = s.refresh.at(-1)!;
    s.spent.add(token);
    const res = await app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: token } });
    if (res.statusCode !== 200) return;
    const pair = res.json<Pair>();
    s.access.push(pair.access_token);
    s.refresh.push(pair.refresh_token);
  }
}

/**
 * What still works of revoked sessions: access tokens on `checkers` (the instance that revoked
 * knows at once), and every refresh token never presented (one that works is spent by the check,
 * and its successor added, so a revived session is followed to its end).
 */
export async function survivors(
  checkers: FastifyInstance[],
  refreshers: FastifyInstance[],
  sessions: Session[],
  checkAccess: boolean,
): Promise<string[]> {
  const found: string[] = [];
  // Sessions are checked side by side (each one in order: a revived chain is followed).
  await Promise.all(
    sessions.map(async (s, i) => {
      if (checkAccess) {
        for (const token of s.access) {
          for (const app of checkers) {
            const res = await app.inject({ method: 'GET', url: '/protected', headers: bearer(token) });
            if (res.statusCode !== 401) found.push(`session ${i}: access token #${s.access.indexOf(token)} answered ${res.statusCode}`);
          }
        }
      }
      for (const app of refreshers) {
        for (const token of s.refresh.filter((r) => !s.spent.has(r))) {
          s.spent.add(token);
          const res = await app.inject({ method: 'POST', url: '/refresh', payload: { refresh_token: token } });
          if (res.statusCode !== 401) {
            found.push(`session ${i}: unspent refresh token #${s.refresh.indexOf(token)} answered ${res.statusCode}`);
            if (res.statusCode === 200) {
              const pair = res.json<Pair>();
              s.refresh.push(pair.refresh_token);
              const me = await app.inject({ method: 'GET', url: '/protected', headers: bearer(pair.access_token) });
              if (me.statusCode === 200) found.push(`session ${i}: a revived access token works`);
            }
          }
        }
      }
    }),
  );
  return found;
}

export interface Setup {
  label: string;
  /** The instance(s) that refresh, and the one that logs out / changes the password. */
  refresher: TestApp;
  revoker: TestApp;
}

export async function setup(t: TestContext, redis: boolean): Promise<Setup> {
  if (!redis) {
    const one = await buildTestApp(t, { env: FAST_ENV });
    return { label: DB, refresher: one, revoker: one };
  }
  const env = { ...FAST_ENV, ...redisEnv(t) };
  const database = await freshDatabase(t);
  const a = await buildTestApp(t, { env, build: { database } });
  const b = await buildTestApp(t, { env, build: { database } });
  return { label: `${DB} + Redis, two instances`, refresher: a, revoker: b };
}

export function advanceAll(s: Setup, ms: number): void {
  s.refresher.clock.advance(ms);
  if (s.revoker !== s.refresher) s.revoker.clock.advance(ms);
}

/** Past every deny-list entry: access TTL + clock tolerance + the +1 s margin, and a bit. */
export const pastDenyList = (s: Setup) => (s.revoker.config.jwtAccessTtl + s.revoker.config.jwtClockToleranceSec + 3) * 1000;
