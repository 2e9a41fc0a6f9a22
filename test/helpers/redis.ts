/** Redis for the tests that need it: 127.0.0.1:6379, a unique key prefix per app, keys deleted afterwards. */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { TestContext } from 'node:test';
import { Redis } from 'ioredis';

export const REDIS_URL = 'redis://127.0.0.1:6379';
export const REDIS_SKIP = 'Redis not reachable at 127.0.0.1:6379';

/** True when something answers PING at 127.0.0.1:6379 within a second. */
export function redisReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: 6379 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** Environment for an app on Redis with a fresh key prefix; the prefix's keys are deleted after the test. */
export function redisEnv(
  t: Pick<TestContext, 'after'>,
  prefix = `test:${process.pid}:${randomBytes(4).toString('hex')}:`,
): Record<string, string> {
  t.after(() => deleteKeys(prefix));
  return { REDIS_URL, REDIS_KEY_PREFIX: prefix };
}

export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
