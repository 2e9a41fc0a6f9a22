/**
 * The household's pantry: foods it always has (salt, pepper, oil, water…), left off the list when
 * recipes or the plan are added (a line typed by hand is always added: someone asked for it).
 * A pantry food matches a line's food by food key (food-key.ts), so "salt" covers sea salt and
 * kosher salt and "sal" (the table says they are salt), "pepper" covers ground black pepper,
 * "oil" covers vegetable and sunflower oil; "salted butter" is not salt and "olive oil" is not oil.
 */
import { foldCase } from '../../../lib/fold.js';
import { foodOf } from './food-key.js';

/** A new household's pantry, until it says otherwise. */
export const DEFAULT_PANTRY_FOODS: readonly string[] = ['salt', 'black pepper', 'water'];

export const MAX_PANTRY_FOODS = 200;
export const MAX_PANTRY_NAME_LENGTH = 100;

export interface Pantry {
  /** The foods as the household wrote them. */
  readonly foods: readonly string[];
  /** True when the food (by key) is in the pantry. */
  has(foodKey: string): boolean;
}

/** Why a line was not added. `pantry`: its food is in the pantry; `no-food`: it names no food ("2", "to taste"). */
export type SkipReason = 'pantry' | 'no-food';

export interface SkippedLine {
  recipe_id: number | null;
  line: string;
  /** The food as the line named it, or null. */
  food: string | null;
  reason: SkipReason;
}

export interface SkipReport {
  count: number;
  by_reason: Record<SkipReason, number>;
  lines: SkippedLine[];
}

export const emptySkipReport = (): SkipReport => ({ count: 0, by_reason: { pantry: 0, 'no-food': 0 }, lines: [] });

export function skip(report: SkipReport, line: SkippedLine): void {
  report.count++;
  report.by_reason[line.reason]++;
  report.lines.push(line);
}

/** The pantry of these foods (names that name no food are ignored). */
export function pantryOf(foods: readonly string[]): Pantry {
  const keys = new Set<string>();
  for (const f of foods) {
    const food = foodOf(f);
    if (food) keys.add(food.key);
  }
  return { foods: [...foods], has: (key) => keys.has(key) };
}

/**
 * A pantry as a household sends it, made tidy for storing: names trimmed, blank ones and second
 * names of one food dropped (the first kept), in the order given; or why it cannot be stored.
 */
export function tidyPantryFoods(foods: readonly unknown[]): { foods: string[] } | { error: string } {
  if (foods.length > MAX_PANTRY_FOODS) return { error: `A pantry holds at most ${MAX_PANTRY_FOODS} foods` };
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of foods) {
    if (typeof raw !== 'string') return { error: 'Each pantry food is a name (a string)' };
    const name = raw.replace(/\s+/g, ' ').trim();
    if (!name) continue;
    if (name.length > MAX_PANTRY_NAME_LENGTH) return { error: `A pantry food's name has at most ${MAX_PANTRY_NAME_LENGTH} characters` };
    const key = foodOf(name)?.key ?? foldCase(name);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return { foods: out };
}
