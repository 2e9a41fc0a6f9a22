/** The rules a recipe write's input is held to before anything is stored: characters, line counts, an import's limits. */
import { AppError, BadRequest } from '../../errors.js';
import { refusedCharIn } from '../../lib/text-chars.js';
import { groupItems, splitIngredients, type IngredientGroup } from './ingredient-lines.js';
import type { IngredientWork } from './ingredient-work.js';
import { IngredientGroupInput, RecipeCreate, type RecipeUpdate } from './recipes.schemas.js';

/** 400 for a write with more ingredient lines than RECIPE_MAX_LINES allows. */
function tooManyLines(field: string, count: number, maxLines: number): AppError {
  const message = `has ${count} ingredient lines; a recipe may have at most ${maxLines} (RECIPE_MAX_LINES)`;
  return new AppError(400, 'VALIDATION_FAILED', `Invalid request: body.${field} ${message}`, {
    details: [{ path: `body.${field}`, message }],
  });
}

/**
 * The ingredient columns of a write: `ingredients` as given, or the flat join of
 * `ingredient_groups`, with their parse (migration 006), made by `work` for user `key` (in a
 * worker when the text is long). Undefined when neither is given.
 * A recipe has at most `maxLines` lines (RECIPE_MAX_LINES): every line's parse is stored and
 * sent with the recipe, several hundred bytes each, so a cap on characters alone lets 10,000
 * characters become 5,000 lines and most of a megabyte per recipe in every listing. Above it
 * the write is refused with 400 before anything is parsed; `lenient` (imports) keeps the first
 * `maxLines` lines instead.
 */
export async function ingredientColumns(
  work: IngredientWork,
  key: string,
  input: { ingredients?: string; ingredient_groups?: readonly IngredientGroup[] },
  maxLines: number,
  lenient = false,
) {
  if (input.ingredients !== undefined && input.ingredient_groups !== undefined)
    throw BadRequest('Give either ingredients or ingredient_groups, not both');
  if (input.ingredient_groups !== undefined) {
    let { ingredients, items } = groupItems(input.ingredient_groups, lenient);
    if (items.length > maxLines) {
      if (!lenient) throw tooManyLines('ingredient_groups', items.length, maxLines);
      items = items.slice(0, maxLines);
      ingredients = items.map((i) => i.text).join('\n');
    }
    return { ingredients, ...(await work.run('columnsOfItems', [items], ingredients.length, key)) };
  }
  if (input.ingredients !== undefined) {
    let text = input.ingredients;
    const lines = splitIngredients(text);
    if (lines.length > maxLines) {
      if (!lenient) throw tooManyLines('ingredients', lines.length, maxLines);
      text = lines.slice(0, maxLines).join('\n');
    }
    return { ingredients: text, ...(await work.run('columnsOfText', [text], text.length, key)) };
  }
  return undefined;
}

/** The text fields of a write that may span lines (line breaks and tabs allowed), src/lib/text-chars.ts. */
const MULTILINE_FIELDS = new Set(['ingredients', 'instructions']);

/**
 * Refuses, with 400 naming the field, a recipe text field holding a character no stored text may
 * hold (src/lib/text-chars.ts): NUL (PostgreSQL cannot store it, and it cuts SQLite's full-text
 * tokens short), other control characters (line breaks and tabs are fine in ingredients and
 * instructions), bidirectional controls and lone surrogates. Tags have their own rules.
 */
export function refuseBadChars(fields: RecipeCreate | RecipeUpdate): void {
  const issues: { path: string; char: string }[] = [];
  const check = (path: string, value: string | null | undefined, multiline: boolean) => {
    const bad = typeof value === 'string' ? refusedCharIn(value, multiline) : undefined;
    if (bad) issues.push({ path, char: bad.name });
  };
  for (const key of ['title', 'ingredients', 'instructions', 'source_url', 'image_url'] as const)
    check(`body.${key}`, fields[key], MULTILINE_FIELDS.has(key));
  fields.ingredient_groups?.forEach((g, i) => {
    check(`body.ingredient_groups.${i}.name`, g.name, false);
    g.ingredients.forEach((line, j) => check(`body.ingredient_groups.${i}.ingredients.${j}`, line, true));
  });
  const first = issues[0];
  if (first) {
    throw BadRequest(
      `Invalid request: ${first.path} must not contain ${first.char}`,
      issues.slice(0, 20).map((x) => ({ path: x.path, message: `must not contain ${x.char}` })),
    );
  }
}

/** What a create allows, read from its schema, so an import is held to exactly the same limits. */
const maxLengthOf = (schema: unknown): number => {
  const s = schema as { maxLength?: number; anyOf?: { maxLength?: number }[] };
  const max = s.maxLength ?? s.anyOf?.find((x) => x.maxLength !== undefined)?.maxLength;
  if (max === undefined) throw new Error('schema without maxLength');
  return max;
};
export const IMPORT_LIMITS = {
  title: maxLengthOf(RecipeCreate.properties.title),
  groupName: maxLengthOf(IngredientGroupInput.properties.name),
  line: maxLengthOf(IngredientGroupInput.properties.ingredients.items),
  instructions: maxLengthOf(RecipeCreate.properties.instructions),
};

/**
 * `text` cut to at most `max` characters, ending in "…" when it was cut (never inside a
 * surrogate pair), so the cut shows. Schemas count characters as code points, and a cut by
 * UTF-16 units never holds more code points than units.
 */
export function fitText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end).trimEnd()}…`;
}
