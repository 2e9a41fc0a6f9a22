/**
 * One ingredient line in a scaled and/or converted view, pure: new amounts, rounded the way a
 * cook writes them, and a `display` text that is the line as the cook wrote it with only its
 * amounts (and their units) replaced: "2 x 400g tins chickpeas, drained" ×2 → "4 x 400g tins
 * chickpeas, drained", "juice of 2 limes" → "juice of 4 limes", "500g/1lb leeks" → "1 kg/2 lb
 * leeks" (display-text.ts). Where the parse and the text disagree, the line is shown as written
 * with the factor beside it ("3 large carrots (×2)").
 */
import { convertAmount, systemOf, type Amount, type Converted, type UnitSystemTarget } from './convert.js';
import { densityOf } from './densities.js';
import { scaledDisplay } from './display-text.js';
import { roundQuantity, styleOf } from './format-quantity.js';
import type { ParsedIngredient } from './ingredient.types.js';
import { scaleAmount } from './scale.js';
import { unitInfo } from './units.js';

const round = (a: Amount): Amount => {
  const style = styleOf(a.unit);
  const r = (v: number | null) => (v === null ? null : Number(roundQuantity(v, style).toFixed(4)));
  return { quantity: r(a.quantity), quantity_max: r(a.quantity_max), unit: a.unit };
};

/**
 * convertAmount, except that a US or imperial volume of a food whose density is unknown keeps
 * its unit in a metric view: a metric cook weighs solids, and "475 ml walnut halves" is neither
 * what the cook wrote nor what a metric cook would measure. Liquids and weighed foods with a
 * known density convert as before (to ml, to grams).
 */
export function convertForView(amount: Amount, food: string | null, target: UnitSystemTarget): Converted {
  const info = amount.unit ? unitInfo(amount.unit) : null;
  if (
    target === 'metric' &&
    info?.kind === 'volume' &&
    info.system !== 'metric' &&
    info.name !== 'teaspoon' &&
    info.name !== 'tablespoon' &&
    densityOf(food) === null
  ) {
    return { ...amount, converted: false, via: null };
  }
  return convertAmount(amount, food, target);
}

/**
 * The line scaled by `factor` and, with `units`, converted. Quantities are rounded as displayed;
 * `original` keeps the stored amount. A line without an amount ("salt to taste") is unchanged.
 */
export function viewLine<L extends ParsedIngredient>(
  line: L,
  factor: number,
  units?: UnitSystemTarget,
): L & { display: string; converted?: boolean; original?: Amount } {
  const original: Amount = { quantity: line.quantity, quantity_max: line.quantity_max, unit: line.unit };
  let source: Amount = original;
  // A line that already gives the amount in the asked system ("200g/7oz") is taken at its word.
  const alternatives = line.alternatives ?? [];
  if (units && systemOf(line.unit) !== units) {
    const inSystem = alternatives.find((a) => a.quantity !== null && systemOf(a.unit) === units);
    if (inSystem) source = inSystem;
  }
  const scaled = scaleAmount(source, factor);
  const conversion = units ? convertForView(scaled, line.name, units) : null;
  const amount = round(conversion ?? scaled);
  const finite = (a: Amount) =>
    (a.quantity === null || Number.isFinite(a.quantity)) && (a.quantity_max === null || Number.isFinite(a.quantity_max));
  // An amount that overflowed on the way (a stored 1e307 × 100) is shown as no amount: the line
  // as written, with its stored amount in `original`.
  if (source.quantity !== null && (amount.quantity === null || !finite(amount))) {
    const { alternatives: _alternatives, ...rest } = line;
    return { ...rest, quantity: null, quantity_max: null, display: line.input, ...(units ? { converted: false } : {}), original } as L & {
      display: string;
      converted?: boolean;
      original?: Amount;
    };
  }
  const scaledAlternatives = alternatives.map((a) => round(scaleAmount(a, factor))).filter((a) => a.quantity !== null && finite(a));
  const shown = scaledDisplay(line, factor, units, convertForView);
  // A line shown as written (factor noted) shows no conversion either.
  const converted = shown.noted ? conversion?.via === 'same' : (conversion?.converted ?? false);
  return {
    ...line,
    ...amount,
    ...(line.alternatives && scaledAlternatives.length > 0 ? { alternatives: scaledAlternatives } : {}),
    display: shown.text,
    ...(units ? { converted } : {}),
    original,
  };
}
