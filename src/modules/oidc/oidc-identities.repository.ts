/** All SQL about accounts' identities at OpenID Connect providers (migration 019). Takes the Kysely instance or a transaction first. */
import type { Db } from '../../lib/db.js';

export const oidcIdentitiesRepository = {
  async findUserId(db: Db, issuer: string, subject: string): Promise<number | undefined> {
    const row = await db
      .selectFrom('oidc_identities')
      .select('user_id')
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .executeTakeFirst();
    return row?.user_id;
  },

  async insert(db: Db, identity: { issuer: string; subject: string; userId: number; at: string }): Promise<void> {
    await db
      .insertInto('oidc_identities')
      .values({
        issuer: identity.issuer,
        subject: identity.subject,
        user_id: identity.userId,
        created_at: identity.at,
        last_sign_in_at: identity.at,
      })
      .execute();
  },

  async touch(db: Db, issuer: string, subject: string, at: string): Promise<void> {
    await db
      .updateTable('oidc_identities')
      .set({ last_sign_in_at: at })
      .where('issuer', '=', issuer)
      .where('subject', '=', subject)
      .execute();
  },
};
