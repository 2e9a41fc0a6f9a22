import type { Kysely } from 'kysely';

/**
 * Accounts signed in through an OpenID Connect provider (src/modules/oidc): one row per
 * (issuer, subject), the pair the provider guarantees to be stable and never reassigned, and so the
 * only thing an account is linked by (never an e-mail address, which a user can often set to
 * anything at the provider). The primary key makes a second account for the same subject
 * impossible, whatever the race; (user_id, issuer) is unique too, so an account holds at most
 * one identity of a provider, and the index serves the cascade when a user is deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oidc_identities')
    .addColumn('issuer', 'varchar(500)', (c) => c.notNull())
    .addColumn('subject', 'varchar(255)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('oidc_identities_pk', ['issuer', 'subject'])
    .execute();
  await db.schema.createIndex('oidc_identities_user').unique().on('oidc_identities').columns(['user_id', 'issuer']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('oidc_identities').execute();
}
