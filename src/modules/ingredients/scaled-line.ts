/**
 * One ingredient line in a scaled and/or converted view, pure: new amounts, rounded
 * the way a cook writes them, and a `display` text: the line as given with its leading amount
 * replaced ("2 cups flour, sifted" ×1.5 → "3 cups flour, sifted"), or rebuilt from the parts
 * when the amount is not at the start or the line gives a second amount ("200g/7oz butter").
 */
import { trimCharsEnd } from '../../lib/trim-chars.js';
import { convertAmount, systemOf, type Amount, type UnitSystemTarget } from './convert.js';
import { formatAmount, roundQuantity, styleOf } from './format-quantity.js';
import type { ParsedIngredient } from './ingredient.types.js';
import { scaleAmount } from './scale.js';
import { canonicalUnit } from './units.js';

// Leading amount: numbers, decimals with point or comma, fractions (1/2, ½, 1 ½), ranges (2-3, 2 to 3).
const NUMBER = String.raw`(?:\d+(?:[.,]\d+)?(?:\s*[½⅓⅔¼¾⅛⅜⅝⅞])?|\d+\s+\d+\s*/\s*\d+|\d+\s*/\s*\d+|[½⅓⅔¼¾⅛⅜⅝⅞])`;
const LEADING_AMOUNT = new RegExp(String.raw`^\s*(${NUMBER}(?:\s*(?:-|–|—|to)\s*${NUMBER})?)`, 'iu');

/** The length of the leading amount and its unit in `input`, or null when it does not start with them. */
function leadingAmountLength(input: string, unit: string | null): number | null {
  const m = LEADING_AMOUNT.exec(input);
  if (!m) return null;
  let end = m[0].length;
  if (unit) {
    // The unit may be glued on ("200g") or follow in up to three words ("c. à soupe").
    const rest = input.slice(end);
    const words = /^(\s*)(\S+)(\s+\S+)?(\s+\S+)?/u.exec(rest);
    if (!words) return null;
    let found = 0;
    let text = words[1] ?? '';
    for (const w of [words[2], words[3], words[4]]) {
      if (!w) break;
      text += w;
      if (canonicalUnit(trimCharsEnd(text.trim(), '.,;:)')) === unit) found = trimCharsEnd(text, ',;:)').length;
    }
    if (!found) return null;
    end += found;
  }
  return end;
}

function rebuild(p: ParsedIngredient, amount: string): string {
  const head = [amount, p.size, p.name].filter(Boolean).join(' ');
  return `${head}${p.preparation ? `, ${p.preparation}` : ''}${p.comment ? ` (${p.comment})` : ''}`;
}

const round = (a: Amount): Amount => {
  const style = styleOf(a.unit);
  const r = (v: number | null) => (v === null ? null : Number(roundQuantity(v, style).toFixed(4)));
  return { quantity: r(a.quantity), quantity_max: r(a.quantity_max), unit: a.unit };
};

/**
 * The line scaled by `factor` and, with `units`, converted. Quantities are rounded as displayed;
 * `original` keeps the stored amount. A line without an amount ("salt to taste") is unchanged.
 */
export function viewLine<L extends ParsedIngredient>(line: L, factor: number, units?: UnitSystemTarget): L & { display: string; converted?: boolean; original?: Amount } {
  const original: Amount = { quantity: line.quantity, quantity_max: line.quantity_max, unit: line.unit };
  let source: Amount = original;
  // A line that already gives the amount in the asked system ("200g/7oz") is taken at its word.
  const alternatives = line.alternatives ?? [];
  if (units && systemOf(line.unit) !== units) {
    const inSystem = alternatives.find((a) => a.quantity !== null && systemOf(a.unit) === units);
    if (inSystem) source = inSystem;
  }
  const scaled = scaleAmount(source, factor);
  const conversion = units ? convertAmount(scaled, line.name, units) : null;
  const amount = round(conversion ?? scaled);
  const scaledAlternatives = alternatives.map((a) => round(scaleAmount(a, factor)));

  const changed = factor !== 1 || (conversion !== null && conversion.via !== 'same' && conversion.via !== null) || source !== original;
  let display = line.input;
  if (changed && line.quantity !== null) {
    const text = formatAmount(amount.quantity, amount.quantity_max, amount.unit);
    const prefix = alternatives.length === 0 ? leadingAmountLength(line.input, line.unit) : null;
    display = prefix !== null ? `${text}${/^\s/.test(line.input.slice(prefix)) || line.input.length === prefix ? '' : ' '}${line.input.slice(prefix)}` : rebuild(line, text);
  }
  return {
    ...line,
    ...amount,
    ...(line.alternatives ? { alternatives: scaledAlternatives } : {}),
    display,
    ...(units ? { converted: conversion?.converted ?? false } : {}),
    original,
  };
}
