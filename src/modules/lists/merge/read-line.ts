/**
 * One ingredient line as the list sees it: the food (food-key.ts) and the amount (amounts.ts),
 * read from the parser's parse of the line (stored with a recipe, or made here for a typed line).
 * A line without an amount that names foods the table knows, joined by "and" ("salt and
 * pepper", "sal e pimenta-do-reino"), is each of them, so the pantry can leave out one or both.
 */
import { BoundedMap } from '../../../lib/bounded-map.js';
import { parseIngredientLine } from '../../ingredients/ingredient-parser.js';
import type { ParsedIngredient } from '../../ingredients/ingredient.types.js';
import { lineAmount, NO_AMOUNT, readAmount } from './amounts.js';
import { entryOfKey, foodOf, type Food } from './food-key.js';
import type { LineAmount } from './list-item.js';

export interface LineRead {
  food: Food;
  amount: LineAmount;
}

/** The parse of a line: the stored one when given, else the parser's. */
export const parsedOf = (line: string | ParsedIngredient): ParsedIngredient =>
  typeof line === 'string' ? parseIngredientLine(line) : line;

// Brazilian recipes name a spoon or a cup by its use: "1 colher (sopa) de azeite", "2 xícaras (chá)
// de farinha". The parser reads "xícara" as a cup and leaves "chá de" on the name, and reads
// no unit at all in "colher (sopa)"; the unit is taken back from the name here.
const BY_USE = /^(?:(colher(?:es)?|x[ií]caras?)\s+)?(sopa|ch[aá]|caf[eé]|sobremesa)\s+de\s+(?=\S)/iu;
const SPOONS: Record<string, [string, number]> = {
  sopa: ['tablespoon', 1],
  cha: ['teaspoon', 1],
  sobremesa: ['dessertspoon', 1],
  // A coffee spoon is about half a teaspoon.
  cafe: ['teaspoon', 0.5],
};

function measureByUse(parsed: ParsedIngredient): { name: string; amount: LineAmount } | null {
  const m = parsed.name ? BY_USE.exec(parsed.name) : null;
  if (!m || parsed.quantity === null) return null;
  const name = parsed.name!.slice(m[0].length);
  const vessel = m[1]?.toLowerCase();
  const use = m[2]!.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (!vessel) return parsed.unit === 'cup' && use === 'cha' ? { name, amount: readAmount(parsed) } : null;
  if (parsed.unit !== null) return null;
  const [unit, k] = vessel.startsWith('x') ? (use === 'cha' ? ['cup', 1] : [null, 0]) : (SPOONS[use] ?? [null, 0]);
  if (!unit) return null;
  return { name, amount: lineAmount(unit, parsed.quantity * k, parsed.quantity_max === null ? null : parsed.quantity_max * k) };
}

// The spaces around a separator are trimmed from the parts: `\s*` on both sides would be quadratic.
const AND = /,|&|\+|\band\b|\be\b/iu;

/** Longer lines are read each time: the memo stays within about 10,000 × 300 characters. */
const MAX_REMEMBERED_LENGTH = 200;

/**
 * Lines read lately. Reading is a pure function of the parse, and cooks' lines repeat from
 * recipe to recipe ("2 tbsp olive oil", "1 onion, chopped"), as recipes do in a month's plan.
 * Keyed by the line and the parts of its parse the reading uses.
 */
const recent = new BoundedMap<string, readonly LineRead[]>(10_000);

const deepFreeze = (r: LineRead): LineRead => Object.freeze({ food: Object.freeze({ ...r.food }), amount: Object.freeze({ ...r.amount }) });

/**
 * The foods and amounts of a line; empty when it names no food. `split`: a line without an
 * amount may name several known foods (recipes' "salt and pepper"); a typed line is one item.
 */
export function readLine(parsed: ParsedIngredient, split = true): readonly LineRead[] {
  if (parsed.input.length > MAX_REMEMBERED_LENGTH) return read(parsed, split);
  const key = `${split ? 1 : 0}${parsed.quantity}\u0000${parsed.unit}\u0000${parsed.name}\u0000${parsed.input}`;
  let reads = recent.get(key);
  if (reads === undefined) recent.set(key, (reads = Object.freeze(read(parsed, split).map(deepFreeze))));
  return reads;
}

function read(parsed: ParsedIngredient, split: boolean): LineRead[] {
  const measure = measureByUse(parsed);
  const food = foodOf(measure ? measure.name : parsed.name);
  if (!food) return [];
  const amount = measure ? measure.amount : readAmount(parsed);
  if (split && amount.kind === 'none' && parsed.name && !entryOfKey(food.key)) {
    const parts = parsed.name
      .split(AND)
      .map((part) => part.trim())
      .filter(Boolean);
    const foods = parts.map((p) => foodOf(p));
    if (parts.length > 1 && foods.every((f) => f !== null && entryOfKey(f.key) !== null)) {
      return foods.map((f) => ({ food: f!, amount: NO_AMOUNT }));
    }
  }
  return [{ food, amount }];
}
