import { sql, type Kysely } from 'kysely';

/**
 * Imports of other apps' exports (src/modules/moving): one row per job, which the client follows
 * while the recipes are saved. `imported` and `skipped` are JSON arrays (the ids created, and
 * `{name, reason}` per recipe left out). The partial unique index allows one running job per user
 * whatever the race between two uploads, on SQLite and PostgreSQL alike. The index on
 * (owner_id, source_url) answers the re-run check ("is this source already in the account?")
 * without reading every recipe of the owner.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('format', 'varchar(20)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('imported', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('skipped', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('error', 'text')
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_jobs_user').on('import_jobs').columns(['user_id', 'created_at']).execute();
  await db.schema
    .createIndex('import_jobs_one_running')
    .unique()
    .on('import_jobs')
    .column('user_id')
    .where(sql.ref('status'), '=', 'running')
    .execute();
  await db.schema.createIndex('recipes_owner_source_idx').on('recipes').columns(['owner_id', 'source_url']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('recipes_owner_source_idx').execute();
  await db.schema.dropTable('import_jobs').execute();
}
