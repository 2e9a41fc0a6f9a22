import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * Pictures of recipes, kept in the database by default so every instance serves them and backups
 * include them (src/modules/images/image-store.ts).
 *
 * `image_sets`: one per distinct picture (its id is a hash of its variants' hashes), with the
 * size of its largest variant and the public description of its variants (JSON). A set is
 * inserted in the same transaction that links a recipe to it, and removed once no recipe links
 * to it; taking its row lock first orders the two (images.repository.ts).
 *
 * `image_variants`: the immutable, content-addressed encoded bytes of a set, one per width. The
 * key is (hash, set_id), not the hash alone, so two sets that happen to share one variant never
 * remove each other's bytes.
 *
 * `recipes.image_set` links a recipe to its picture; `recipes.image` is the JSON the API shows
 * for it (`image` of a Recipe), kept on the row so a recipe is still read in one row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const blob = isPostgres(db) ? 'bytea' : 'blob';
  await db.schema
    .createTable('image_sets')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('variants', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('image_variants')
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('set_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('bytes', sql.raw(blob), (c) => c.notNull())
    .addColumn('created_at', 'varchar(40)', (c) => c.notNull())
    .addPrimaryKeyConstraint('image_variants_pk', ['hash', 'set_id'])
    .execute();
  await db.schema.createIndex('image_variants_set').on('image_variants').column('set_id').execute();
  await db.schema.alterTable('recipes').addColumn('image_set', 'varchar(64)').execute();
  await db.schema.alterTable('recipes').addColumn('image', 'text').execute();
  await db.schema.createIndex('recipes_image_set').on('recipes').column('image_set').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('recipes_image_set').execute();
  await db.schema.alterTable('recipes').dropColumn('image').execute();
  await db.schema.alterTable('recipes').dropColumn('image_set').execute();
  await db.schema.dropTable('image_variants').execute();
  await db.schema.dropTable('image_sets').execute();
}
