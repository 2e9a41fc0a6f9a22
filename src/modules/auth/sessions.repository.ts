/** All SQL about refresh-token families and revoked access tokens. */
import type { Db } from '../../lib/db.js';

export const sessionsRepository = {
  async insertRefreshToken(
    db: Db,
    row: { tokenHash: string; familyId: string; userId: number; sessionVersion: number; expiresAt: number; createdAt: string },
  ): Promise<void> {
    await db
      .insertInto('refresh_tokens')
      .values({
        token_hash: row.tokenHash,
        family_id: row.familyId,
        user_id: row.userId,
        session_version: row.sessionVersion,
        expires_at: row.expiresAt,
        created_at: row.createdAt,
      })
      .execute();
  },

  findRefreshToken(db: Db, tokenHash: string) {
    return db
      .selectFrom('refresh_tokens')
      .select(['id', 'family_id', 'user_id', 'session_version', 'expires_at', 'spent', 'revoked'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  /** True when any token of the family was revoked (logout, reuse detection, password change). */
  async isFamilyRevoked(db: Db, familyId: string): Promise<boolean> {
    const row = await db
      .selectFrom('refresh_tokens')
      .select('id')
      .where('family_id', '=', familyId)
      .where('revoked', '=', 1)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Marks the token spent only if nobody else did first; true for the one caller that won. */
  async spendRefreshToken(db: Db, id: number): Promise<boolean> {
    const res = await db
      .updateTable('refresh_tokens')
      .set({ spent: 1 })
      .where('id', '=', id)
      .where('spent', '=', 0)
      .where('revoked', '=', 0)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  async revokeFamily(db: Db, familyId: string): Promise<void> {
    await db.updateTable('refresh_tokens').set({ revoked: 1 }).where('family_id', '=', familyId).execute();
  },

  async revokeAllOfUser(db: Db, userId: number): Promise<void> {
    await db.updateTable('refresh_tokens').set({ revoked: 1 }).where('user_id', '=', userId).execute();
  },

  async deleteExpiredRefreshTokens(db: Db, nowSec: number): Promise<void> {
    await db.deleteFrom('refresh_tokens').where('expires_at', '<', nowSec).execute();
  },

  async insertRevocations(db: Db, ids: string[], expiresAt: number): Promise<void> {
    if (ids.length === 0) return;
    await db
      .insertInto('revoked_tokens')
      .values(ids.map((jti) => ({ jti, expires_at: expiresAt })))
      .onConflict((oc) => oc.column('jti').doNothing())
      .execute();
  },

  async anyRevoked(db: Db, ids: string[], nowSec: number): Promise<boolean> {
    const row = await db
      .selectFrom('revoked_tokens')
      .select('jti')
      .where('jti', 'in', ids)
      .where('expires_at', '>=', nowSec)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  async deleteExpiredRevocations(db: Db, nowSec: number): Promise<void> {
    await db.deleteFrom('revoked_tokens').where('expires_at', '<', nowSec).execute();
  },
};
