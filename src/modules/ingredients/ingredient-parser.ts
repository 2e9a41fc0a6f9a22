/**
 * The ingredient-line parser: tokenize, label each token (QTY, UNIT, SIZE, NAME, PREP, COMMENT,
 * PURPOSE, O), then assemble the labelled spans into a ParsedIngredient. Synchronous, no I/O
 * after the first call.
 */
import { trimCharsEnd, trimCharsStart } from '../../lib/trim-chars.js';
import { matchUnit } from './amounts.js';
import type { AlternativeAmount, ParsedIngredient, TokenLabel } from './ingredient.types.js';
import { finiteOrNull, readQuantity, tidy } from './quantity.js';
import { taggerLabels } from './tagging/perceptron.js';
import { tokenize, type Token } from './tokenize.js';

/**
 * Changes whenever the parser's output for some line changes (rules, unit table, model), or the
 * stored form of a parse does (5: lines stored in the response's form, `display` included;
 * recipes/ingredient-lines.ts; 6: amounts are always finite, words such as "constructor"
 * are no number, at most MAX_ALTERNATIVES alternatives). Stored next to parsed lines so they can be re-parsed when it moves.
 */
export const PARSER_VERSION = '6';

/** The most `alternatives` a parse lists. */
export const MAX_ALTERNATIVES = 20;

/** Lines longer than this are cut before parsing (the route refuses longer ones outright). */
export const MAX_LINE_LENGTH = 500;

export type Labeller = (tokens: Token[]) => TokenLabel[];

// Punctuation that may sit inside one span ("peeled, seeded and chopped", "free-range").
const JOINERS = new Set([',', '-', '–', '/', '&', "'", '’', '+', ';', ':', '.']);

interface Span {
  label: TokenLabel;
  from: number;
  to: number;
}

function spans(tokens: Token[], labels: TokenLabel[]): Span[] {
  const out: Span[] = [];
  let cur: Span | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const label = labels[i] ?? 'O';
    if (label === 'O') {
      // Joiner punctuation keeps the current span open if the same label follows it.
      if (cur && JOINERS.has(tokens[i]?.text ?? '')) {
        let j = i + 1;
        while (j < tokens.length && labels[j] === 'O' && JOINERS.has(tokens[j]?.text ?? '')) j++;
        if (labels[j] === cur.label && cur.label !== 'QTY' && cur.label !== 'UNIT') {
          i = j - 1;
          continue;
        }
      }
      if (cur) out.push(cur);
      cur = null;
      continue;
    }
    if (cur && cur.label === label) cur.to = i;
    else {
      if (cur) out.push(cur);
      cur = { label, from: i, to: i };
    }
  }
  if (cur) out.push(cur);
  return out;
}

function textOf(line: string, tokens: Token[], s: Span): string {
  return line.slice(tokens[s.from]?.start ?? 0, tokens[s.to]?.end ?? 0);
}

function joined(line: string, tokens: Token[], all: Span[], labels: TokenLabel[]): string | null {
  const parts = all
    .filter((s) => labels.includes(s.label))
    .map((s) => textOf(line, tokens, s).trim())
    .filter(Boolean);
  if (!parts.length) return null;
  const text = trimCharsEnd(trimCharsStart(parts.join(' ').replace(/\s+/g, ' '), ' ,;:.-–'), ' ,;:-–').trim();
  return text || null;
}

/** Parses the labelled tokens of one amount span into quantity / range. */
function quantityOf(tokens: Token[], s: Span): { quantity: number; quantity_max: number | null } | null {
  const slice = tokens.slice(s.from, s.to + 1);
  const q = readQuantity(slice, 0);
  if (!q) return null;
  return { quantity: tidy(q.value), quantity_max: q.max === null ? null : tidy(q.max) };
}

