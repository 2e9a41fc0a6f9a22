/** A recipe as an API object, and its scaled or converted views (GET /recipes/{id}?servings=, ?factor=, ?units=). */
import type { RecipeRow } from '../../db/tables.js';
import { BadRequest } from '../../errors.js';
import type { UnitSystemTarget } from '../ingredients/convert.js';
import { scaleFactor } from '../ingredients/scale.js';
import { viewLine } from '../ingredients/scaled-line.js';
import { ingredientLinesOf } from './ingredient-lines.js';
import { parseTagsColumn } from './recipe-tags.js';
import type { Recipe } from './recipes.schemas.js';

export function toRecipe(row: RecipeRow): Recipe {
  return {
    id: row.id,
    title: row.title,
    ingredients: row.ingredients,
    time_minutes: row.time_minutes,
    instructions: row.instructions,
    servings: row.servings,
    source_url: row.source_url,
    image_url: row.image_url,
    image: row.image ? (JSON.parse(row.image) as Recipe['image']) : null,
    owner_id: row.owner_id,
    visibility: row.visibility,
    created_at: row.created_at,
    updated_at: row.updated_at,
    tags: parseTagsColumn(row.tags),
    ingredient_lines: ingredientLinesOf(row).map((line) => ({ ...line, display: line.input })),
  };
}

export interface ViewQuery {
  servings?: number;
  factor?: number;
  units?: UnitSystemTarget;
}

/** What a scaled and/or converted view is: the factor and units to apply, and the fields it changes. */
export interface RecipeViewSpec {
  factor: number;
  units: UnitSystemTarget | undefined;
  servings: number | null;
  scaling: NonNullable<Recipe['scaling']>;
}

/**
 * GET /recipes/{id} with ?servings=, ?factor= or ?units=: the recipe with every ingredient line
 * scaled and/or converted (quantities rounded as displayed, `display` rewritten, `original`
 * kept), `servings` the servings asked for (unchanged with a factor), and `scaling` saying what
 * was done. `ingredients` is the stored text, unchanged. Undefined for the stored form (no view:
 * the route sends the stored recipe's JSON text, recipe-json.ts); 400 for a scale out of range.
 */
export function recipeView(row: RecipeRow, q: ViewQuery): RecipeViewSpec | undefined {
  if (q.servings === undefined && q.factor === undefined && q.units === undefined) return undefined;
  const scale = scaleFactor(q, row.servings);
  if ('error' in scale) throw BadRequest(scale.error);
  return {
    factor: scale.factor,
    units: q.units,
    servings: q.servings ?? row.servings,
    scaling: { factor: Number(scale.factor.toPrecision(6)), original_servings: row.servings, units: q.units ?? null },
  };
}

/** The view's recipe as an object (the same as the JSON text the route sends; tests compare them). */
export function recipeViewObject(row: RecipeRow, view: RecipeViewSpec): Recipe {
  return {
    ...toRecipe(row),
    servings: view.servings,
    ingredient_lines: ingredientLinesOf(row).map((line) => viewLine(line, view.factor, view.units)),
    scaling: view.scaling,
  };
}
