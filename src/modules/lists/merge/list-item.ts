/**
 * The shopping-list item as the merge engine keeps it, shaped to be stored as rows: an item row
 * (food key, display name, aisle, checked), its sources (one row per line that went into it,
 * with the recipe and servings it came from and the amount it brought), and its totals (one row
 * per amount that could not be added to the others: "2 cans + 200 g tomatoes" is two). Totals are
 * always the sum of the sources, so taking a source out takes its amount back out exactly.
 */

export const AISLES = ['produce', 'dairy', 'meat-fish', 'bakery', 'pantry', 'spices', 'frozen', 'drinks', 'other'] as const;
export type Aisle = (typeof AISLES)[number];

/**
 * What an amount measures: a weight, a volume, things counted (by a count unit such as "can" or
 * "clove", or bare: "3 onions"), a length ("2.5 cm ginger"), or nothing ("salt", "oil for frying").
 */
export type AmountKind = 'mass' | 'volume' | 'count' | 'length' | 'none';

/** One line's amount, scaled to the servings asked, in the unit the cook wrote. */
export interface LineAmount {
  kind: AmountKind;
  /** Canonical unit name from the unit table ('cup', 'gram', 'can'); null for a bare count or none. */
  unit: string | null;
  quantity: number | null;
  /** The high end of a range ("2-3 cloves"), else null. */
  quantity_max: number | null;
}

/** Where a line came from: a recipe added at some servings (or a plan entry), or a line typed in. */
export interface ItemSource {
  /** The addition the line belongs to (one recipe added once, one plan entry, one typed line): removing it removes all its lines. */
  origin: string;
  recipe_id: number | null;
  /** The servings the recipe was added at; null for a typed line. */
  servings: number | null;
  /** The line as written in the recipe or typed. */
  line: string;
  /** The food's name as this line wrote it, without preparation words ("onions", "farinha de trigo"). */
  name: string;
  amount: LineAmount;
}

/**
 * A total: the sum of the sources' amounts that can be added together, in a base unit: grams for
 * a weight, millilitres for a volume (a food with a known density adds weights and volumes into
 * one of the two), the count unit (or null) for counts, the unit for a length.
 */
export interface TotalAmount {
  kind: AmountKind;
  unit: string | null;
  quantity: number | null;
  quantity_max: number | null;
  /** How to show it: 'metric' when any line gave it in metric units, 'us' when every line used US measures; null for counts. */
  system: 'metric' | 'us' | null;
  /** For a food measured both ways: 'mass' when any line weighed it, else 'volume' (a US cook sees cups of flour, not ounces). */
  written: 'mass' | 'volume' | null;
}

export interface ListItem {
  id: string;
  /** What counts as the same food (food-key.ts): items of one key merge. */
  food: string;
  /** The name to show, as the first source wrote it. */
  name: string;
  category: Aisle;
  checked: boolean;
  /** Totals, in the order their first line came; a bare count last, so the name follows it ("1 can + 3 tomatoes"). */
  amounts: TotalAmount[];
  sources: ItemSource[];
}

export const isAisle = (value: unknown): value is Aisle => typeof value === 'string' && (AISLES as readonly string[]).includes(value);
