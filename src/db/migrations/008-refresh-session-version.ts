import { sql, type Kysely } from 'kysely';

/**
 * Each refresh token remembers the user's session version it was issued under. A refresh is
 * refused when the user's version has moved on since (a password change), even if the token's
 * row escaped the revocation that went with it. Existing tokens take their user's current
 * version, so nobody is logged out by the upgrade.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('refresh_tokens')
    .addColumn('session_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`UPDATE refresh_tokens SET session_version = (SELECT u.session_version FROM users u WHERE u.id = refresh_tokens.user_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refresh_tokens').dropColumn('session_version').execute();
}
