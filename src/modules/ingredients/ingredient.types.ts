/** What the parser makes of one ingredient line. Absent parts are null, never empty strings. */

/** Another amount the line gives for the same ingredient: "200g/7oz" → {quantity: 7, unit: 'ounce'}. */
export interface AlternativeAmount {
  quantity: number | null;
  quantity_max: number | null;
  unit: string | null;
}

export interface ParsedIngredient {
  /** The line as given. */
  input: string;
  /** The (first) amount; the low end of a range. */
  quantity: number | null;
  /** The high end of a range ("2-3" → 3); null when the amount is not a range. */
  quantity_max: number | null;
  /** Canonical unit name from units.ts ('tablespoon', 'gram', 'clove'); null for counted things ("3 eggs"). */
  unit: string | null;
  /** The food: "plain flour", "garlic", "cayenne pepper". */
  name: string | null;
  /** Size words: "large", "small", "heaped". */
  size: string | null;
  /** How it is prepared: "finely chopped", "peeled and diced". */
  preparation: string | null;
  /** Everything else: "or to taste", "about 2 cups", "for greasing". */
  comment: string | null;
  /** Other amounts the line gives for the same ingredient (metric and imperial, "(85g)"), in line order. */
  alternatives?: AlternativeAmount[];
}

/** Labels the tagger gives each token. */
export type TokenLabel = 'QTY' | 'UNIT' | 'SIZE' | 'NAME' | 'PREP' | 'COMMENT' | 'PURPOSE' | 'O';
export const TOKEN_LABELS: readonly TokenLabel[] = ['QTY', 'UNIT', 'SIZE', 'NAME', 'PREP', 'COMMENT', 'PURPOSE', 'O'];
