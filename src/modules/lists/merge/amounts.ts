/**
 * Amounts on a shopping list: what one line asks for, and how the lines of one food add up.
 *
 * A line's amount is read with the ingredient module's amount reader (amount-spans.ts), which
 * knows how a line's amounts hang together: "500g/1lb" is one amount written twice, "1 lb 2 oz"
 * one amount in two units, "2 x 400g tins" and "2 (400 g) cans" two items of a size (800 g in
 * all), "a pinch" one pinch. Amounts then add up by kind: weights in grams, volumes in
 * millilitres (the unit table's factors: g/kg, ml/l, tsp/tbsp/cup, oz/lb), counts of the same
 * count unit, and a food with a known density (densities.ts) adds weights and volumes together
 * (flour in grams and cups). What cannot be added stays a total of its own.
 */
import { findAmounts, firstGroup, type AmountSpan } from '../../ingredients/amount-spans.js';
import { SIZE_WORDS } from '../../ingredients/amounts.js';
import type { Density } from '../../ingredients/densities.js';
import type { ParsedIngredient } from '../../ingredients/ingredient.types.js';
import { scaleAmount } from '../../ingredients/scale.js';
import { canonicalUnit, unitInfo } from '../../ingredients/units.js';
import type { AmountKind, LineAmount, TotalAmount } from './list-item.js';

export const NO_AMOUNT: LineAmount = Object.freeze({ kind: 'none', unit: null, quantity: null, quantity_max: null });

/** The kind of amount a unit measures: mass, volume, count, length, or none ("to taste"). */
export function kindOfUnit(unit: string | null): AmountKind {
  if (unit === null) return 'count';
  const info = unitInfo(unit);
  if (!info) return 'none';
  if (info.kind === 'other') return info.factor === null && info.name === 'to taste' ? 'none' : 'length';
  return info.kind;
}

const measured = (a: AmountSpan | undefined) => {
  const kind = a?.unit ? unitInfo(a.unit)?.kind : null;
  return kind === 'mass' || kind === 'volume';
};

/** An amount of a unit (null: a bare count), or no amount when it is not a finite one. */
export function lineAmount(unit: string | null, low: number, high: number | null): LineAmount {
  if (!Number.isFinite(low) || (high !== null && !Number.isFinite(high))) return NO_AMOUNT;
  // A dozen is twelve of the thing: "1 dozen eggs" and "2 eggs" add up.
  if (unit === 'dozen') return lineAmount(null, low * 12, high === null ? null : high * 12);
  const kind = kindOfUnit(unit);
  if (kind === 'none') return NO_AMOUNT;
  return { kind, unit, quantity: low, quantity_max: high !== null && high > low ? high : null };
}

// A line that starts with its amount's number; one whose first two words are numbers ("2 28-oz
// cans", "1 1/2 cups"); the word after the number.
const STARTS_WITH_NUMBER = /^\s*[\d½¼¾⅓⅔⅛⅜⅝⅞]/u;
const NUMBER_CHAR = /[\d½¼¾⅓⅔⅛⅜⅝⅞]/u;
const SPACE = /\s/u;

/**
 * A second number after the first word, or inside it after a dash ("2 28-oz cans", "1-2 cups"):
 * what `^\s*\S+[\s-]+<number>` says, scanned once (that regex is quadratic on long dash runs).
 */
function hasTwoNumbers(input: string): boolean {
  const s = input.trimStart();
  const gap = (c: string) => c === '-' || SPACE.test(c);
  for (let j = 1; j < s.length && !SPACE.test(s[j - 1]!);) {
    if (!gap(s[j]!)) {
      j++;
      continue;
    }
    let k = j;
    while (k < s.length && gap(s[k]!)) k++;
    if (k < s.length && NUMBER_CHAR.test(s[k]!)) return true;
    j = k;
  }
  return false;
}
const SECOND_WORD = /^\s*\S+\s+(\p{L}[\p{L}-]*)/u;

