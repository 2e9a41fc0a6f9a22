/**
 * The JSON text of recipes, written without the schema serializer (issue 15). A recipe's
 * `ingredient_lines` are most of its bytes, and fast-json-stringify serializes their nullable
 * fields (anyOf) by validating each value; that cost 0.9 ms of a listing's 1.8 ms
 * (scratch measurement in the README). The stored parse is kept in exactly the response's form
 * (ingredient-lines.ts, `storedLine`), so the text of a recipe is its flat fields given to
 * JSON.stringify with the stored lines spliced in unparsed. The contract helper
 * (test/helpers/contract.ts) checks every such response of the suite against the Recipe schema.
 */
import type { RecipeRow } from '../../db/tables.js';
import { parseTagsColumn } from '../tags/tags.normalise.js';
import { ingredientLinesJson } from './ingredient-lines.js';

/** The media type these texts are sent with (Fastify sends a string with a JSON type as it is). */
export const JSON_TYPE = 'application/json; charset=utf-8';

/** One recipe as the JSON text of the Recipe schema (stored form: no scaling). */
export function recipeJson(row: RecipeRow): string {
  const flat = JSON.stringify({
    id: row.id, title: row.title, ingredients: row.ingredients, time_minutes: row.time_minutes,
    instructions: row.instructions, servings: row.servings, source_url: row.source_url, image_url: row.image_url,
    owner_id: row.owner_id, created_at: row.created_at, updated_at: row.updated_at, tags: parseTagsColumn(row.tags),
  });
  // `flat` ends with the closing brace of the object; the picture (stored as its JSON text,
  // migration 016) and the lines go just before it.
  return `${flat.slice(0, -1)},"image":${row.image ?? 'null'},"ingredient_lines":${ingredientLinesJson(row)}}`;
}

/** A page of recipes as the JSON text of RecipeList; `text` writes one recipe (recipeJson, or a kept text: recipe-json-cache.ts). */
export function recipeListJson<R>(rows: readonly R[], text: (row: R) => string): string {
  return `[${rows.map(text).join(',')}]`;
}
