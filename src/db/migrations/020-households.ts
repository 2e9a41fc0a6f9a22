import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * Households, roles, recipe visibility, invitations and password-reset codes (src/modules/households,
 * src/modules/admin).
 *
 * - `households`; every user gets `household_id` (NULL only for a row written by hand or by a
 *   seed script: the service gives such a user a household of their own when first asked). Each
 *   existing user gets a household of their own, named after them, with the user's id as its id.
 * - `users.role`: 'admin' or 'member'; the first user (lowest id) becomes the admin.
 * - `recipes.visibility`: 'public' (default, what every recipe was before), 'household' or
 *   'private'. `recipes_not_public` indexes only the recipes that are not public, so "is anything
 *   hidden from this caller?" and the hidden part of a count read those rows only.
 * - `invitations` (household or admin) and `password_resets`: one-time codes kept only as their
 *   SHA-256 hash; spending one is a conditional UPDATE, so two spends of one code cannot both win.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('households')
    .addColumn('id', isPostgres(db) ? 'serial' : 'integer', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('household_id', 'integer', (c) => c.references('households.id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('role', 'varchar(10)', (c) => c.notNull().defaultTo('member'))
    .execute();
  await db.schema.createIndex('users_household_idx').on('users').column('household_id').execute();
  await sql`INSERT INTO households (id, name, created_at) SELECT id, username, created_at FROM users`.execute(db);
  await sql`UPDATE users SET household_id = id`.execute(db);
  await sql`UPDATE users SET role = 'admin' WHERE id = (SELECT min(id) FROM users)`.execute(db);
  if (isPostgres(db)) {
    // The ids were given explicitly: the sequence starts after them.
    await sql`SELECT setval(pg_get_serial_sequence('households', 'id'), coalesce((SELECT max(id) FROM households), 0) + 1, false)`.execute(
      db,
    );
  }

  await db.schema
    .alterTable('recipes')
    .addColumn('visibility', 'varchar(10)', (c) => c.notNull().defaultTo('public'))
    .execute();
  // Raw: a partial index, which the schema builder writes only through `where` on both dialects alike.
  await sql`CREATE INDEX recipes_not_public ON recipes (owner_id, visibility) WHERE visibility <> 'public'`.execute(db);

  await db.schema
    .createTable('invitations')
    .addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('household_id', 'integer', (c) => c.references('households.id').onDelete('cascade'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'varchar(40)')
    .addColumn('used_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema
    .createTable('password_resets')
    .addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'varchar(40)')
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_resets').execute();
  await db.schema.dropTable('invitations').execute();
  await sql`DROP INDEX recipes_not_public`.execute(db);
  await db.schema.alterTable('recipes').dropColumn('visibility').execute();
  await db.schema.dropIndex('users_household_idx').execute();
  await db.schema.alterTable('users').dropColumn('role').execute();
  await db.schema.alterTable('users').dropColumn('household_id').execute();
  await db.schema.dropTable('households').execute();
}
