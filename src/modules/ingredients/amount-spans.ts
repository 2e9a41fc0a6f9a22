/**
 * Where the amounts are in a line as the cook wrote it: character spans of each quantity (a
 * number, "1½", "1 ½", "1 1/2", "½", a range "2-3" / "2 to 3") and of the unit written after it
 * (glued "400g", spaced "2 tbsp", several words "colher de sopa", after a size word "1 large
 * clove"), and how the amounts hang together: "500g/1lb" and "3 oz (85g)" are one amount given
 * twice, "1 lb 2 oz" one amount in two units, "2 x 400g" a count of items of a given size. Pure;
 * works on the original string, so a display can replace the amounts and keep every other
 * character where it was.
 */
import { matchUnit, SIZE_WORDS } from './amounts.js';
import { numberValue, numberWordValue } from './quantity.js';
import { tokenize, VULGAR_FRACTIONS, type Token } from './tokenize.js';
import { unitInfo } from './units.js';

/** One end of a quantity: its value and where it is written. */
export interface NumberSpan {
  value: number;
  start: number;
  end: number;
  decimalComma: boolean;
  /** True when written as a word ("One 14-ounce can"). */
  word: boolean;
}

export interface AmountSpan {
  low: NumberSpan;
  /** The high end of a range, with the separator written between the two. */
  high: NumberSpan | null;
  /** Canonical unit, or null for a count ("3 eggs"). */
  unit: string | null;
  /** The unit as written: [start, end) in the line; equal to the quantity's end when there is none. */
  unitStart: number;
  unitEnd: number;
  /** True when a size word stands between the quantity and the unit ("2 heaped tbsp"). */
  sizeBetween: boolean;
  /** True for "a"/"an" read as one ("a pinch of salt"). */
  article: boolean;
  /** Token indexes: the first of the quantity, and the first after the amount. */
  from: number;
  next: number;
}

/** How the first amounts of a line hang together. */
export interface AmountGroup {
  /** "2 x 400g tins", "Two 14-ounce cans": the count; `parts` are then the size of each item, left as they are. */
  multiplier: AmountSpan | null;
  /** The amount, and the same amount in other units ("500g/1lb", "3 oz (85g)", "1 lb 2 oz"). */
  parts: AmountSpan[];
}

/** No cook gives one amount in more than a few units; a longer chain ("1/1/1/...") is not an amount. */
export const MAX_PARTS = 4;

const RANGE_SEPARATORS = new Set(['-', '–', '—', 'to', 'or', 'à', 'a', 'bis', 'tot', 'ou', 'o']);
const FRACTION = /[/⁄]/;

function numberAt(tokens: Token[], i: number): { span: NumberSpan; next: number } | null {
  const t = tokens[i];
  if (!t || t.kind !== 'number') return null;
  const v = numberValue(t.text);
  if (v === null || !Number.isFinite(v)) return null;
  const decimalComma = /\d,\d{1,2}$/.test(t.text);
  const n = tokens[i + 1];
  // "1 1/2", "1 ½": a whole number and a fraction below one, with a space between.
  if (
    n &&
    n.kind === 'number' &&
    Number.isInteger(v) &&
    !/[.,]/.test(t.text) &&
    n.start > t.end &&
    (FRACTION.test(n.text) || VULGAR_FRACTIONS.has(n.text))
  ) {
    const f = numberValue(n.text);
    if (f !== null && f < 1) return { span: { value: v + f, start: t.start, end: n.end, decimalComma, word: false }, next: i + 2 };
  }
  return { span: { value: v, start: t.start, end: t.end, decimalComma, word: false }, next: i + 1 };
}

