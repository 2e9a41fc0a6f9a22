/**
 * The JSON text of recipes, written without the schema serializer, for speed. A recipe's
 * `ingredient_lines` are most of its bytes, and fast-json-stringify serializes their nullable
 * fields (anyOf) by validating each value; that cost 0.9 ms of a listing's 1.8 ms
 * (a scratch measurement; the figures are in README.md's git history). The stored parse is kept in exactly the response's form
 * (ingredient-lines.ts, `storedLine`), so the text of a recipe is its flat fields given to
 * JSON.stringify with the stored lines spliced in unparsed. The contract helper
 * (test/helpers/contract.ts) checks every such response of the suite against the Recipe schema.
 */
import type { RecipeRow } from '../../db/tables.js';
import { parseTagsColumn } from './recipe-tags.js';
import { ingredientLinesJson } from './ingredient-lines.js';

/** The media type these texts are sent with (Fastify sends a string with a JSON type as it is). */
export const JSON_TYPE = 'application/json; charset=utf-8';

/** One recipe as the JSON text of the Recipe schema (stored form: no scaling). */
export function recipeJson(row: RecipeRow): string {
  return recipeJsonWithLines(row, ingredientLinesJson(row));
}

/** The same with the JSON text of its lines given (made in a worker for a long outdated parse). */
export function recipeJsonWithLines(row: RecipeRow, linesJson: string): string {
  // The flat text ends with the closing brace of the object; the lines go just before it.
  return `${flatJson(row, row.servings).slice(0, -1)},"ingredient_lines":${linesJson}}`;
}

function flatJson(row: RecipeRow, servings: number | null): string {
  return withImage(
    JSON.stringify({
      id: row.id,
      title: row.title,
      ingredients: row.ingredients,
      time_minutes: row.time_minutes,
      instructions: row.instructions,
      servings,
      source_url: row.source_url,
      image_url: row.image_url,
      owner_id: row.owner_id,
      visibility: row.visibility,
      created_at: row.created_at,
      updated_at: row.updated_at,
      tags: parseTagsColumn(row.tags),
    }),
    row.image,
  );
}

/** An object's JSON text with `image` added: the picture's JSON as stored (migration 016), or null. */
function withImage(json: string, image: string | null): string {
  return `${json.slice(0, -1)},"image":${image ?? 'null'}}`;
}

/**
 * A scaled and/or converted view as the JSON text of the Recipe schema: `servings` the servings
 * asked for, the view's lines (JSON text made in a worker for long recipes) and `scaling`.
 */
export function recipeViewJson(
  row: RecipeRow,
  linesJson: string,
  servings: number | null,
  scaling: { factor: number; original_servings: number | null; units: 'metric' | 'us' | null },
): string {
  return `${flatJson(row, servings).slice(0, -1)},"ingredient_lines":${linesJson},"scaling":${JSON.stringify(scaling)}}`;
}

/** The columns a summary is made of (RecipeSummary): none of the heavy ones. */
export const SUMMARY_COLUMNS = [
  'id',
  'title',
  'time_minutes',
  'servings',
  'source_url',
  'image_url',
  'image',
  'owner_id',
  'visibility',
  'created_at',
  'updated_at',
  'tags',
] as const;
export type SummaryRow = Pick<RecipeRow, (typeof SUMMARY_COLUMNS)[number]>;

/** One recipe as the JSON text of the RecipeSummary schema (GET /recipes?fields=summary): a card's fields, without ingredients, instructions or their parse. */
export function recipeSummaryJson(row: SummaryRow): string {
  return withImage(
    JSON.stringify({
      id: row.id,
      title: row.title,
      time_minutes: row.time_minutes,
      servings: row.servings,
      source_url: row.source_url,
      image_url: row.image_url,
      owner_id: row.owner_id,
      visibility: row.visibility,
      created_at: row.created_at,
      updated_at: row.updated_at,
      tags: parseTagsColumn(row.tags),
    }),
    row.image,
  );
}

/** A page of recipes as the JSON text of RecipeList; `text` writes one recipe (recipeJson, or a kept text: recipe-json-cache.ts). */
export function recipeListJson<R>(rows: readonly R[], text: (row: R) => string): string {
  return `[${rows.map(text).join(',')}]`;
}
