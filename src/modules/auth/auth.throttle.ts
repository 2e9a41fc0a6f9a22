/**
 * Brute-force limits of the auth rules, all in fixed windows (config.rateLimit). Every check of
 * a password someone typed is limited twice, per account and per client address:
 * - logins: per username as typed (lower-cased), whether or not such a user exists, so a 429
 *   tells nothing about existence, and per address;
 * - password changes (`PUT /me/password`, checking `current_password`): per user and per address,
 *   in counters of their own, so a stolen access token cannot be used to guess the password;
 * - registrations per client address: every attempt counts.
 *
 * For the password checks a hit is reserved on both counters before the Argon2 work and given
 * back when the password was right, so N parallel guesses cannot all slip past the check (the
 * counts are atomic in either store), and only failures use up the limit. An attempt refused
 * with 429 gives back what it reserved: it was never evaluated.
 */
import type { Config } from '../../config.js';
import { TooManyRequests } from '../../errors.js';
import type { RateLimiter, RateLimitResult, RateLimitRule } from '../rate-limit/rate-limiter.js';

/** The hits an attempt holds while its password is checked. */
export interface PasswordCheckReservation {
  account: RateLimitResult;
  address: RateLimitResult;
  rules: [RateLimitRule, RateLimitRule];
}

export class AuthThrottle {
  private readonly loginUser: RateLimitRule;
  private readonly loginIp: RateLimitRule;
  private readonly passwordUser: RateLimitRule;
  private readonly passwordIp: RateLimitRule;
  private readonly register: RateLimitRule;

  constructor(
    private readonly limiter: RateLimiter,
    limits: Config['rateLimit'],
  ) {
    this.loginUser = { name: 'login-user', limit: limits.loginPerUser, windowSec: limits.loginWindowSec };
    this.loginIp = { name: 'login-ip', limit: limits.loginPerIp, windowSec: limits.loginWindowSec };
    this.passwordUser = { name: 'password-user', limit: limits.passwordPerUser, windowSec: limits.passwordWindowSec };
    this.passwordIp = { name: 'password-ip', limit: limits.passwordPerIp, windowSec: limits.passwordWindowSec };
    this.register = { name: 'register-ip', limit: limits.registerPerIp, windowSec: limits.registerWindowSec };
  }

  /** Before any password work: 429 when the address or the username is out of attempts. */
  beforeLogin(username: string, clientIp: string): Promise<PasswordCheckReservation> {
    return this.reserve(this.loginIp, clientIp, this.loginUser, username.toLowerCase(), 'Too many failed login attempts, try again later');
  }

  /** Before checking `current_password`: 429 when the user or the address is out of attempts. */
  beforePasswordCheck(userId: number, clientIp: string): Promise<PasswordCheckReservation> {
    return this.reserve(this.passwordIp, clientIp, this.passwordUser, String(userId), 'Too many failed password checks, try again later');
  }

  /** The password was right: the attempt does not count. A wrong one keeps its hits. */
  async succeeded(reservation: PasswordCheckReservation): Promise<void> {
    const [addressRule, accountRule] = reservation.rules;
    await Promise.all([this.limiter.refund(addressRule, reservation.address), this.limiter.refund(accountRule, reservation.account)]);
  }

  async beforeRegister(clientIp: string): Promise<void> {
    const res = await this.limiter.hit(this.register, clientIp);
    if (!res.allowed) throw TooManyRequests(res.retryAfterSec, 'Too many registrations from this address, try again later');
  }

  private async reserve(
    addressRule: RateLimitRule,
    ip: string,
    accountRule: RateLimitRule,
    account: string,
    message: string,
  ): Promise<PasswordCheckReservation> {
    const address = await this.limiter.hit(addressRule, ip);
    if (!address.allowed) {
      await this.limiter.refund(addressRule, address);
      throw TooManyRequests(address.retryAfterSec, message);
    }
    const accountHit = await this.limiter.hit(accountRule, account);
    if (!accountHit.allowed) {
      await Promise.all([this.limiter.refund(addressRule, address), this.limiter.refund(accountRule, accountHit)]);
      throw TooManyRequests(accountHit.retryAfterSec, message);
    }
    return { account: accountHit, address, rules: [addressRule, accountRule] };
  }
}
