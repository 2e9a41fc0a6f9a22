/** All SQL about the recipe_tags table (migration 005): a recipe's tags, the ?tag= filter and GET /tags counts. Takes the Kysely instance (or a transaction) first. */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../lib/db.js';
import { visibilityFilter, type VisibleTo } from './search/filters.js';

/**
 * The condition "the recipe has every one of these tags", for a WHERE on `recipes`: one
 * `id IN (SELECT recipe_id FROM recipe_tags WHERE tag = ?)` per tag. Each subquery is a range of
 * the recipe_tags primary key (tag, recipe_id), so the database either drives the query from the
 * rarest tag's rows or checks each candidate recipe by a key lookup, on SQLite and PostgreSQL.
 * `tags` must be normalised (recipe-tags.ts) and non-empty.
 */
export function hasAllTags(tags: readonly string[]): RawBuilder<boolean> {
  const one = (tag: string) => sql<boolean>`id IN (SELECT recipe_id FROM recipe_tags WHERE tag = ${tag})`;
  return tags.slice(1).reduce((cond, tag) => sql<boolean>`${cond} AND ${one(tag)}`, one(tags[0]!));
}

/** Tag counts over the recipes `visibleTo` may see (the rule: search/filters.ts visibilityFilter). */
async function countsVisible(db: Db, limit: number, offset: number, visibleTo: VisibleTo) {
  const visible = db
    .selectFrom('recipe_tags')
    .innerJoin('recipes', 'recipes.id', 'recipe_tags.recipe_id')
    .where(visibilityFilter(visibleTo));
  const [rows, total] = await Promise.all([
    visible
      .select(['tag', (eb) => eb.fn.countAll<number>().as('recipes')])
      .groupBy('tag')
      .orderBy('recipes', 'desc')
      .orderBy('tag', 'asc')
      .limit(limit)
      .offset(offset)
      .execute(),
    visible.select((eb) => eb.fn.count<number>('tag').distinct().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((r) => ({ tag: r.tag, recipes: Number(r.recipes) })), total: Number(total.n) };
}

export const recipeTagsRepository = {
  /** Makes `tags` the recipe's set of tags (call inside the transaction that writes recipes.tags). */
  async replace(db: Db, recipeId: number, tags: readonly string[]): Promise<void> {
    await db.deleteFrom('recipe_tags').where('recipe_id', '=', recipeId).execute();
    if (tags.length > 0)
      await db
        .insertInto('recipe_tags')
        .values(tags.map((tag) => ({ tag, recipe_id: recipeId })))
        .execute();
  },

  /** Every tag with the number of recipes carrying it, most used first, then by name. */
  async counts(
    db: Db,
    limit: number,
    offset: number,
    visibleTo?: VisibleTo,
  ): Promise<{ rows: { tag: string; recipes: number }[]; total: number }> {
    if (visibleTo) return countsVisible(db, limit, offset, visibleTo);
    const [rows, total] = await Promise.all([
      db
        .selectFrom('recipe_tags')
        .select(['tag', (eb) => eb.fn.countAll<number>().as('recipes')])
        .groupBy('tag')
        .orderBy('recipes', 'desc')
        .orderBy('tag', 'asc')
        .limit(limit)
        .offset(offset)
        .execute(),
      db
        .selectFrom('recipe_tags')
        .select((eb) => eb.fn.count<number>('tag').distinct().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows: rows.map((r) => ({ tag: r.tag, recipes: Number(r.recipes) })), total: Number(total.n) };
  },
};
