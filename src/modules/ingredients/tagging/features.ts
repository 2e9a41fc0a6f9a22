/**
 * The tagger's features for each token: the word and its shape, affixes, its neighbours, what the
 * unit table and word lists say of it, where it stands in the line (before or after the first
 * comma, inside parentheses, after "for"), and what the rule-based labeller made of it. The
 * previous two predicted labels are added at decoding time (see perceptron.ts).
 */
import type { TokenLabel } from '../ingredient.types.js';
import { SIZE_WORDS } from '../amounts.js';
import { numberWordValue } from '../quantity.js';
import type { Token } from '../tokenize.js';
import { canonicalUnit } from '../units.js';
import { PREP_WORDS } from './rules.js';

const CONNECTORS = new Set(['of', 'de', "d'", 'du', 'des', 'di', 'del', 'della', 'van', 'von', 'z', 'ze', 'do', 'da', 'dos', 'das', 'a', 'an', 'the']);

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
  const s = t.text.replace(/\p{Lu}/gu, 'X').replace(/\p{Ll}/gu, 'x').replace(/(.)\1+/g, '$1$1');
  return s.length > 6 ? s.slice(0, 6) : s;
}

interface TokenInfo { w: string; st: string; shape: string; unit: string; num: boolean; kind: string }

function info(t: Token | undefined): TokenInfo {
  if (!t) return { w: '<none>', st: '<none>', shape: '<none>', unit: '-', num: false, kind: '-' };
  const w = t.text.toLowerCase();
  const num = t.kind === 'number' || numberWordValue(w) !== null;
  const unit = t.kind === 'word' || t.text === '"' ? (canonicalUnit(t.text) ?? '-') : '-';
  return { w, st: stem(w), shape: shape(t), unit, num, kind: t.kind };
}

/** Feature strings for every token (without the previous-label features). */
export function tokenFeatures(tokens: Token[], rules: TokenLabel[]): string[][] {
  const infos = tokens.map(info);
  const none = info(undefined);
  let commas = 0;
  let depth = 0;
  let afterFor = false;
  let afterOr = false;
  const out: string[][] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const c = infos[i] ?? none;
    const p1 = infos[i - 1] ?? none, p2 = infos[i - 2] ?? none, n1 = infos[i + 1] ?? none, n2 = infos[i + 2] ?? none;
    const rel = i === 0 ? 'first' : i === tokens.length - 1 ? 'last' : i / tokens.length < 0.34 ? 'early' : i / tokens.length < 0.67 ? 'mid' : 'late';
    const f = [
      'b', `w=${c.w}`, `st=${c.st}`, `sh=${c.shape}`, `p3=${c.w.slice(0, 3)}`, `s3=${c.w.slice(-3)}`, `s2=${c.w.slice(-2)}`,
      `u=${c.unit !== '-'}`, `num=${c.num}`, `rule=${rules[i]}`, `rule-1=${rules[i - 1] ?? '<s>'}`, `rule+1=${rules[i + 1] ?? '</s>'}`,
      `pos=${rel}`, `commas=${Math.min(commas, 2)}`, `paren=${depth > 0}`, `for=${afterFor}`, `or=${afterOr}`,
      `w-1=${p1.st}`, `w-2=${p2.st}`, `w+1=${n1.st}`, `w+2=${n2.st}`, `w-1w=${p1.st}|${c.st}`, `ww+1=${c.st}|${n1.st}`,
      `sh-1=${p1.shape}`, `sh+1=${n1.shape}`, `num-1=${p1.num}`, `num+1=${n1.num}`, `u-1=${p1.unit !== '-'}`, `u+1=${n1.unit !== '-'}`,
    ];
    if (SIZE_WORDS.has(c.w)) f.push('size');
    if (PREP_WORDS.has(c.w)) f.push('prep');
    if (CONNECTORS.has(c.w)) f.push('conn');
    if (t.kind === 'word' && /^\p{Lu}/u.test(t.text)) f.push(i === 0 ? 'cap0' : 'cap');
    if (/(ed|en)$/.test(c.w)) f.push('ed');
    if (c.w.endsWith('ly')) f.push('ly');
    if (c.w.endsWith('ing')) f.push('ing');
    if (c.w.includes('-')) f.push('hyph');
    out.push(f);
    if (t.text === ',' && depth === 0) { commas++; afterOr = false; }
    if (t.text === '(' || t.text === '[') depth++;
    if (t.text === ')' || t.text === ']') depth = Math.max(0, depth - 1);
    if (c.w === 'for' && depth === 0) afterFor = true;
    if (c.w === 'or' && depth === 0) afterOr = true;
  }
  return out;
}
