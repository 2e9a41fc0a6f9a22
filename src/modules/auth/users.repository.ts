/** All SQL about users. Takes the Kysely instance (or a transaction) first; never sees HTTP. */
import type { Kysely } from 'kysely';
import { isPostgres } from '../../db/migrations/dialect.js';
import type { UserRow } from '../../db/tables.js';
import { isUniqueViolation, type Db } from '../../lib/db.js';

export { isUniqueViolation };

export const usersRepository = {
  async insert(db: Db, user: { username: string; passwordHash: string; createdAt: string }): Promise<number> {
    const row = await db
      .insertInto('users')
      .values({
        username: user.username,
        username_key: user.username.toLowerCase(),
        password_hash: user.passwordHash,
        created_at: user.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  },

  findByUsername(db: Db, username: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('username_key', '=', username.toLowerCase()).executeTakeFirst();
  },

  findById(db: Db, id: number): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** Bumps the session version, so every access token issued before is refused; returns the new one. */
  async bumpSessionVersion(db: Db, id: number): Promise<number> {
    const row = await db
      .updateTable('users')
      .set((eb) => ({ session_version: eb('session_version', '+', 1) }))
      .where('id', '=', id)
      .returning('session_version')
      .executeTakeFirstOrThrow();
    return Number(row.session_version);
  },

  /** Only what per-request authentication needs: existence and the session version. */
  findSessionVersion(db: Db, id: number): Promise<{ session_version: number } | undefined> {
    return db.selectFrom('users').select('session_version').where('id', '=', id).executeTakeFirst();
  },

  /**
   * Inside a transaction: takes the lock that serialises everything that issues or revokes the
   * user's sessions, and returns the session version under it. PostgreSQL: a row lock on the user
   * (`share` for issuing, so refreshes of different sessions run side by side; `update` for
   * revoking, which must wait for every issue in flight and block new ones until it commits).
   * SQLite: nothing to take, transactions begin IMMEDIATE and so already hold the write lock.
   */
  async lockSessions(trx: Db, id: number, mode: 'share' | 'update'): Promise<{ session_version: number } | undefined> {
    let query = trx.selectFrom('users').select('session_version').where('id', '=', id);
    if (isPostgres(trx as Kysely<unknown>)) query = mode === 'share' ? query.forShare() : query.forUpdate();
    const row = await query.executeTakeFirst();
    return row && { session_version: Number(row.session_version) };
  },

  async updatePasswordHash(db: Db, id: number, passwordHash: string): Promise<void> {
    await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
  },
};
