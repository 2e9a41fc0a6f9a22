/**
 * The tagger's features for each token: the word and its shape, affixes, its neighbours, what the
 * unit table and word lists say of it, where it stands in the line (before or after the first
 * comma, inside parentheses, after "for"), and what the rule-based labeller made of it. The
 * previous two predicted labels are added at decoding time (see perceptron.ts).
 */
import { BoundedMap } from '../../../lib/bounded-map.js';
import type { TokenLabel } from '../ingredient.types.js';
import { SIZE_WORDS } from '../amounts.js';
import { numberWordValue } from '../quantity.js';
import type { Token } from '../tokenize.js';
import { canonicalUnit } from '../units.js';
import { PREP_WORDS } from './rules.js';

const CONNECTORS = new Set([
  'of',
  'de',
  "d'",
  'du',
  'des',
  'di',
  'del',
  'della',
  'van',
  'von',
  'z',
  'ze',
  'do',
  'da',
  'dos',
  'das',
  'a',
  'an',
  'the',
]);

/** Folds a word for lookups: lower case, plural endings dropped ("leaves" → "leaf", "tomatoes" → "tomato"). */
export function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length <= 3) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  // leaves, loaves, halves, scarves; not cloves, olives, chives.
  if (/(ea|oa|al|ar)ves$/.test(w)) return `${w.slice(0, -3)}f`;
  if (/(ch|sh|x|o|ss)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) return w.slice(0, -1);
  return w;
}

function shape(t: Token): string {
  if (t.kind === 'number') return /[/⁄]/.test(t.text) ? 'frac' : /[^\d.,]/.test(t.text) ? 'vulgar' : /[.,]/.test(t.text) ? 'dec' : 'int';
  if (t.kind === 'punct') return t.text;
  const s = t.text
    .replace(/\p{Lu}/gu, 'X')
    .replace(/\p{Ll}/gu, 'x')
    .replace(/(.)\1+/g, '$1$1');
  return s.length > 6 ? s.slice(0, 6) : s;
}

interface TokenInfo {
  w: string;
  st: string;
  shape: string;
  unit: string;
  num: boolean;
  kind: string;
}

const NONE: TokenInfo = { w: '<none>', st: '<none>', shape: '<none>', unit: '-', num: false, kind: '-' };
// What a token's text says is the same every time: kept for the words seen last, which also
// keeps their strings (and hashes) for the decoder's lookups.
const INFOS = new BoundedMap<string, TokenInfo>(20_000);

function info(t: Token | undefined): TokenInfo {
  if (!t) return NONE;
  const key = `${t.kind}:${t.text}`;
  const hit = INFOS.get(key);
  if (hit) return hit;
  const w = t.text.toLowerCase();
  const num = t.kind === 'number' || numberWordValue(w) !== null;
  const unit = t.kind === 'word' || t.text === '"' ? (canonicalUnit(t.text) ?? '-') : '-';
  const made = { w, st: stem(w), shape: shape(t), unit, num, kind: t.kind };
  INFOS.set(key, made);
  return made;
}

/**
 * Features of the token alone (its text and kind), the same wherever it stands: the decoder sums
 * their weights once per distinct word and caches the sum. The first is the bias, the second the word.
 */
export function wordFeatures(t: Token): string[] {
  const c = info(t);
  const f = [
    'b',
    `w=${c.w}`,
    `st=${c.st}`,
    `sh=${c.shape}`,
    `p3=${c.w.slice(0, 3)}`,
    `s3=${c.w.slice(-3)}`,
    `s2=${c.w.slice(-2)}`,
    `u=${c.unit !== '-'}`,
    `num=${c.num}`,
  ];
  if (SIZE_WORDS.has(c.w)) f.push('size');
  if (PREP_WORDS.has(c.w)) f.push('prep');
  if (CONNECTORS.has(c.w)) f.push('conn');
  if (/(ed|en)$/.test(c.w)) f.push('ed');
  if (c.w.endsWith('ly')) f.push('ly');
  if (c.w.endsWith('ing')) f.push('ing');
  if (c.w.includes('-')) f.push('hyph');
  return f;
}

