/**
 * Where revoked access tokens are remembered until they would expire anyway. Keys are ids
 * (`jti`, or `sid:<family>` for a whole session), never raw tokens. The database store is the
 * default; a Redis store shares the state across instances when REDIS_URL is set.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/tables.js';
import { sessionsRepository } from './sessions.repository.js';
import type { Clock } from './tokens.js';

export interface RevocationStore {
  /** True when the access token (by jti) or its session family is revoked. */
  isRevoked(jti: string, sid: string): Promise<boolean>;
  /** Revokes a token and/or a session until `expiresAt` (epoch seconds). */
  revoke(entries: { jti?: string; sid?: string }, expiresAt: number): Promise<void>;
  close(): Promise<void>;
}

export const sessionKey = (sid: string) => `sid:${sid}`;

export class DatabaseRevocationStore implements RevocationStore {
  constructor(private readonly db: Kysely<Database>, private readonly clock: Clock) {}

  isRevoked(jti: string, sid: string): Promise<boolean> {
    return sessionsRepository.anyRevoked(this.db, [jti, sessionKey(sid)], Math.floor(this.clock() / 1000));
  }

  async revoke(entries: { jti?: string; sid?: string }, expiresAt: number): Promise<void> {
    const ids = [entries.jti, entries.sid && sessionKey(entries.sid)].filter((x): x is string => !!x);
    await sessionsRepository.insertRevocations(this.db, ids, expiresAt);
  }

  async close(): Promise<void> {}
}
