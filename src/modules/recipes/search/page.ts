/** What a listing reads of each row of its page, on both databases (see PageShape). */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, RecipeRow } from '../../../db/tables.js';
import type { Db } from '../../../lib/db.js';
import type { RecipeKey } from '../recipe-json-cache.js';

/**
 * SQLite: the recipes change counter (migration 002) in the statement's own snapshot (see
 * recipe-json-cache.ts). Raw: a scalar subquery inside another statement's select list.
 */
export const RECIPES_COUNTER = sql<number>`(SELECT n FROM change_counters WHERE name = 'recipes')`;
export const COUNTER_COLUMN = RECIPES_COUNTER.as('at');
export const KEY_COLUMNS = ['id', 'version', 'parser_version'] as const;

/**
 * What a listing reads of each row of its page: every column (`rows`), or only the key of the
 * row's stored state (`keys`: id, version, parser_version) when the caller keeps the recipes'
 * JSON texts (recipe-json-cache.ts) and fetches only the rows it lacks (findByIdsSqlite). A page
 * of keys also gives `at`, the recipes change counter in the page's own snapshot; where that
 * alone proves the kept texts current (a summarised term's page with nothing waiting for the
 * index: sqliteSummaries.pageIds) its rows are ids only, without a version.
 */
export type PageShape = 'rows' | 'keys';
export type PageKey = Pick<RecipeKey, 'id'> & Partial<RecipeKey>;
export type PageRow<S extends PageShape> = S extends 'keys' ? PageKey : RecipeRow;
export interface Page<S extends PageShape> {
  rows: PageRow<S>[];
  total: number;
  at?: number;
}

/** The recipes table with the columns of a page of the given shape. */
export function pageSelect(db: Db, shape: PageShape) {
  const from = db.selectFrom('recipes');
  // Typed as whole rows either way; callers read only the columns of their shape.
  return (shape === 'keys' ? from.select([...KEY_COLUMNS, COUNTER_COLUMN]) : from.selectAll()) as SelectQueryBuilder<
    Database,
    'recipes',
    RecipeRow
  >;
}

/** A page's counter, from its first row (every row of a keys page carries the same one); undefined if there is none (no counter row). */
export const counterOf = (rows: readonly object[]) => {
  const at = (rows[0] as { at?: unknown } | undefined)?.at;
  return typeof at === 'number' ? at : undefined;
};
