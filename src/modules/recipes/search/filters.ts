/** What a listing asks for, as both databases' searches read it: filters, text filters, the sort. */
import { sql, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../../db/tables.js';
import type { Dialect } from '../../../lib/db.js';
import { foldCase } from '../../../lib/fold.js';
import type { RecipeSort } from '../recipes.schemas.js';
import { hasAllTags } from '../recipe-tags.repository.js';

export interface RecipeFilters {
  ingredient?: string;
  q?: string;
  maxTime?: number;
  ownerId?: number;
  /** Normalised tags (tags.normalise.ts); a recipe must have every one. */
  tags?: string[];
  /**
   * Only the recipes this caller may see (visibilityFilter); absent when the caller sees every
   * recipe (no recipe is anything but public), and the summaries may then count for them.
   */
  visibleTo?: VisibleTo;
  sort: RecipeSort;
  limit: number;
  offset: number;
}

/** Who asks, for the visibility rule: the caller and the members of their household (the caller included). */
export interface VisibleTo {
  userId: number;
  members: readonly number[];
}

/**
 * The visibility rule as a WHERE on `recipes`: public, or the caller's own, or a household
 * recipe of a member of the caller's household. Raw: an OR of three terms over a bound list,
 * read by both databases alike.
 */
export function visibilityFilter(v: VisibleTo): RawBuilder<boolean> {
  const members = v.members.length > 0 ? v.members : [v.userId];
  return sql<boolean>`(visibility = 'public' OR owner_id = ${v.userId} OR (visibility = 'household' AND owner_id IN (${sql.join(members)})))`;
}

/**
 * The recipes the caller may not see: not public, and neither theirs nor a household recipe of
 * their household. `visibility <> 'public'` first, word for word the predicate of the partial
 * index recipes_not_public (migration 020), so both databases read only the non-public rows.
 */
export function hiddenFilter(v: VisibleTo): RawBuilder<boolean> {
  const members = v.members.length > 0 ? v.members : [v.userId];
  return sql<boolean>`visibility <> 'public' AND NOT (owner_id = ${v.userId} OR (visibility = 'household' AND owner_id IN (${sql.join(members)})))`;
}

/**
 * Whether a listing may be counted as "every match, less the hidden ones": the summaries count
 * every match, and the hidden part is read from the non-public rows alone (hiddenFilter).
 */
export const countsByDifference = (f: RecipeFilters): boolean =>
  f.visibleTo !== undefined && f.ownerId === undefined && !f.tags?.length && textFilters(f).length <= 1;

/** Filters the search summaries cannot count (they count every recipe by term and time): `mine`, `tag`, visibility. */
export const narrowed = (f: Pick<RecipeFilters, 'ownerId' | 'tags' | 'visibleTo'>): boolean =>
  f.ownerId !== undefined || (f.tags?.length ?? 0) > 0 || f.visibleTo !== undefined;

const SORT_COLUMNS = { created_at: 'created_at', time_minutes: 'time_minutes', title: 'title' } as const;

/**
 * A text filter as the database sees it: the term folded (src/lib/fold.ts) and the columns it
 * searches. Every search compares folded term with folded text (migration 007), so the index,
 * the count and the rows always agree on what matches.
 */
export interface TextFilter {
  term: string;
  columns: 'ingredients' | 'title ingredients';
}

export function textFilters(f: RecipeFilters): TextFilter[] {
  const out: TextFilter[] = [];
  if (f.ingredient !== undefined) out.push({ term: foldCase(f.ingredient), columns: 'ingredients' });
  if (f.q !== undefined) out.push({ term: foldCase(f.q), columns: 'title ingredients' });
  return out;
}

/**
 * The folded text of a recipe: the stored copy for non-ASCII text, lower() otherwise (migration
 * 007). Raw: the expression must match the one the trigram indexes are built on, word for word.
 */
export const FOLDED_TITLE = sql`coalesce(search_title, lower(title))`;
export const FOLDED_INGREDIENTS = sql`coalesce(search_ingredients, lower(ingredients))`;

/** The sort key's column and direction; `id` in the same direction breaks ties. */
export function sortOf(f: RecipeFilters) {
  const desc = f.sort.startsWith('-');
  return {
    column: SORT_COLUMNS[(desc ? f.sort.slice(1) : f.sort) as keyof typeof SORT_COLUMNS],
    direction: desc ? ('desc' as const) : ('asc' as const),
  };
}

/**
 * `?tag=` (all must match) and the visibility rule, the one place every listing, count and walk gets them from
 * (migration 005's recipe_tags primary key answers it; recipe-tags.repository.ts).
 */
export function applyTagFilter<QB extends { where(cond: RawBuilder<boolean>): QB }>(
  qb: QB,
  f: Pick<RecipeFilters, 'tags' | 'visibleTo'>,
): QB {
  if (f.visibleTo) qb = qb.where(visibilityFilter(f.visibleTo));
  return f.tags && f.tags.length > 0 ? qb.where(hasAllTags(f.tags)) : qb;
}

/**
 * ORDER BY the sort key, then `id` in the same direction. An unknown time (NULL) sorts after
 * every known time in both directions, in the order an index gives (migration 017): SQLite puts
 * NULL first ascending, so quickest first leads with `time_minutes IS NULL` (recipes_time_known_idx);
 * PostgreSQL puts it first descending, so longest first says NULLS LAST (recipes_time_desc_idx).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any selection: the helper only adds ORDER BY terms
export function orderBySort<QB extends SelectQueryBuilder<Database, 'recipes', any>>(qb: QB, dialect: Dialect, f: RecipeFilters): QB {
  const { column, direction } = sortOf(f);
  if (column === 'time_minutes' && dialect === 'sqlite' && direction === 'asc') qb = qb.orderBy(sql`time_minutes IS NULL`) as QB;
  if (column === 'time_minutes' && dialect === 'postgres' && direction === 'desc')
    qb = qb.orderBy(column, (ob) => ob.desc().nullsLast()) as QB;
  else qb = qb.orderBy(column, direction) as QB;
  return qb.orderBy('id', direction) as QB;
}
