/** The rules of POST /parse/ingredients: parse each line in order; nothing is stored. */
import { parseIngredientLines } from './ingredient-parser.js';
import type { ParseIngredientsBody, ParseIngredientsResponse } from './ingredients.schemas.js';

export function parseIngredients(body: ParseIngredientsBody): ParseIngredientsResponse {
  return { ingredients: parseIngredientLines(body.ingredients) };
}
