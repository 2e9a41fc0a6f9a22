/** What a listing asks for, as both databases' searches read it: filters, text filters, the sort. */
import { sql, type RawBuilder } from 'kysely';
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
  sort: RecipeSort;
  limit: number;
  offset: number;
}

const SORT_COLUMNS = { created_at: 'created_at', time_minutes: 'time_minutes', title: 'title' } as const;

/**
 * A text filter as the database sees it: the term folded (src/lib/fold.ts) and the columns it
 * searches. Every search compares folded term with folded text (migration 007), so the index,
 * the count and the rows always agree on what matches.
 */
export interface TextFilter { term: string; columns: 'ingredients' | 'title ingredients' }

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
  return { column: SORT_COLUMNS[(desc ? f.sort.slice(1) : f.sort) as keyof typeof SORT_COLUMNS], direction: desc ? 'desc' as const : 'asc' as const };
}

/**
 * `?tag=` (all must match), the one place every listing, count and walk gets it from
 * (migration 005's recipe_tags primary key answers it; recipe-tags.repository.ts).
 */
export function applyTagFilter<QB extends { where(cond: RawBuilder<boolean>): QB }>(qb: QB, f: Pick<RecipeFilters, 'tags'>): QB {
  return f.tags && f.tags.length > 0 ? qb.where(hasAllTags(f.tags)) : qb;
}