export function assemble(input: string, line: string, tokens: Token[], labels: TokenLabel[]): ParsedIngredient {
  const all = spans(tokens, labels);
  // "4 x 175g/6oz fillets": the first number is a multiplier of the amounts that follow it
  // before the food's name; they are given in total (700 g, 24 oz).
  let multiplier = 1;
  let multiplied = -1;
  const firstName = all.find((s) => s.label === 'NAME')?.from ?? tokens.length;
  const first = all[0];
  if (first?.label === 'QTY' && /^[x×]$/i.test(tokens[first.to + 1]?.text ?? '') && labels[first.to + 2] === 'QTY') {
    const m = quantityOf(tokens, first);
    if (m && m.quantity_max === null && m.quantity > 0) {
      multiplier = m.quantity;
      multiplied = first.from;
    }
  }
  const amounts: AlternativeAmount[] = [];
  let pending: AlternativeAmount | null = null;
  for (const s of all) {
    if (s.label === 'QTY') {
      if (s.from === multiplied) continue;
      const q = quantityOf(tokens, s);
      if (!q) continue;
      if (pending) amounts.push(pending);
      const k = multiplier !== 1 && s.from < firstName ? multiplier : 1;
      // "1e200 x 1e200 g" multiplies past the largest double: that amount is no amount.
      const quantity = finiteOrNull(tidy(q.quantity * k));
      if (quantity === null) continue;
      const max = q.quantity_max === null ? null : finiteOrNull(tidy(q.quantity_max * k));
      pending = { quantity, quantity_max: max, unit: null };
    } else if (s.label === 'UNIT') {
      const u = matchUnit(tokens, s.from);
      if (!u) continue;
      if (pending && pending.unit === null) {
        pending.unit = u.unit;
        amounts.push(pending);
        pending = null;
      } else amounts.push({ quantity: null, quantity_max: null, unit: u.unit });
    }
  }
  if (pending) amounts.push(pending);
  const firstQty = amounts.find((a) => a.quantity !== null);
  // The first quantity and the first unit of the line, as the labelled data counts them: in
  // "4 salmon steaks (about 6 ounces each)" that is 4 and ounce; the amounts as they pair on the
  // line are in `alternatives` (here 6 ounce), so a consumer can tell.
  const firstUnit = amounts.find((a) => a.unit !== null);
  const main: AlternativeAmount = {
    quantity: firstQty?.quantity ?? null,
    quantity_max: firstQty?.quantity_max ?? null,
    unit: firstUnit?.unit ?? null,
  };
  const comment = joined(line, tokens, all, ['COMMENT', 'PURPOSE']);
  const result: ParsedIngredient = {
    input,
    quantity: main.quantity,
    quantity_max: main.quantity_max,
    unit: main.unit,
    name: joined(line, tokens, all, ['NAME']),
    size: joined(line, tokens, all, ['SIZE']),
    preparation: joined(line, tokens, all, ['PREP']),
    comment,
  };
  // A line of dozens of amounts ("10-0 g, 11-1 g, ...") is no ingredient: past the schema's
  // limit the rest are left out rather than answered against the contract.
  const alternatives = amounts.filter((a) => a !== firstQty && a.quantity !== null).slice(0, MAX_ALTERNATIVES);
  if (alternatives.length) result.alternatives = alternatives;
  return result;
}

// Words that join an amount to the food in the supported languages ("500 g de carottes",
// "2 dentes de alho", "1 cucchiaio di zucchero"); never the first word of a name.
const LEADING_CONNECTORS = new Set([
  'of',
  'de',
  "d'",
  'd’',
  'du',
  'des',
  'di',
  'del',
  'della',
  'dello',
  'degli',
  'delle',
  'van',
  'von',
  'z',
  'ze',
  'do',
  'da',
  'dos',
  'das',
]);

/** Fixes the labeller cannot get wrong by construction: whole multi-word units, no leading "de". */
function repair(tokens: Token[], labels: TokenLabel[]): TokenLabel[] {
  const out = [...labels];
  for (let i = 0; i < tokens.length; i++) {
    if (out[i] === 'UNIT' && out[i - 1] !== 'UNIT') {
      const u = matchUnit(tokens, i);
      if (u) for (let k = i; k < u.next; k++) out[k] = tokens[k]?.kind === 'punct' ? 'O' : 'UNIT';
    }
  }
  const firstName = out.indexOf('NAME');
  if (firstName >= 0 && LEADING_CONNECTORS.has(tokens[firstName]?.text.toLowerCase() ?? '') && out[firstName + 1] === 'NAME')
    out[firstName] = 'O';
  return out;
}

let labeller: Labeller = (tokens) => taggerLabels(tokens);

/** Parses one line. Never throws; an empty line gives all nulls. */
export function parseIngredientLine(input: string): ParsedIngredient {
  // "carotte(s)", "tomate(s)": the plural marker is not a word of its own.
  const line = String(input ?? '')
    .slice(0, MAX_LINE_LENGTH)
    .replace(/(?<=\p{L})\((?:s|es|x|n|en|e)\)/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
  const tokens = tokenize(line);
  if (!tokens.length)
    return { input, quantity: null, quantity_max: null, unit: null, name: null, size: null, preparation: null, comment: null };
  return withFiniteAmounts(assemble(input, line, tokens, repair(tokens, labeller(tokens))));
}

/**
 * The last guard of the rule that every amount is a finite number: one that is not (NaN or
 * Infinity would become null in JSON, or break a response schema) is dropped as if the line
 * had none, and the line's text is kept as written.
 */
export function withFiniteAmounts<P extends ParsedIngredient>(p: P): P {
  const ok = (n: number | null) => n === null || Number.isFinite(n);
  const out = ok(p.quantity) && ok(p.quantity_max) ? p : { ...p, quantity: null, quantity_max: null };
  if (!out.alternatives?.some((a) => !ok(a.quantity) || !ok(a.quantity_max))) return out;
  const alternatives = out.alternatives.filter((a) => ok(a.quantity) && ok(a.quantity_max));
  const { alternatives: _dropped, ...rest } = out;
  return (alternatives.length ? { ...rest, alternatives } : rest) as P;
}

export function parseIngredientLines(lines: string[]): ParsedIngredient[] {
  return lines.map(parseIngredientLine);
}

/** For tests and the training script: parse with another labeller (the rules alone, a model being trained). */
export function parseWithLabeller(input: string, with_: Labeller): ParsedIngredient {
  const saved = labeller;
  labeller = with_;
  try {
    return parseIngredientLine(input);
  } finally {
    labeller = saved;
  }
}
