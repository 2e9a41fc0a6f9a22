/**
 * Quantities the way a cook writes them: US and count amounts as whole numbers and
 * kitchen fractions ("1 ½", "⅓", "2 ¾"), metric amounts as short decimals rounded to what a
 * scale or jug shows ("250", "1.5", "12"). Pure functions.
 */
import { unitInfo } from './units.js';

/** decimal: metric units; fraction: US and imperial measures; count: things counted (3 eggs, 2 cloves). */
export type QuantityStyle = 'fraction' | 'decimal' | 'count';

const VULGAR: Record<string, string> = {
  '1/8': '⅛',
  '1/4': '¼',
  '1/3': '⅓',
  '3/8': '⅜',
  '1/2': '½',
  '5/8': '⅝',
  '2/3': '⅔',
  '3/4': '¾',
  '7/8': '⅞',
};
/** Fractions a cook uses, by the size of the whole part: eighths only below 1. */
const SMALL = [0, 1 / 8, 1 / 4, 1 / 3, 3 / 8, 1 / 2, 5 / 8, 2 / 3, 3 / 4, 7 / 8, 1];
const LARGER = [0, 1 / 4, 1 / 3, 1 / 2, 2 / 3, 3 / 4, 1];

const nearest = (value: number, candidates: readonly number[]) =>
  candidates.reduce((best, c) => (Math.abs(c - value) < Math.abs(best - value) ? c : best), candidates[0]!);
/** Rounds to `digits` significant digits. */
const significant = (value: number, digits: number) => (value === 0 ? 0 : Number(value.toPrecision(digits)));

/** The style an amount in this unit is written in: metric units in decimals, counted things in halves, measures in fractions. */
export function styleOf(unit: string | null): QuantityStyle {
  const info = unit ? unitInfo(unit) : null;
  if (!info || info.kind === 'count') return 'count';
  return info.system === 'metric' ? 'decimal' : 'fraction';
}

/**
 * Rounds as a cook would write it. Counts: halves up to 5, whole numbers above. Fractions: to eighths and thirds below 1, quarters and thirds
 * below 10, halves below 20, whole numbers above; below ⅛, two significant digits. Decimals: one
 * decimal below 10, whole numbers below 100, steps of 5 below 1000, then 10.
 */
export function roundQuantity(value: number, style: QuantityStyle): number {
  if (!Number.isFinite(value) || value <= 0) return value;
  if (style === 'decimal') {
    if (value < 0.1) return significant(value, 1);
    if (value < 10) return Math.round(value * 10) / 10;
    if (value < 100) return Math.round(value);
    if (value < 1000) return Math.round(value / 5) * 5;
    return Math.round(value / 10) * 10;
  }
  if (style === 'count') {
    // Nobody writes "4 ⅜ eggs": halves up to 5, whole ones beyond; below one, a simple fraction.
    if (value < 1) return nearest(value, [1 / 4, 1 / 3, 1 / 2, 2 / 3, 3 / 4, 1]);
    return value < 5 ? Math.round(value * 2) / 2 : Math.round(value);
  }
  if (value < 1 / 16) return significant(value, 2);
  if (value >= 20) return Math.round(value);
  if (value >= 10) return Math.round(value * 2) / 2;
  const whole = Math.floor(value);
  const part = nearest(value - whole, whole === 0 ? SMALL : LARGER);
  return whole + part;
}

/** A rounded quantity as text: "1 ½", "⅔", "3", or "1.5" in the decimal style. */
export function formatQuantity(value: number, style: QuantityStyle): string {
  const rounded = roundQuantity(value, style);
  if (style === 'decimal' || rounded < 1 / 16) return String(Number(rounded.toFixed(2)));
  const whole = Math.floor(rounded + 1e-9);
  const part = rounded - whole;
  if (part < 1e-6) return String(whole);
  const key = Object.keys(VULGAR).find((k) => {
    const [n, d] = k.split('/').map(Number) as [number, number];
    return Math.abs(n / d - part) < 1e-6;
  });
  const fraction = key ? VULGAR[key]! : String(Number(part.toFixed(2)));
  return whole > 0 ? `${whole} ${fraction}` : fraction;
}

/** Short labels for the units cooks abbreviate; the others use their singular or plural name. */
// A Map: the unit may come from a stored line, and must never find a property of Object.prototype.
const LABELS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    teaspoon: 'tsp',
    tablespoon: 'tbsp',
    'fluid ounce': 'fl oz',
    ounce: 'oz',
    pound: 'lb',
    milliliter: 'ml',
    centiliter: 'cl',
    deciliter: 'dl',
    liter: 'l',
    milligram: 'mg',
    gram: 'g',
    kilogram: 'kg',
  }),
);

/** The unit as written after a quantity: "cup"/"cups", "tbsp", "g", "cloves". */
export function unitLabel(unit: string, quantity: number | null): string {
  const label = LABELS.get(unit);
  if (label !== undefined) return label;
  const info = unitInfo(unit);
  if (!info) return unit;
  return quantity !== null && quantity > 1 ? info.plural : info.singular;
}

/** "1 ½ cups", "2–3 tbsp", "250 g", "3": a whole amount as text, rounded the way a cook writes. */
export function formatAmount(
  quantity: number | null,
  quantityMax: number | null,
  unit: string | null,
  style: QuantityStyle = styleOf(unit),
): string {
  // Never "NaN cups" or "Infinity g": a quantity that is not a finite number is written as none.
  if (quantity !== null && !Number.isFinite(quantity)) quantity = null;
  if (quantityMax !== null && !Number.isFinite(quantityMax)) quantityMax = null;
  const parts: string[] = [];
  if (quantity !== null)
    parts.push(
      quantityMax !== null && roundQuantity(quantityMax, style) !== roundQuantity(quantity, style)
        ? `${formatQuantity(quantity, style)}–${formatQuantity(quantityMax, style)}`
        : formatQuantity(quantity, style),
    );
  if (unit) parts.push(unitLabel(unit, quantityMax ?? quantity));
  return parts.join(' ');
}
