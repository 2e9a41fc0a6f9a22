/** All SQL about households, membership, roles of new accounts and invitations. Takes the Kysely instance (or a transaction) first. */
import type { Kysely } from 'kysely';
import { isPostgres } from '../../db/migrations/dialect.js';
import type { Db } from '../../lib/db.js';

export interface MemberRow {
  id: number;
  username: string;
  role: 'admin' | 'member';
}

export const householdsRepository = {
  async create(db: Db, name: string, createdAt: string): Promise<number> {
    const row = await db.insertInto('households').values({ name, created_at: createdAt }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  },

  findById(db: Db, id: number): Promise<{ id: number; name: string } | undefined> {
    return db.selectFrom('households').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  },

  async rename(db: Db, id: number, name: string): Promise<void> {
    await db.updateTable('households').set({ name }).where('id', '=', id).execute();
  },

  async delete(db: Db, id: number): Promise<void> {
    await db.deleteFrom('households').where('id', '=', id).execute();
  },

  /** The user's household id and name; undefined for an unknown user, household_id null for one without. */
  userHousehold(db: Db, userId: number): Promise<{ household_id: number | null; username: string } | undefined> {
    return db.selectFrom('users').select(['household_id', 'username']).where('id', '=', userId).executeTakeFirst();
  },

  /**
   * Inside a transaction: locks the user rows (PostgreSQL: FOR UPDATE, in id order so two
   * membership changes cannot deadlock; SQLite transactions already hold the write lock) and
   * returns their household ids.
   */
  async lockUsers(trx: Db, ids: number[]): Promise<Map<number, number | null>> {
    let q = trx
      .selectFrom('users')
      .select(['id', 'household_id'])
      .where(
        'id',
        'in',
        [...new Set(ids)].sort((a, b) => a - b),
      )
      .orderBy('id');
    if (isPostgres(trx as Kysely<unknown>)) q = q.forUpdate();
    const rows = await q.execute();
    return new Map(rows.map((r) => [r.id, r.household_id]));
  },

  /** Inside a transaction: locks a household's row (PostgreSQL), so its membership is counted and changed by one transaction at a time. */
  async lockHousehold(trx: Db, id: number): Promise<void> {
    if (isPostgres(trx as Kysely<unknown>)) await trx.selectFrom('households').select('id').where('id', '=', id).forUpdate().execute();
  },

  async setHousehold(db: Db, userId: number, householdId: number): Promise<void> {
    await db.updateTable('users').set({ household_id: householdId }).where('id', '=', userId).execute();
  },

  /** Gives `householdId` to the user only while they have none (a lazy first household; a race creates at most one winner). */
  async setHouseholdIfNone(db: Db, userId: number, householdId: number): Promise<boolean> {
    const res = await db
      .updateTable('users')
      .set({ household_id: householdId })
      .where('id', '=', userId)
      .where('household_id', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },

  members(db: Db, householdId: number): Promise<MemberRow[]> {
    return db.selectFrom('users').select(['id', 'username', 'role']).where('household_id', '=', householdId).orderBy('id').execute();
  },

  /** The ids of the members of the user's household (just the user when they have none). */
  async memberIdsOf(db: Db, userId: number): Promise<number[]> {
    const rows = await db
      .selectFrom('users as me')
      .innerJoin('users as m', 'm.household_id', 'me.household_id')
      .select('m.id')
      .where('me.id', '=', userId)
      .execute();
    return rows.length > 0 ? rows.map((r) => r.id).sort((a, b) => a - b) : [userId];
  },

  async countMembers(db: Db, householdId: number): Promise<number> {
    const row = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('household_id', '=', householdId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  },

  /** Whether any user other than `userId` exists (the first account of an installation becomes its admin). */
  async anyOtherUser(db: Db, userId: number): Promise<boolean> {
    const row = await db.selectFrom('users').select('id').where('id', '<>', userId).limit(1).executeTakeFirst();
    return row !== undefined;
  },

  /** PostgreSQL, inside a transaction: serialises the "is this the first account?" decision of concurrent registrations. */
  async lockFirstAccountDecision(trx: Db): Promise<void> {
    if (isPostgres(trx as Kysely<unknown>))
      await trx.selectNoFrom((eb) => eb.fn<number>('pg_advisory_xact_lock', [eb.val(20_020_001)]).as('l')).execute();
  },

  async setRole(db: Db, userId: number, role: 'admin' | 'member'): Promise<void> {
    await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
  },

  async insertInvitation(
    db: Db,
    inv: {
      codeHash: string;
      kind: 'household' | 'admin';
      householdId: number | null;
      createdBy: number;
      createdAt: string;
      expiresAt: number;
    },
  ): Promise<void> {
    await db
      .insertInto('invitations')
      .values({
        code_hash: inv.codeHash,
        kind: inv.kind,
        household_id: inv.householdId,
        created_by: inv.createdBy,
        created_at: inv.createdAt,
        expires_at: inv.expiresAt,
      })
      .execute();
  },

  /**
   * Spends an invitation of one of `kinds`: one conditional UPDATE, so of two spends of one code
   * exactly one changes the row. Returns the spent invitation, or undefined if none was spent.
   */
  async spendInvitation(
    db: Db,
    codeHash: string,
    kinds: ('household' | 'admin')[],
    usedBy: number,
    at: string,
    nowSec: number,
  ): Promise<{ kind: 'household' | 'admin'; household_id: number | null } | undefined> {
    return db
      .updateTable('invitations')
      .set({ used_at: at, used_by: usedBy })
      .where('code_hash', '=', codeHash)
      .where('kind', 'in', kinds)
      .where('used_at', 'is', null)
      .where('expires_at', '>', nowSec)
      .returning(['kind', 'household_id'])
      .executeTakeFirst();
  },

  /** An invitation as it is, to tell an unknown code from a spent or expired one. */
  findInvitation(db: Db, codeHash: string): Promise<{ kind: 'household' | 'admin'; household_id: number | null } | undefined> {
    return db.selectFrom('invitations').select(['kind', 'household_id']).where('code_hash', '=', codeHash).executeTakeFirst();
  },
};
