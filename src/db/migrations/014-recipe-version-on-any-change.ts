import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

/**
 * SQLite only: a recipe's `version` moves with every change to what the API shows of it, also
 * when the change comes from outside the API (a hand edit, another tool). Changes through the API
 * move it themselves (recipes.repository.ts `update`); this trigger moves it for an UPDATE that
 * left it as it was. `"id-version"` is the recipe's ETag, and listings reuse a recipe's JSON
 * text while its (id, version, parser_version) is unchanged (recipe-json-cache.ts), so
 * one version must mean one content. Storing a new parse (ingredient-reparse.ts: new
 * ingredient_lines with a new parser_version) shows the same recipe and keeps the version; a
 * changed parse under the same parser_version is a hand edit and moves it. SQLite runs no trigger
 * from within itself (recursive triggers are off), and the inner UPDATE changes the version, so
 * it ends there.
 */
const SHOWN = [
  'title',
  'ingredients',
  'time_minutes',
  'instructions',
  'servings',
  'source_url',
  'image_url',
  'owner_id',
  'created_at',
  'updated_at',
  'tags',
];
const changed = [
  ...SHOWN.map((c) => `new.${c} IS NOT old.${c}`),
  '(new.ingredient_lines IS NOT old.ingredient_lines AND new.parser_version IS old.parser_version)',
].join(' OR ');

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql
    .raw(
      `CREATE TRIGGER recipes_version_au AFTER UPDATE ON recipes WHEN new.version IS old.version AND (${changed})
    BEGIN UPDATE recipes SET version = old.version + 1 WHERE id = new.id; END`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) return;
  await sql`DROP TRIGGER IF EXISTS recipes_version_au`.execute(db);
}
