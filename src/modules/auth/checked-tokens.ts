/** The per-process memory of access tokens that passed every check (AuthService.recentlyChecked). */
import { BoundedMap } from '../../lib/bounded-map.js';
import type { AccessClaims } from './tokens.js';

/**
 * Tokens that passed every check, remembered with the database change token of that moment. A
 * hit skips signature verification and both lookups; it is exact, because any write to users or
 * revocations (a logout, a password change, a deleted user) changes the token and forces a full check.
 */
export class CheckedTokens {
  private readonly entries = new BoundedMap<string, { claims: AccessClaims; changeToken: string }>(10_000);

  get(token: string, changeToken: string): AccessClaims | undefined {
    const hit = this.entries.get(token);
    return hit && hit.changeToken === changeToken ? hit.claims : undefined;
  }

  set(token: string, claims: AccessClaims, changeToken: string): void {
    this.entries.set(token, { claims, changeToken });
  }
}
