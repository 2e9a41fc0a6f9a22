import { sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  const idCol = (col: ColumnDefinitionBuilder) => (pg ? col.generatedByDefaultAsIdentity().primaryKey() : col.primaryKey().autoIncrement());

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', idCol)
    .addColumn('username', 'varchar(80)', (c) => c.notNull())
    .addColumn('username_key', 'varchar(80)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('session_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('recipes')
    .addColumn('id', 'integer', idCol)
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('ingredients', 'text', (c) => c.notNull())
    .addColumn('time_minutes', 'integer', (c) => c.notNull())
    .addColumn('instructions', 'text')
    .addColumn('servings', 'integer')
    .addColumn('source_url', 'text')
    .addColumn('image_url', 'text')
    .addColumn('owner_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('recipes_created_idx').on('recipes').columns(['created_at', 'id']).execute();
  await db.schema.createIndex('recipes_time_idx').on('recipes').columns(['time_minutes', 'id']).execute();
  await db.schema.createIndex('recipes_title_idx').on('recipes').columns(['title', 'id']).execute();
  await db.schema.createIndex('recipes_owner_idx').on('recipes').columns(['owner_id', 'created_at']).execute();

  if (pg) {
    // Substring search (`ingredient`, `q`) uses trigram GIN indexes instead of scanning every row.
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE INDEX recipes_ingredients_trgm ON recipes USING gin (ingredients gin_trgm_ops)`.execute(db);
    await sql`CREATE INDEX recipes_title_trgm ON recipes USING gin (title gin_trgm_ops)`.execute(db);
  } else {
    // Substring search on SQLite: an FTS5 trigram index kept in step by triggers.
    await sql`CREATE VIRTUAL TABLE recipes_fts USING fts5(title, ingredients, content='recipes', content_rowid='id', tokenize='trigram')`.execute(
      db,
    );
    await sql`CREATE TRIGGER recipes_fts_ai AFTER INSERT ON recipes BEGIN
      INSERT INTO recipes_fts(rowid, title, ingredients) VALUES (new.id, new.title, new.ingredients); END`.execute(db);
    await sql`CREATE TRIGGER recipes_fts_ad AFTER DELETE ON recipes BEGIN
      INSERT INTO recipes_fts(recipes_fts, rowid, title, ingredients) VALUES ('delete', old.id, old.title, old.ingredients); END`.execute(
      db,
    );
    await sql`CREATE TRIGGER recipes_fts_au AFTER UPDATE OF title, ingredients ON recipes BEGIN
      INSERT INTO recipes_fts(recipes_fts, rowid, title, ingredients) VALUES ('delete', old.id, old.title, old.ingredients);
      INSERT INTO recipes_fts(rowid, title, ingredients) VALUES (new.id, new.title, new.ingredients); END`.execute(db);
  }

  await db.schema
    .createTable('refresh_tokens')
    .addColumn('id', 'integer', idCol)
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('family_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('spent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('refresh_tokens_family_idx').on('refresh_tokens').column('family_id').execute();
  await db.schema.createIndex('refresh_tokens_user_idx').on('refresh_tokens').column('user_id').execute();

  await db.schema
    .createTable('revoked_tokens')
    .addColumn('jti', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('revoked_tokens_exp_idx').on('revoked_tokens').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('revoked_tokens').ifExists().execute();
  await db.schema.dropTable('refresh_tokens').ifExists().execute();
  if (!isPostgres(db)) await sql`DROP TABLE IF EXISTS recipes_fts`.execute(db);
  await db.schema.dropTable('recipes').ifExists().execute();
  await db.schema.dropTable('users').ifExists().execute();
}
