import { Redis } from 'ioredis';
import fp from 'fastify-plugin';

/**
 * The shared Redis client when REDIS_URL is set (state shared by several instances), else
 * `app.redis` is undefined. Tuned to fail fast rather than queue: while Redis is away every
 * command errors at once (the request gets 503), and the client keeps reconnecting in the
 * background, so the service recovers by itself when Redis comes back.
 */
export default fp(async (app) => {
  const url = app.config.redisUrl;
  if (!url) {
    app.decorate('redis', undefined);
    return;
  }
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    // Reconnect forever with a capped backoff: an outage must not need a restart.
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  });
  let lastLogged = 0;
  redis.on('error', (err) => {
    // Without a listener ioredis would print every reconnect failure; log at most every 10 s.
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      app.log.warn({ err }, 'redis unavailable');
    }
  });
  try {
    await redis.connect();
  } catch (err) {
    // Starting while Redis is down is allowed: /health says 503 until it is reachable.
    app.log.warn({ err }, 'redis not reachable at start; will keep retrying');
  }
  app.decorate('redis', redis);
  app.addHook('onClose', async () => {
    redis.disconnect();
  });
}, { name: 'redis' });

/** True when the error means Redis is not answering right now (the request gets 503). */
export function isRedisUnavailable(err: unknown): boolean {
  const e = err as { name?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (e.name === 'MaxRetriesPerRequestError') return true;
  return typeof e.message === 'string' && /Stream isn't writeable and enableOfflineQueue|Connection is closed|Command timed out/.test(e.message);
}
