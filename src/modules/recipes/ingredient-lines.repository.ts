/** SQL of the re-parse of stored ingredient lines (migration 006). */
import { sql } from 'kysely';
import type { Db } from '../../lib/db.js';

export const ingredientLinesRepository = {
  /** Up to `limit` recipes above `afterId` whose stored parse is not from `version`, by id. */
  outdated(db: Db, version: string, afterId: number, limit: number) {
    return (
      db
        .selectFrom('recipes')
        .select(['id', 'version', 'ingredients', 'ingredient_lines', 'parser_version'])
        // A walk of the primary key from afterId (no index on parser_version, see migration 006).
        .where(sql<boolean>`(parser_version IS NULL OR parser_version <> ${version})`)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute()
    );
  },

  /**
   * Stores a new parse, only if the recipe is still the version that was parsed (a concurrent
   * update of its ingredients wins). The parse is derived data: neither `version` (the ETag)
   * nor `updated_at` moves.
   */
  async store(db: Db, id: number, version: number, columns: { ingredient_lines: string; parser_version: string }): Promise<boolean> {
    const res = await db.updateTable('recipes').set(columns).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  },
};
