/** All SQL of account administration: users and roles, password-reset codes, and an account's removal. Takes the Kysely instance (or a transaction) first. */
import type { Kysely } from 'kysely';
import { isPostgres } from '../../db/migrations/dialect.js';
import type { Db } from '../../lib/db.js';

export interface AdminUserRow {
  id: number;
  username: string;
  role: 'admin' | 'member';
  household_id: number | null;
  created_at: string;
}

export const adminRepository = {
  roleOf(db: Db, userId: number): Promise<{ role: 'admin' | 'member'; household_id: number | null } | undefined> {
    return db.selectFrom('users').select(['role', 'household_id']).where('id', '=', userId).executeTakeFirst();
  },

  listUsers(db: Db, limit: number, offset: number): Promise<AdminUserRow[]> {
    return db
      .selectFrom('users')
      .select(['id', 'username', 'role', 'household_id', 'created_at'])
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
  },

  async countUsers(db: Db): Promise<number> {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /**
   * Inside a transaction: the admins' ids, their rows locked (PostgreSQL: FOR UPDATE, so two
   * removals or demotions of the last two admins are decided one after the other; SQLite
   * transactions already hold the write lock).
   */
  async lockAdmins(trx: Db): Promise<number[]> {
    let q = trx.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id');
    if (isPostgres(trx as Kysely<unknown>)) q = q.forUpdate();
    return (await q.execute()).map((r) => r.id);
  },

  async setRole(db: Db, userId: number, role: 'admin' | 'member'): Promise<void> {
    await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
  },

  /** Another member of the household (the oldest account), to take over a removed account's shared recipes. */
  async otherMember(db: Db, householdId: number, userId: number): Promise<number | undefined> {
    const row = await db
      .selectFrom('users')
      .select('id')
      .where('household_id', '=', householdId)
      .where('id', '<>', userId)
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  },

  async deleteUser(db: Db, userId: number): Promise<boolean> {
    const res = await db.deleteFrom('users').where('id', '=', userId).executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  },

  async deleteHouseholdIfEmpty(db: Db, householdId: number): Promise<void> {
    await db
      .deleteFrom('households')
      .where('id', '=', householdId)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('users').select('id').where('household_id', '=', householdId))))
      .execute();
  },

  async insertReset(db: Db, r: { codeHash: string; userId: number; createdBy: number; expiresAt: number }): Promise<void> {
    await db
      .insertInto('password_resets')
      .values({ code_hash: r.codeHash, user_id: r.userId, created_by: r.createdBy, expires_at: r.expiresAt })
      .execute();
  },

  findReset(db: Db, codeHash: string): Promise<{ user_id: number; used_at: string | null; expires_at: number } | undefined> {
    return db
      .selectFrom('password_resets')
      .select(['user_id', 'used_at', 'expires_at'])
      .where('code_hash', '=', codeHash)
      .executeTakeFirst();
  },

  /** Spends a reset code: one conditional UPDATE, so of two spends exactly one wins. The account's id, or undefined. */
  async spendReset(db: Db, codeHash: string, at: string, nowSec: number): Promise<number | undefined> {
    const row = await db
      .updateTable('password_resets')
      .set({ used_at: at })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowSec)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id;
  },
};
