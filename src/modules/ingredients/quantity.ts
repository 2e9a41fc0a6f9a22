/**
 * Reading amounts: a number token's value ("1,5" → 1.5, "1/2" → 0.5, "3½" → 3.5), a mixed
 * number over two tokens ("1 1/2"), a range ("2-3", "2 to 3", "2 or 3", "2 à 3", "2 bis 3"),
 * and number words ("two", "zwei", "deux").
 */
import { VULGAR_FRACTIONS, type Token } from './tokenize.js';

// Number words of the supported languages that clash neither with English nor with a range word
// ("to" is Danish two but English "2 to 3"; "en", "un" and "a" are articles). A Map: any word of
// a line is looked up, and "constructor" or "__proto__" must not find Object.prototype's.
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    fifteen: 15,
    twenty: 20,
    deux: 2,
    trois: 3,
    quatre: 4,
    cinq: 5,
    twee: 2,
    drie: 3,
    vier: 4,
    vijf: 5,
    zwei: 2,
    drei: 3,
    fünf: 5,
    sechs: 6,
    dois: 2,
    duas: 2,
    três: 3,
    quatro: 4,
    dwa: 2,
    dwie: 2,
    trzy: 3,
    cztery: 4,
    due: 2,
    quattro: 4,
    kettő: 2,
    két: 2,
    három: 3,
    négy: 4,
    två: 2,
    fyra: 4,
    tres: 3,
    cuatro: 4,
  }),
);

/** The number when it is finite, else null: an amount that overflows is no amount. */
export const finiteOrNull = (n: number): number | null => (Number.isFinite(n) ? n : null);

/**
 * The value of one number token, or null ("1,5" and "1.5" → 1.5; "1,000" → 1000; "1/2" → 0.5;
 * "2½" → 2.5). A run of digits too long for a double (over ~309 digits) is null, not Infinity.
 */
export function numberValue(text: string): number | null {
  let s = text;
  let extra = 0;
  const last = s.at(-1) ?? '';
  const vulgar = VULGAR_FRACTIONS.get(last);
  if (vulgar !== undefined) {
    extra = vulgar;
    s = s.slice(0, -1);
    if (!s) return extra;
  }
  const frac = /^(\d+)\s?[/⁄]\s?(\d+)$/.exec(s);
  if (frac) {
    const d = Number(frac[2]);
    return d ? finiteOrNull(Number(frac[1]) / d + extra) : null;
  }
  // A comma before exactly three digits after 1-3 digits is a thousands separator ("1,000");
  // any other comma is a decimal comma ("1,5").
  if (/^\d{1,3},\d{3}$/.test(s)) return finiteOrNull(Number(s.replace(',', '')) + extra);
  return finiteOrNull(Number(s.replace(',', '.')) + extra);
}

export function numberWordValue(word: string): number | null {
  return NUMBER_WORDS.get(word.toLowerCase()) ?? null;
}

const RANGE_WORDS = new Set([
  '-',
  '–',
  '—',
  'to',
  'or',
  'à',
  'a',
  'tot',
  'bis',
  'do',
  'till',
  'til',
  'ou',
  'of',
  'oder',
  'o',
  'lub',
  'vagy',
  'eller',
]);

export interface QuantityMatch {
  value: number;
  max: number | null;
  /** Index of the first token after the amount. */
  next: number;
}

/** One amount starting at token i: a number, a mixed number, or a mixed number's range. */
function single(tokens: Token[], i: number): { value: number; next: number } | null {
  const t = tokens[i];
  if (!t) return null;
  if (t.kind === 'word') {
    const v = numberWordValue(t.text);
    return v === null ? null : { value: v, next: i + 1 };
  }
  if (t.kind !== 'number') return null;
  const v = numberValue(t.text);
  if (v === null) return null;
  const n = tokens[i + 1];
  // "1 1/2", "1 ½": a whole number followed by a fraction below one.
  if (
    n &&
    n.kind === 'number' &&
    Number.isInteger(v) &&
    !/[.,]/.test(t.text) &&
    n.start > t.end &&
    (/[/⁄]/.test(n.text) || VULGAR_FRACTIONS.has(n.text))
  ) {
    const f = numberValue(n.text);
    if (f !== null && f < 1) return { value: v + f, next: i + 2 };
  }
  // Polish/Hungarian "1 i 1/2", "1 és 1/2".
  const a = tokens[i + 1],
    b = tokens[i + 2];
  if (a && b && /^(i|és|and|en|und|et|e|y|og|och)$/i.test(a.text) && b.kind === 'number' && /[/⁄]/.test(b.text) && Number.isInteger(v)) {
    const f = numberValue(b.text);
    if (f !== null && f < 1) return { value: v + f, next: i + 3 };
  }
  return { value: v, next: i + 1 };
}

/** The amount at token i with an optional range ("2-3", "2 to 3", "2 or 3"), or null. */
export function readQuantity(tokens: Token[], i: number): QuantityMatch | null {
  const first = single(tokens, i);
  if (!first) return null;
  const sep = tokens[first.next];
  if (sep && RANGE_WORDS.has(sep.text.toLowerCase())) {
    const second = single(tokens, first.next + 1);
    if (second && second.value > first.value) return { value: first.value, max: second.value, next: second.next };
  }
  return { value: first.value, max: null, next: first.next };
}

/**
 * Rounds away float noise (1/3 stays 0.333333) so answers are stable and readable. Past 2^53 a
 * double has no fraction to round, and n * 1e6 could overflow to Infinity (a 1 followed by 303
 * zeros), so large numbers are returned as they are.
 */
export function tidy(n: number): number {
  if (!Number.isFinite(n) || Math.abs(n) >= 2 ** 53) return n;
  return Math.round(n * 1e6) / 1e6;
}