/**
 * Visits the features that depend on the token's place in the line (neighbours, position, rule
 * labels) as (token, template, value, second value): the string form is `template=value` or
 * `template=value|second`, or the bare template. One walk serves both training (strings) and
 * the decoder (which looks the parts up without building strings).
 */
export type ContextVisitor = (i: number, template: string, a?: string, b?: string) => void;
const BOOL = (x: boolean) => (x ? 'true' : 'false');
const COMMAS = ['0', '1', '2'];

export function visitContext(tokens: Token[], rules: TokenLabel[], visit: ContextVisitor): void {
  const infos = tokens.map(info);
  const none = NONE;
  let commas = 0;
  let depth = 0;
  let afterFor = false;
  let afterOr = false;
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as Token;
    const c = infos[i] ?? none;
    const p1 = infos[i - 1] ?? none,
      p2 = infos[i - 2] ?? none,
      n1 = infos[i + 1] ?? none,
      n2 = infos[i + 2] ?? none;
    const rel = i === 0 ? 'first' : i === n - 1 ? 'last' : i / n < 0.34 ? 'early' : i / n < 0.67 ? 'mid' : 'late';
    visit(i, 'rule', rules[i] ?? 'O');
    visit(i, 'rule-1', rules[i - 1] ?? '<s>');
    visit(i, 'rule+1', rules[i + 1] ?? '</s>');
    visit(i, 'pos', rel);
    visit(i, 'commas', COMMAS[Math.min(commas, 2)]);
    visit(i, 'paren', BOOL(depth > 0));
    visit(i, 'for', BOOL(afterFor));
    visit(i, 'or', BOOL(afterOr));
    visit(i, 'w-1', p1.st);
    visit(i, 'w-2', p2.st);
    visit(i, 'w+1', n1.st);
    visit(i, 'w+2', n2.st);
    visit(i, 'w-1w', p1.st, c.st);
    visit(i, 'ww+1', c.st, n1.st);
    visit(i, 'sh-1', p1.shape);
    visit(i, 'sh+1', n1.shape);
    visit(i, 'num-1', BOOL(p1.num));
    visit(i, 'num+1', BOOL(n1.num));
    visit(i, 'u-1', BOOL(p1.unit !== '-'));
    visit(i, 'u+1', BOOL(n1.unit !== '-'));
    if (t.kind === 'word' && /^\p{Lu}/u.test(t.text)) visit(i, i === 0 ? 'cap0' : 'cap');
    if (t.text === ',' && depth === 0) {
      commas++;
      afterOr = false;
    }
    if (t.text === '(' || t.text === '[') depth++;
    if (t.text === ')' || t.text === ']') depth = Math.max(0, depth - 1);
    if (c.w === 'for' && depth === 0) afterFor = true;
    if (c.w === 'or' && depth === 0) afterOr = true;
  }
}

/** The string form of one visited feature. */
export function featureString(template: string, a?: string, b?: string): string {
  return a === undefined ? template : b === undefined ? `${template}=${a}` : `${template}=${a}|${b}`;
}

/** Context features as strings, per token. */
export function contextFeatures(tokens: Token[], rules: TokenLabel[]): string[][] {
  const out: string[][] = tokens.map(() => []);
  visitContext(tokens, rules, (i, tpl, a, b) => {
    out[i]?.push(featureString(tpl, a, b));
  });
  return out;
}

/** Every feature of every token (without the previous-label features): what training sees. */
export function tokenFeatures(tokens: Token[], rules: TokenLabel[]): string[][] {
  const ctx = contextFeatures(tokens, rules);
  return tokens.map((t, i) => [...wordFeatures(t), ...(ctx[i] ?? [])]);
}
