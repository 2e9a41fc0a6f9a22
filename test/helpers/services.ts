/**
 * Backends some tests need besides the database under test: a PostgreSQL-only test skips in
 * the SQLite pass (it runs in the PostgreSQL pass of `npm test`), and a Redis test skips with
 * a message when Redis is not running locally, but fails under CI=true where Redis must be up.
 */
import net from 'node:net';
import { testDatabaseUrl } from './build.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const ci = process.env.CI === 'true' || process.env.CI === '1';

/** `skip` option for tests that need PostgreSQL: false in the PostgreSQL pass, else the reason. */
export const needsPostgres: false | string = testDatabaseUrl
  ? false
  : 'needs PostgreSQL: runs in the PostgreSQL pass of npm test (TEST_DATABASE_URL)';

export function pgTarget(): { host: string; port: number } {
  const u = new URL(testDatabaseUrl!);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) };
}

/** The same PostgreSQL URL, but through another port on 127.0.0.1 (a TcpProxy). */
export function pgUrlVia(port: number): string {
  const u = new URL(testDatabaseUrl!);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

export function redisTarget(): { host: string; port: number } {
  const u = new URL(TEST_REDIS_URL);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 6379) };
}

/** Answers PONG within a second? Under CI a missing Redis throws instead of skipping. */
export async function redisSkipReason(): Promise<false | string> {
  const { host, port } = redisTarget();
  const ok = await new Promise<boolean>((resolve) => {
    const s = net.connect(port, host);
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(1000, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
  if (ok) return false;
  if (ci) throw new Error(`CI=true: Redis must be reachable at ${host}:${port}`);
  return `needs Redis at ${host}:${port} (start it, or set TEST_REDIS_URL)`;
}