/**
 * What one parsed line asks for, as written (not yet scaled). A plain line ("2 tbsp olive oil",
 * "3 eggs": it starts with its one quantity, then its unit or its food) is taken from its parse;
 * any other ("500g/1lb", "1 (14-ounce) can", "1 lb 2 oz", "2 28-oz cans", "3 thick slices",
 * "up to 300ml") is read again with the amount reader, which knows how amounts hang together.
 */
export function readAmount(parsed: ParsedIngredient): LineAmount {
  return plainLine(parsed) ? lineAmount(parsed.unit, parsed.quantity!, parsed.quantity_max) : readAmountBySpans(parsed);
}

/**
 * True when the parse's amount is the line's (test/unit/list-merge-amounts.test.ts compares the
 * two readings on every fixture line): one quantity at the start, no bracket, no size word or
 * unit word the parse may have paired wrongly ("3 thick slices", "2¼ lbs"), no length.
 */
export function plainLine(parsed: ParsedIngredient): boolean {
  if (parsed.quantity === null || parsed.alternatives?.length || parsed.size !== null) return false;
  const { input } = parsed;
  if (!STARTS_WITH_NUMBER.test(input) || input.includes('(') || hasTwoNumbers(input)) return false;
  const second = SECOND_WORD.exec(input)?.[1]?.toLowerCase();
  if (second !== undefined && (SIZE_WORDS.has(second) || (parsed.unit === null && canonicalUnit(second) !== null))) return false;
  return kindOfUnit(parsed.unit) !== 'length';
}

/** The amount as the amount reader (amount-spans.ts) finds it in the line's text. */
export function readAmountBySpans(parsed: ParsedIngredient): LineAmount {
  const { tokens, amounts } = findAmounts(parsed.input);
  const group = firstGroup(tokens, amounts);
  // "pinch of salt", "handful of parsley (about ¼ cup)": a unit without a number is one of it.
  if (!group || (parsed.quantity === null && parsed.unit !== null)) return parsed.unit ? lineAmount(parsed.unit, 1, null) : NO_AMOUNT;
  return fromGroup();

  function fromGroup(): LineAmount {
    const head = group!.parts[0]!;
    let unit = head.unit;
    let low = head.low.value;
    let high = head.high?.value ?? null;
    // "1 lb 2 oz": a unit of the same kind written right after is more of the same amount; a
    // slash or a bracket ("500g/1lb", "3 oz (85g)") gives the same amount again and is left.
    const first = unit ? unitInfo(unit) : null;
    for (let i = 1; i < group!.parts.length; i++) {
      const part = group!.parts[i]!;
      const info = part.unit ? unitInfo(part.unit) : null;
      if (part.from !== group!.parts[i - 1]!.next || !first?.factor || !info?.factor || info.kind !== first.kind) break;
      const more = (part.low.value * info.factor) / first.factor;
      low += more;
      if (high !== null) high += more;
    }
    const multiplier = group!.multiplier;
    if (multiplier) {
      // "2 x 400g tins", "Two 14-ounce cans": the count of items times the size of each.
      high = multiplier.high ? (high ?? low) * multiplier.high.value : high === null ? null : high * multiplier.low.value;
      low *= multiplier.low.value;
    } else if (unit === null && tokens[head.next]?.text === '(') {
      // "1 (14-ounce) can", "2 (400 g) cans": a bracketed size of each after a bare count.
      const inner = amounts.find((a) => a.from === head.next + 1);
      if (inner && measured(inner) && tokens[inner.next]?.text === ')') {
        unit = inner.unit;
        high = inner.high || high !== null ? (high ?? low) * (inner.high ?? inner.low).value : null;
        low *= inner.low.value;
      }
    }
    // "2 large garlic cloves": the parser found the count unit after the food's size and name.
    if (unit === null && !multiplier && parsed.unit && kindOfUnit(parsed.unit) === 'count' && parsed.quantity === head.low.value) {
      unit = parsed.unit;
    }
    return lineAmount(unit, low, high);
  }
}

