/**
 * Counters for fixed-window rate limits. The window a hit falls in is computed by the caller
 * from the injectable clock and is part of the key, so both stores agree on time, tests can move
 * the clock, and Redis expiry is only garbage collection.
 */
import type { Redis } from 'ioredis';
import { ServiceUnavailable } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';

export interface RateLimitStore {
  /** Adds `by` (negative to give a hit back) to the counter `key`, which may be forgotten after `ttlMs`; returns the new count. */
  add(key: string, by: number, ttlMs: number): Promise<number>;
  get(key: string): Promise<number>;
  close(): Promise<void>;
}

/** One process: a Map swept now and then. Enough for a single instance; REDIS_URL shares counters. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly counters = new Map<string, { count: number; expiresAt: number }>();
  private opsSinceSweep = 0;

  constructor(
    private readonly clock: Clock,
    private readonly sweepEvery = 10_000,
  ) {}

  async add(key: string, by: number, ttlMs: number): Promise<number> {
    const now = this.clock();
    this.maybeSweep(now);
    const entry = this.counters.get(key);
    if (!entry || entry.expiresAt <= now) {
      this.counters.set(key, { count: by, expiresAt: now + ttlMs });
      return by;
    }
    entry.count += by;
    return entry.count;
  }

  async get(key: string): Promise<number> {
    const entry = this.counters.get(key);
    return entry && entry.expiresAt > this.clock() ? entry.count : 0;
  }

  /** Expired windows are dropped in batches, so memory follows the number of active clients, not history. */
  private maybeSweep(now: number): void {
    if (++this.opsSinceSweep < this.sweepEvery) return;
    this.opsSinceSweep = 0;
    for (const [key, entry] of this.counters) if (entry.expiresAt <= now) this.counters.delete(key);
  }

  get size(): number {
    return this.counters.size;
  }

  async close(): Promise<void> {
    this.counters.clear();
  }
}

/** Shared counters: INCRBY and PEXPIRE in one round trip, atomic per key. */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async add(key: string, by: number, ttlMs: number): Promise<number> {
    const k = `${this.prefix}rl:${key}`;
    return unavailableOnError(async () => {
      const res = await this.redis.multi().incrby(k, by).pexpire(k, ttlMs).exec();
      const [err, value] = res?.[0] ?? [new Error('rate limit transaction aborted'), null];
      if (err) throw err;
      return Number(value);
    });
  }

  async get(key: string): Promise<number> {
    return unavailableOnError(async () => Number((await this.redis.get(`${this.prefix}rl:${key}`)) ?? 0));
  }

  async close(): Promise<void> {}
}

/** A limit that cannot be counted is not waived: the request gets 503 (fail closed), not a generic 500. */
async function unavailableOnError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw Object.assign(ServiceUnavailable('Rate limit store unavailable, try again shortly'), { cause: err });
  }
}
