import fp from 'fastify-plugin';
import { TooManyRequests } from '../../errors.js';
import { MemoryRateLimitStore, RedisRateLimitStore } from './rate-limit.stores.js';
import { RateLimiter, type RateLimitRule } from './rate-limiter.js';

/**
 * The rate limiter (counters in memory, or in Redis when REDIS_URL is set) and the optional
 * general per-client limit. The login and registration limits are auth rules and live in the
 * auth module; they use this limiter.
 *
 * Not @fastify/rate-limit: the login limit must count failures only and give a reservation back
 * on success, and every limit must follow the injectable clock; one small limiter does all three.
 *
 * The client is `request.ip`: the socket address, or the X-Forwarded-For hop that TRUST_PROXY
 * vouches for, so a client cannot pick its own key by sending the header.
 */
export default fp(
  async (app) => {
    const { config, clock } = app;
    const store = app.redis ? new RedisRateLimitStore(app.redis, config.redisKeyPrefix) : new MemoryRateLimitStore(clock);
    const limiter = new RateLimiter(store, clock);
    app.decorate('rateLimiter', limiter);
    app.addHook('onClose', async () => {
      await limiter.close();
    });

    const { globalPerIp, globalWindowSec } = config.rateLimit;
    if (globalPerIp > 0) {
      const rule: RateLimitRule = { name: 'global', limit: globalPerIp, windowSec: globalWindowSec };
      app.addHook('onRequest', async (request, reply) => {
        // Health probes come from load balancers, often many per second from one address.
        if (request.url === '/health') return;
        const res = await limiter.hit(rule, request.ip);
        reply.header('ratelimit-limit', globalPerIp);
        reply.header('ratelimit-remaining', Math.max(0, globalPerIp - res.count));
        reply.header('ratelimit-reset', res.retryAfterSec);
        if (!res.allowed) throw TooManyRequests(res.retryAfterSec);
      });
    }
  },
  { name: 'rate-limit', dependencies: ['redis'] },
);
