import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';
import * as m014 from './014-recipe-version-on-any-change.js';

/**
 * A recipe's `version` (its ETag, and the key of its kept JSON text: recipe-json-cache.ts) moves
 * with every change to what the API shows of it, also when the change comes from outside the API.
 *
 * - SQLite: migration 014's trigger did not know the columns added since: `visibility`
 *   (migration 020) and `image` (the picture's JSON, migration 016). A hand edit of either left the
 *   version as it was, so a listing served the kept text of the old state and a conditional GET
 *   answered 304 for it. The trigger is made again with them.
 * - PostgreSQL had no such trigger (only changes through the API moved the version, which every
 *   write of the service does in the same statement). A BEFORE UPDATE trigger now does the same
 *   as SQLite's for an UPDATE that leaves the version as it was; an UPDATE that moves it (every
 *   write of the service) does not run the function at all.
 *
 * As in 014, storing a new parse under a new parser_version (ingredient-reparse.ts) shows the same
 * recipe and keeps the version; a changed parse under the same parser_version moves it.
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
  'image',
  'visibility',
];

const sqliteChanged = [
  ...SHOWN.map((c) => `new.${c} IS NOT old.${c}`),
  '(new.ingredient_lines IS NOT old.ingredient_lines AND new.parser_version IS old.parser_version)',
].join(' OR ');

const pgChanged = [
  ...SHOWN.map((c) => `NEW.${c} IS DISTINCT FROM OLD.${c}`),
  '(NEW.ingredient_lines IS DISTINCT FROM OLD.ingredient_lines AND NEW.parser_version IS NOT DISTINCT FROM OLD.parser_version)',
].join(' OR ');

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`CREATE FUNCTION recipes_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.version := OLD.version + 1; RETURN NEW; END $$`.execute(db);
    await sql
      .raw(
        `CREATE TRIGGER recipes_version_bu BEFORE UPDATE ON recipes FOR EACH ROW
        WHEN (NEW.version IS NOT DISTINCT FROM OLD.version AND (${pgChanged})) EXECUTE FUNCTION recipes_version_bump()`,
      )
      .execute(db);
    return;
  }
  await sql`DROP TRIGGER IF EXISTS recipes_version_au`.execute(db);
  await sql
    .raw(
      `CREATE TRIGGER recipes_version_au AFTER UPDATE ON recipes WHEN new.version IS old.version AND (${sqliteChanged})
    BEGIN UPDATE recipes SET version = old.version + 1 WHERE id = new.id; END`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP TRIGGER IF EXISTS recipes_version_bu ON recipes`.execute(db);
    await sql`DROP FUNCTION IF EXISTS recipes_version_bump()`.execute(db);
    return;
  }
  // Migration 014's trigger as it was, made by 014 itself (020's down drops `visibility`, which this one names).
  await sql`DROP TRIGGER IF EXISTS recipes_version_au`.execute(db);
  await m014.up(db);
}
