import fp from 'fastify-plugin';

/**
 * The optional shared Redis (REDIS_URL): rate-limit counters and the access-token deny-list live
 * there so several instances agree. Without REDIS_URL `app.redis` is null and every store falls
 * back to process memory or the database.
 */
export default fp(
  async (app) => {
    const url = app.config.redisUrl;
    if (!url) {
      app.decorate('redis', null);
      return;
    }
    // Loaded only when configured: most single-instance launches have no Redis.
    const { Redis } = await import('ioredis');
    const redis = new Redis(url, {
      lazyConnect: true,
      // Fail a command quickly while disconnected instead of queueing it behind a request: callers
      // decide whether that is a 503 (fail closed) or not.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 5_000,
      commandTimeout: 2_000,
    });
    redis.on('error', (err) => app.log.warn({ err }, 'redis error'));
    await redis.connect();
    app.decorate('redis', redis);
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  },
  { name: 'redis' },
);

/**
 * True when the error means Redis is not answering right now (offline queue refused, retries
 * used up, command timed out): the error handler answers 503 instead of 500.
 */
export function isRedisUnavailable(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  return (
    typeof e.message === 'string' && /Stream isn't writeable and enableOfflineQueue|Connection is closed|Command timed out/.test(e.message)
  );
}
