/**
 * The per-request "does this user still exist, with this session version?" answer. With a TTL of
 * 0 every request asks the database (exact: a deleted user is refused at once). With a TTL the
 * answer is kept in memory; that is only used where revocations arrive by notification (Redis),
 * because then a password change elsewhere is refused through the store's session-version floor,
 * and a cached entry whose version differs from the token's is always re-read. What the TTL
 * delays is only an out-of-band change, such as a user row deleted by hand.
 */
import { BoundedMap } from '../../lib/bounded-map.js';
import type { Clock } from '../../lib/clock.js';

export interface UserState {
  sessionVersion: number;
}

export class UserStateCache {
  private readonly entries: BoundedMap<number, { state: UserState | undefined; expiresAt: number }>;
  private readonly loading = new Map<number, Promise<UserState | undefined>>();

  constructor(
    private readonly load: (userId: number) => Promise<UserState | undefined>,
    private readonly ttlMs: number,
    private readonly clock: Clock,
    maxEntries = 100_000,
  ) {
    this.entries = new BoundedMap(maxEntries);
  }

  /** The user's state, re-read from the database unless a fresh entry agrees with `expectedVersion`. */
  async get(userId: number, expectedVersion: number): Promise<UserState | undefined> {
    if (this.ttlMs <= 0) return this.load(userId);
    const hit = this.entries.get(userId);
    if (hit && hit.expiresAt > this.clock() && hit.state?.sessionVersion === expectedVersion) return hit.state;
    // One database read per user at a time, however many requests miss together.
    let pending = this.loading.get(userId);
    if (!pending) {
      pending = this.load(userId).finally(() => this.loading.delete(userId));
      this.loading.set(userId, pending);
    }
    const state = await pending;
    this.remember(userId, state);
    return state;
  }

  /** Forgets a user now (e.g. after this process changed its password). */
  forget(userId: number): void {
    this.entries.delete(userId);
  }

  private remember(userId: number, state: UserState | undefined): void {
    this.entries.set(userId, { state, expiresAt: this.clock() + this.ttlMs });
  }
}
