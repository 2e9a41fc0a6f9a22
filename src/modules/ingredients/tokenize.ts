/**
 * Splits an ingredient line into tokens with their offsets in the line: numbers (with their
 * decimal point or comma, fractions and vulgar fractions kept whole), words (hyphens, inner
 * dots and apostrophes kept: "free-range", "c.à.s", "z.B."), and single punctuation marks.
 * Numbers glued to words are split ("200g" → "200", "g"; "3½oz" → "3½", "oz"); French and
 * Italian elisions are split off ("d'ail" → "d'", "ail").
 */

export type TokenKind = 'number' | 'word' | 'punct';

export interface Token {
  text: string;
  start: number;
  end: number;
  kind: TokenKind;
}

// A Map, not an object literal: looked up with text from the line, which must never find a
// property of Object.prototype.
export const VULGAR_FRACTIONS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    '½': 1 / 2,
    '⅓': 1 / 3,
    '⅔': 2 / 3,
    '¼': 1 / 4,
    '¾': 3 / 4,
    '⅕': 1 / 5,
    '⅖': 2 / 5,
    '⅗': 3 / 5,
    '⅘': 4 / 5,
    '⅙': 1 / 6,
    '⅚': 5 / 6,
    '⅛': 1 / 8,
    '⅜': 3 / 8,
    '⅝': 5 / 8,
    '⅞': 7 / 8,
    '⅐': 1 / 7,
    '⅑': 1 / 9,
    '⅒': 1 / 10,
  }),
);
// The same characters as a literal, so the tokenizer's pattern can be checked statically (test/unit/redos.test.ts).
const VULGAR = '½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞⅐⅑⅒';

// number: "1/2" (one or two digits each side, so "200/250 g" is two numbers), "1⁄2", "3½", "1.5", "1,5", "½", "12"; word: letters with inner - . ' ’; punct: one other char.
const TOKEN_RE = new RegExp(
  `(\\d{1,2}\\s?[/⁄]\\s?\\d{1,2}(?!\\d)|\\d+(?:[.,]\\d+)?[${VULGAR}]?|[${VULGAR}])` +
    `|((?:[dlDL]|qu|Qu|all|dell|nell|un|sull)['’](?=\\p{L})|\\p{L}[\\p{L}\\p{M}'’]*(?:[-.][\\p{L}\\p{M}][\\p{L}\\p{M}'’]*)*)` +
    '|(\\S)',
  'gu',
);

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  for (const m of line.matchAll(TOKEN_RE)) {
    const start = m.index ?? 0;
    const kind: TokenKind = m[1] !== undefined ? 'number' : m[2] !== undefined ? 'word' : 'punct';
    tokens.push({ text: m[0], start, end: start + m[0].length, kind });
  }
  return tokens;
}
