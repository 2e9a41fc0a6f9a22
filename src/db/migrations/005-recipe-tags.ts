import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * Tags. A recipe's tags are stored twice, written together in one transaction:
 * - `recipes.tags`, a JSON array of the normalised tags, so every recipe read (page, by id)
 *   has them without a join;
 * - `recipe_tags(tag, recipe_id)`, one row per tag, whose primary key is the index that
 *   `GET /recipes?tag=` filters by and `GET /tags` counts with. `recipe_id` has its own index
 *   for the delete of a recipe's old tags (and the cascade when a recipe goes).
 * Existing recipes get no tags. SQLite: edits of recipe_tags move the recipes change counter
 * (migration 002), so cached listings notice even a tag changed by hand.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .alterTable('recipes')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema
    .createTable('recipe_tags')
    .addColumn('tag', 'varchar(40)', (c) => c.notNull())
    .addColumn('recipe_id', 'integer', (c) => c.notNull().references('recipes.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('recipe_tags_pkey', ['tag', 'recipe_id'])
    // SQLite: the table is its primary key's b-tree, so a tag's recipes are one range of it.
    .$call((b) => (pg ? b : b.modifyEnd(sql`WITHOUT ROWID`)))
    .execute();
  await db.schema.createIndex('recipe_tags_recipe_idx').on('recipe_tags').column('recipe_id').execute();
  if (!pg) {
    for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER cc_recipe_tags_${event.toLowerCase()} AFTER ${event} ON recipe_tags BEGIN
        UPDATE change_counters SET n = n + 1 WHERE name = 'recipes'; END`,
        )
        .execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) {
    for (const event of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER IF EXISTS cc_recipe_tags_${event}`).execute(db);
  }
  await db.schema.dropTable('recipe_tags').ifExists().execute();
  await db.schema.alterTable('recipes').dropColumn('tags').execute();
}