/** The amount starting at token i, or null. Number words count only at the start of the line. */
function amountAt(tokens: Token[], i: number): AmountSpan | null {
  const t = tokens[i];
  if (!t) return null;
  let low: NumberSpan | null = null;
  let k = i + 1;
  let article = false;
  const num = numberAt(tokens, i);
  if (num) {
    low = num.span;
    k = num.next;
  } else if (i === 0 && t.kind === 'word') {
    const w = numberWordValue(t.text);
    if (w !== null) low = { value: w, start: t.start, end: t.end, decimalComma: false, word: true };
    else if (/^an?$/i.test(t.text) && matchUnit(tokens, 1)) {
      low = { value: 1, start: t.start, end: t.end, decimalComma: false, word: true };
      article = true;
    }
  }
  if (!low) return null;
  let high: NumberSpan | null = null;
  // "4- to 5-pound", "8- to -10 ounce": a hyphen left on each end of a spelled-out range.
  const hyphenBefore = tokens[k]?.text === '-' && /^(?:to|or)$/i.test(tokens[k + 1]?.text ?? '') ? 1 : 0;
  const sep = tokens[k + hyphenBefore];
  // A word between numbers is a range only with spaces around it ("2 to 3", not "1a9").
  const spaced =
    sep &&
    (sep.kind !== 'word' ||
      (sep.start > (tokens[k + hyphenBefore - 1]?.end ?? 0) && (tokens[k + hyphenBefore + 1]?.start ?? Infinity) > sep.end));
  if (!article && sep && spaced && RANGE_SEPARATORS.has(sep.text.toLowerCase())) {
    let h = k + hyphenBefore + 1;
    if (tokens[h]?.text === '-' && tokens[h + 1]?.kind === 'number') h++;
    const second = numberAt(tokens, h);
    if (second && second.span.value > low.value) {
      high = second.span;
      k = second.next;
    }
  }
  let u = k;
  if (tokens[u]?.text === '-' && tokens[u]?.start === tokens[u - 1]?.end && tokens[u + 1]?.kind === 'word') u++; // "10-ounce"
  let unit = matchUnit(tokens, u);
  let sizeBetween = false;
  if (!unit && !article && SIZE_WORDS.has(tokens[u]?.text.toLowerCase() ?? '')) {
    const after = matchUnit(tokens, u + 1);
    if (after && unitInfo(after.unit)?.kind === 'count') {
      unit = after;
      sizeBetween = true;
    }
  }
  if (article && !unit) return null;
  const qEnd = (high ?? low).end;
  const last = unit ? tokens[unit.next - 1] : undefined;
  return {
    low,
    high,
    unit: unit?.unit ?? null,
    unitStart: unit ? (tokens[unit.start]?.start ?? qEnd) : qEnd,
    unitEnd: last ? last.end : qEnd,
    sizeBetween,
    article,
    from: i,
    next: unit ? unit.next : k,
  };
}

/** Every amount in the line, in order. */
export function findAmounts(text: string): { tokens: Token[]; amounts: AmountSpan[] } {
  const tokens = tokenize(text);
  const amounts: AmountSpan[] = [];
  for (let i = 0; i < tokens.length;) {
    const a = amountAt(tokens, i);
    if (a) {
      amounts.push(a);
      i = Math.max(a.next, i + 1);
    } else i++;
  }
  return { tokens, amounts };
}

const measured = (a: AmountSpan) => {
  const kind = a.unit ? unitInfo(a.unit)?.kind : null;
  return kind === 'volume' || kind === 'mass' || kind === 'other' ? kind : null;
};

/**
 * The first amount of the line (or the one at index `from`) with the amounts tied to it: "/" alternatives, a bracketed
 * alternative after an amount with a unit ("3 oz (85g)"), a second unit of the same kind
 * ("1 lb 2 oz"); or a count and the item size after "x" ("2 x 400g/14oz tins"). A bracketed
 * amount after a bare count ("2 (400g) cans") is the size of each and is not part of it.
 */
export function firstGroup(tokens: Token[], amounts: AmountSpan[], from = 0): AmountGroup | null {
  const first = amounts[from];
  if (!first) return null;
  const after = (a: AmountSpan, offset: number) => tokens[a.next + offset];
  const startsAt = (index: number) => amounts.find((a) => a.from === index) ?? null;
  const chain = (head: AmountSpan): AmountSpan[] => {
    const parts = [head];
    for (;;) {
      const last = parts[parts.length - 1]!;
      const t = after(last, 0);
      let next: AmountSpan | null = null;
      if (t?.text === '/') next = startsAt(last.next + 1);
      else if (t?.text === '(' && last.unit) {
        const inner = startsAt(last.next + 1);
        // Only a bracket that holds nothing but the amount(s): "(85g)", "(85g/3oz)".
        if (inner && inner.unit) {
          const innerChain = chain(inner);
          if (tokens[innerChain[innerChain.length - 1]!.next]?.text === ')' && parts.length + innerChain.length <= MAX_PARTS) {
            parts.push(...innerChain);
            return parts;
          }
        }
      } else if (last.unit && measured(last) && !last.high) {
        const compound = startsAt(last.next);
        if (compound && compound.unit && measured(compound) === measured(last) && !compound.high) next = compound;
      }
      if (!next || next.article || parts.length >= MAX_PARTS) return parts;
      parts.push(next);
    }
  };
  const x = after(first, 0);
  if (!first.unit && !first.high && x && /^[x×]$/i.test(x.text)) {
    const inner = startsAt(first.next + 1);
    if (inner) return { multiplier: first, parts: chain(inner) };
  }
  // "Two 14-ounce cans", "2 28-oz cans": a count of items, each of the size that follows.
  const sized = !first.unit && !first.high && !first.article ? startsAt(first.next) : null;
  if (sized && sized.unit) return { multiplier: first, parts: chain(sized) };
  return { multiplier: null, parts: chain(first) };
}
