import type { Kysely } from 'kysely';

/**
 * Parsed ingredient lines: `recipes.ingredient_lines` holds the parse of every line of
 * `ingredients` (JSON: the parser's fields plus the line's group heading), `parser_version` the
 * PARSER_VERSION that made it. `ingredients` stays the source of truth. Existing rows start with
 * neither; the app parses every row whose version is not the current one, in batches at start
 * (recipes/ingredient-lines.ts), and a row not yet reached is parsed when it is read, so no
 * response ever shows a stale parse. The same happens after a parser change moves PARSER_VERSION.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('recipes').addColumn('ingredient_lines', 'text').execute();
  await db.schema.alterTable('recipes').addColumn('parser_version', 'varchar(40)').execute();
  // No index on parser_version: SQLite would pick a skip-scan of it for the search tail
  // (id > watermark) instead of the rowid range; the start-up re-parse walks the ids instead.
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('recipes').dropColumn('parser_version').execute();
  await db.schema.alterTable('recipes').dropColumn('ingredient_lines').execute();
}
