/**
 * Brute-force limits of the auth rules, all in fixed windows (config.rateLimit):
 * - failed logins per username: a hit is reserved before the password is checked and given back
 *   on success, so N parallel guesses cannot all slip past the check; the key is the username as
 *   typed (lower-cased), whether or not such a user exists, so a 429 tells nothing about existence;
 * - failed logins per client address: counted after a failure (a burst of parallel successful
 *   logins from one address, e.g. a benchmark, never trips it);
 * - registrations per client address: every attempt counts.
 */
import type { Config } from '../../config.js';
import { TooManyRequests } from '../../errors.js';
import type { RateLimiter, RateLimitResult, RateLimitRule } from '../rate-limit/rate-limiter.js';

export class AuthThrottle {
  private readonly loginUser: RateLimitRule;
  private readonly loginIp: RateLimitRule;
  private readonly register: RateLimitRule;

  constructor(private readonly limiter: RateLimiter, limits: Config['rateLimit']) {
    this.loginUser = { name: 'login-user', limit: limits.loginPerUser, windowSec: limits.loginWindowSec };
    this.loginIp = { name: 'login-ip', limit: limits.loginPerIp, windowSec: limits.loginWindowSec };
    this.register = { name: 'register-ip', limit: limits.registerPerIp, windowSec: limits.registerWindowSec };
  }

  /** Before any password work: 429 when the address or the username is out of attempts; returns the reservation. */
  async beforeLogin(username: string, clientIp: string): Promise<RateLimitResult> {
    const ip = await this.limiter.peek(this.loginIp, clientIp);
    if (!ip.allowed) throw TooManyRequests(ip.retryAfterSec, 'Too many failed login attempts, try again later');
    const user = await this.limiter.hit(this.loginUser, username.toLowerCase());
    if (!user.allowed) throw TooManyRequests(user.retryAfterSec, 'Too many failed login attempts, try again later');
    return user;
  }

  async loginFailed(clientIp: string): Promise<void> {
    await this.limiter.hit(this.loginIp, clientIp);
  }

  async loginSucceeded(reservation: RateLimitResult): Promise<void> {
    await this.limiter.refund(this.loginUser, reservation);
  }

  async beforeRegister(clientIp: string): Promise<void> {
    const res = await this.limiter.hit(this.register, clientIp);
    if (!res.allowed) throw TooManyRequests(res.retryAfterSec, 'Too many registrations from this address, try again later');
  }
}
