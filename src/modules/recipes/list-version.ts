/**
 * Tells the list cache (recipes.service.ts) whether a cached answer is still current: a token
 * that changes with every committed write to recipes, read before an answer is served.
 *
 * - SQLite: counters bumped by triggers in the same transaction as the write (migration 002), so
 *   writes by any process, or by hand, are seen at once.
 * - PostgreSQL with Redis: a counter in Redis that every instance increments after it commits a
 *   write and before it answers. A write through any instance is seen by every instance as soon
 *   as the writer has its response. Writes that bypass the service (psql), or a counter that could
 *   not be incremented (Redis away at that moment), are covered by a maximum age instead.
 * - PostgreSQL without Redis: other instances' writes cannot be seen, so nothing is cached.
 */
import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';

export interface ListVersion {
  /** The current token; undefined means "do not use the cache now" (its source is unavailable). */
  current(): string | undefined | Promise<string | undefined>;
  /** Called after this process committed a write to recipes, before the client hears of it. */
  written(): Promise<void>;
  /** The longest a cached answer may be served (ms); Infinity when every write moves the token. */
  maxAgeMs: number;
}

/** Longest a list answer is served on PostgreSQL + Redis, for writes the counter did not see. */
export const SHARED_LIST_MAX_AGE_MS = 5_000;

export function sqliteListVersion(token: () => string): ListVersion {
  return { current: token, written: async () => {}, maxAgeMs: Infinity };
}

export function redisListVersion(redis: Redis, key: string, log: FastifyBaseLogger): ListVersion {
  return {
    async current() {
      try {
        return (await redis.get(key)) ?? '0';
      } catch {
        return undefined;
      }
    },
    async written() {
      try {
        await redis.incr(key);
      } catch (err) {
        // The write itself is committed and stays; other instances may serve their cached
        // answers for up to maxAgeMs. (This instance skips its cache while Redis is away.)
        log.warn({ err }, 'could not publish a recipe change to Redis; other instances may list stale results for a few seconds');
      }
    },
    maxAgeMs: SHARED_LIST_MAX_AGE_MS,
  };
}
