/** The SQL of recipes' rows: insert, read, update, delete (search is in search/). Takes the Kysely instance (or a transaction) first; never sees HTTP. */
import { CompiledQuery, sql } from 'kysely';
import type { NewRecipeRow, RecipeRow, RecipeUpdate } from '../../db/tables.js';
import type { Db } from '../../lib/db.js';
import { storedFold } from '../../lib/fold.js';
import { SUMMARY_COLUMNS, type SummaryRow } from './recipe-json.js';
import { COUNTER_COLUMN, counterOf } from './search/page.js';

/** The folded copies a recipe stores for search (migration 007), for the fields given. */
function withFolds<T extends { title?: string | null | undefined; ingredients?: string | null | undefined }>(row: T) {
  const out: T & { search_title?: string | null; search_ingredients?: string | null } = { ...row };
  if (typeof row.title === 'string') out.search_title = storedFold(row.title);
  if (typeof row.ingredients === 'string') out.search_ingredients = storedFold(row.ingredients);
  return out;
}

/**
 * SQLite: `id` is one of `ids`, given as one JSON array so the statement text is the same for
 * any number of ids. Raw: json_each is a table-valued function the builder cannot name.
 */
const idInJsonArray = (ids: readonly number[]) => sql<boolean>`id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;

/**
 * What the repository keeps for one database, between calls: built once per database by the
 * recipes plugin and passed explicitly to the calls that use it. Without one, nothing is remembered.
 */
export class RecipesRepositoryState {
  /** The SQL text of `insert` per set of columns (the same for the database and its transactions). */
  readonly insertSql = new Map<string, string>();
}

export const recipesRepository = {
  /**
   * One recipe, returned as stored. The hottest write: with `state`, Kysely builds and compiles
   * the statement once per set of columns, later calls only bind the values.
   */
  async insert(db: Db, recipe: NewRecipeRow, state?: RecipesRepositoryState): Promise<RecipeRow> {
    const row = withFolds(recipe);
    // Kysely leaves out columns whose value is undefined; so does the cache key.
    const columns = (Object.keys(row) as (keyof NewRecipeRow)[]).filter((c) => row[c] !== undefined);
    const key = columns.join(',');
    let text = state?.insertSql.get(key);
    if (text === undefined) {
      text = db.insertInto('recipes').values(row).returningAll().compile().sql;
      state?.insertSql.set(key, text);
    }
    const { rows } = await db.executeQuery<RecipeRow>(
      CompiledQuery.raw(
        text,
        columns.map((c) => row[c]),
      ),
    );
    if (!rows[0]) throw new Error('insert returned no row');
    return rows[0];
  },

  /** Bulk insert for seeding: one multi-row INSERT per call (callers batch and wrap in a transaction). */
  async insertMany(db: Db, rows: NewRecipeRow[]): Promise<void> {
    if (rows.length > 0) await db.insertInto('recipes').values(rows.map(withFolds)).execute();
  },

  /** Whether any recipe is not public. Raw: the literal predicate of the partial index recipes_not_public (migration 020), so both databases read that index alone. */
  async anyNotPublic(db: Db): Promise<boolean> {
    const row = await db
      .selectFrom('recipes')
      .select('id')
      .where(sql<boolean>`visibility <> 'public'`)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The columns a shopping list needs of many recipes, in one query (missing ones left out). */
  ingredientsByIds(db: Db, ids: readonly number[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db
      .selectFrom('recipes')
      .select(['id', 'owner_id', 'visibility', 'servings', 'ingredients', 'ingredient_lines', 'parser_version'])
      .where('id', 'in', ids)
      .execute();
  },

  findById(db: Db, id: number): Promise<RecipeRow | undefined> {
    return db.selectFrom('recipes').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /**
   * SQLite: the recipes with these ids, in no particular order (missing ones left out). One
   * statement text for any number of ids (a JSON array), so it is prepared once.
   */
  async findByIdsSqlite(db: Db, ids: readonly number[]): Promise<{ rows: RecipeRow[]; at?: number }> {
    if (ids.length === 0) return { rows: [] };
    const rows = await db.selectFrom('recipes').selectAll().select(COUNTER_COLUMN).where(idInJsonArray(ids)).execute();
    return { rows, at: counterOf(rows) };
  },

  /**
   * SQLite: the card columns (recipe-json.ts SUMMARY_COLUMNS) and version of the recipes with
   * these ids, with the snapshot's counter, like findByIdsSqlite but without the heavy columns.
   */
  async findSummariesByIdsSqlite(
    db: Db,
    ids: readonly number[],
  ): Promise<{ rows: (SummaryRow & Pick<RecipeRow, 'version'>)[]; at?: number }> {
    if (ids.length === 0) return { rows: [] };
    const rows = await db
      .selectFrom('recipes')
      .select([...SUMMARY_COLUMNS, 'version'])
      .select(COUNTER_COLUMN)
      .where(idInJsonArray(ids))
      .execute();
    return { rows, at: counterOf(rows) };
  },

  /** Updates the given fields; with `expectedVersion`, only if nobody changed the row meanwhile. */
  async update(db: Db, id: number, changes: RecipeUpdate, expectedVersion?: number): Promise<RecipeRow | undefined> {
    let qb = db
      .updateTable('recipes')
      .set((eb) => ({ ...withFolds(changes), version: eb('version', '+', 1) }))
      .where('id', '=', id);
    if (expectedVersion !== undefined) qb = qb.where('version', '=', expectedVersion);
    return qb.returningAll().executeTakeFirst();
  },

  /** Gives every recipe of `ownerId` that is not private to `heirId` (an account being removed); how many moved. */
  async passOnShared(db: Db, ownerId: number, heirId: number): Promise<number> {
    const res = await db
      .updateTable('recipes')
      .set((eb) => ({ owner_id: heirId, version: eb('version', '+', 1) }))
      .where('owner_id', '=', ownerId)
      .where('visibility', '<>', 'private')
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  },

  /** Deletes every recipe of `ownerId`; returns the picture sets they showed (the caller releases them). */
  async deleteAllOf(db: Db, ownerId: number): Promise<{ deleted: number; imageSets: string[] }> {
    const rows = await db.deleteFrom('recipes').where('owner_id', '=', ownerId).returning('image_set').execute();
    return { deleted: rows.length, imageSets: [...new Set(rows.flatMap((r) => (r.image_set ? [r.image_set] : [])))] };
  },

  async delete(db: Db, id: number, expectedVersion?: number): Promise<boolean> {
    let qb = db.deleteFrom('recipes').where('id', '=', id);
    if (expectedVersion !== undefined) qb = qb.where('version', '=', expectedVersion);
    const res = await qb.executeTakeFirst();
    return Number(res.numDeletedRows) === 1;
  },
};
