/** Fixed-window rate limits over a RateLimitStore, with the Retry-After each refusal needs. */
import type { Clock } from '../../lib/clock.js';
import type { RateLimitStore } from './rate-limit.stores.js';

export interface RateLimitRule {
  /** Namespace of the counters, e.g. `login-user`. */
  name: string;
  limit: number;
  windowSec: number;
}

export interface RateLimitResult {
  count: number;
  /** False once the count is above the limit. */
  allowed: boolean;
  /** Seconds until the current window ends (the Retry-After of a refusal). */
  retryAfterSec: number;
  /** The counter that was hit, so a reservation can be given back in the same window. */
  counter: string;
}

export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
  ) {}

  private window(rule: RateLimitRule, key: string) {
    const now = this.clock();
    const windowMs = rule.windowSec * 1000;
    const start = Math.floor(now / windowMs) * windowMs;
    return {
      counter: `${rule.name}:${key}:${start}`,
      retryAfterSec: Math.max(1, Math.ceil((start + windowMs - now) / 1000)),
      ttlMs: windowMs,
    };
  }

  /** Counts one hit (atomic: concurrent hits each get their own count). */
  async hit(rule: RateLimitRule, key: string): Promise<RateLimitResult> {
    const w = this.window(rule, key);
    const count = await this.store.add(w.counter, 1, w.ttlMs);
    return { count, allowed: count <= rule.limit, retryAfterSec: w.retryAfterSec, counter: w.counter };
  }

  /** Looks without counting: would one more hit be refused? */
  async peek(rule: RateLimitRule, key: string): Promise<RateLimitResult> {
    const w = this.window(rule, key);
    const count = await this.store.get(w.counter);
    return { count, allowed: count < rule.limit, retryAfterSec: w.retryAfterSec, counter: w.counter };
  }

  /** Gives back a hit taken by `hit` (e.g. a login attempt that turned out to be a success). */
  async refund(rule: RateLimitRule, result: RateLimitResult): Promise<void> {
    await this.store.add(result.counter, -1, rule.windowSec * 1000);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