/** The amount scaled by a recipe's factor (the ingredient module's scaling); an overflow is no amount. */
export function scaleLineAmount(a: LineAmount, factor: number): LineAmount {
  if (a.quantity === null || factor === 1) return a;
  const scaled = scaleAmount(a, factor);
  return scaled.quantity === null ? NO_AMOUNT : scaled;
}

interface Part {
  key: string;
  kind: AmountKind;
  unit: string | null;
  low: number;
  high: number | null;
  metric: boolean;
  written: 'mass' | 'volume' | null;
}

/** The part of a total a line's amount adds to, in the total's base unit. */
function partOf(a: LineAmount, density: Density | null): Part | null {
  if (a.kind === 'none' || a.quantity === null) return null;
  const low = a.quantity;
  const high = a.quantity_max;
  if (a.kind === 'mass' || a.kind === 'volume') {
    const info = unitInfo(a.unit ?? '');
    const factor = info?.factor ?? 1;
    const metric = info?.system === 'metric';
    // To grams or millilitres; a food with a density goes to the one it is bought by.
    let kind: 'mass' | 'volume' = a.kind;
    let per = factor;
    if (density && a.kind === 'volume' && density.weighed) [kind, per] = ['mass', factor * density.gramsPerMl];
    else if (density && a.kind === 'mass' && !density.weighed) [kind, per] = ['volume', factor / density.gramsPerMl];
    // An amount too large for a double once in grams ("9e307 kg") is no amount.
    if (!Number.isFinite(low * per) || (high !== null && !Number.isFinite(high * per))) return null;
    return {
      key: kind,
      kind,
      unit: kind === 'mass' ? 'gram' : 'milliliter',
      low: low * per,
      high: high === null ? null : high * per,
      metric,
      written: a.kind,
    };
  }
  return { key: `${a.kind}:${a.unit ?? ''}`, kind: a.kind, unit: a.unit, low, high, metric: false, written: null };
}

/** A sum that does not depend on the order of its terms (the same numbers give the same double). */
const sum = (values: number[]) => values.sort((x, y) => x - y).reduce((s, v) => s + v, 0);

/**
 * The totals of a food's amounts: one per group that adds up (see the module comment), in the
 * order their first amount came, a bare count last; "none" only when nothing has an amount.
 */
export function totalsOf(amounts: readonly LineAmount[], density: Density | null): TotalAmount[] {
  const groups = new Map<string, Part[]>();
  for (const a of amounts) {
    const part = partOf(a, density);
    if (!part) continue;
    const list = groups.get(part.key);
    if (list) list.push(part);
    else groups.set(part.key, [part]);
  }
  const totals: TotalAmount[] = [];
  for (const parts of groups.values()) {
    const head = parts[0]!;
    const quantity = sum(parts.map((p) => p.low));
    const max = parts.some((p) => p.high !== null) ? sum(parts.map((p) => p.high ?? p.low)) : null;
    // Amounts that add up past the largest double are no amount, as one such amount is.
    if (!Number.isFinite(quantity) || (max !== null && !Number.isFinite(max))) continue;
    const measure = head.kind === 'mass' || head.kind === 'volume';
    totals.push({
      kind: head.kind,
      unit: head.unit,
      quantity,
      quantity_max: max,
      system: measure ? (parts.some((p) => p.metric) ? 'metric' : 'us') : null,
      written: measure && density ? (parts.some((p) => p.written === 'mass') ? 'mass' : 'volume') : null,
    });
  }
  if (totals.length === 0) return [{ kind: 'none', unit: null, quantity: null, quantity_max: null, system: null, written: null }];
  const bare = totals.findIndex((t) => t.kind === 'count' && t.unit === null);
  if (bare >= 0) totals.push(...totals.splice(bare, 1));
  return totals;
}
