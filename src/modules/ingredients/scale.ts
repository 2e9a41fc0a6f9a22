/**
 * Scaling a recipe, pure: the factor from ?servings= or ?factor=, and amounts
 * multiplied by it. Rounding for display is format-quantity.ts's job; these numbers are exact.
 */
import type { Amount } from './convert.js';

export const MIN_FACTOR = 0.01;
export const MAX_FACTOR = 100;

export type FactorResult = { factor: number } | { error: string };

/**
 * The factor for a view: servings / the recipe's servings, or the factor given, or 1. Both at
 * once, servings for a recipe without servings, and a factor outside 0.01–100 are errors.
 */
export function scaleFactor(ask: { servings?: number; factor?: number }, recipeServings: number | null): FactorResult {
  if (ask.servings !== undefined && ask.factor !== undefined) return { error: 'Give either servings or factor, not both' };
  let factor = 1;
  if (ask.servings !== undefined) {
    if (!Number.isInteger(ask.servings) || ask.servings < 1) return { error: 'servings must be a whole number of at least 1' };
    if (recipeServings === null || recipeServings < 1)
      return { error: 'This recipe does not say how many it serves; scale it with factor instead' };
    factor = ask.servings / recipeServings;
  } else if (ask.factor !== undefined) {
    factor = ask.factor;
  }
  if (!Number.isFinite(factor) || factor < MIN_FACTOR || factor > MAX_FACTOR) {
    return { error: `The scaling factor must be between ${MIN_FACTOR} and ${MAX_FACTOR} (got ${Number(factor.toPrecision(4))})` };
  }
  return { factor };
}

/**
 * The amount multiplied by the factor (a unit and a missing quantity stay as they are). A
 * product past the largest double is no amount: quantity and quantity_max become null.
 */
export function scaleAmount<A extends Amount>(amount: A, factor: number): A {
  const quantity = amount.quantity === null ? null : amount.quantity * factor;
  const quantityMax = amount.quantity_max === null ? null : amount.quantity_max * factor;
  if ((quantity !== null && !Number.isFinite(quantity)) || (quantityMax !== null && !Number.isFinite(quantityMax))) {
    return { ...amount, quantity: null, quantity_max: null };
  }
  return { ...amount, quantity, quantity_max: quantityMax };
}
