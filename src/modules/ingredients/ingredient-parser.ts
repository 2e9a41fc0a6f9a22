/**
 * The ingredient-line parser: tokenize, label each token (QTY, UNIT, SIZE, NAME, PREP, COMMENT,
 * PURPOSE, O), then assemble the labelled spans into a ParsedIngredient. Synchronous, no I/O
 * after the first call.
 */
import { matchUnit } from './amounts.js';
import type { AlternativeAmount, ParsedIngredient, TokenLabel } from './ingredient.types.js';
import { readQuantity, tidy } from './quantity.js';
import { ruleLabels } from './tagging/rules.js';
import { tokenize, type Token } from './tokenize.js';

/**
 * Changes whenever the parser's output for some line changes (rules, unit table, model).
 * Stored next to parsed lines so they can be re-parsed when it moves.
 */
export const PARSER_VERSION = '1';

/** Lines longer than this are cut before parsing (the route refuses longer ones outright). */
export const MAX_LINE_LENGTH = 500;

export type Labeller = (tokens: Token[]) => TokenLabel[];

// Punctuation that may sit inside one span ("peeled, seeded and chopped", "free-range").
const JOINERS = new Set([',', '-', '–', '/', '&', "'", '’', '+', ';', ':', '.']);

interface Span { label: TokenLabel; from: number; to: number }

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
        if (labels[j] === cur.label && cur.label !== 'QTY' && cur.label !== 'UNIT') { i = j - 1; continue; }
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
  const parts = all.filter((s) => labels.includes(s.label)).map((s) => textOf(line, tokens, s).trim()).filter(Boolean);
  if (!parts.length) return null;
  const text = parts.join(' ').replace(/\s+/g, ' ').replace(/^[\s,;:.\-–]+|[\s,;:\-–]+$/g, '').trim();
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
  const amounts: AlternativeAmount[] = [];
  let pending: AlternativeAmount | null = null;
  for (const s of all) {
    if (s.label === 'QTY') {
      const q = quantityOf(tokens, s);
      if (!q) continue;
      if (pending) amounts.push(pending);
      pending = { ...q, unit: null };
    } else if (s.label === 'UNIT') {
      const u = matchUnit(tokens, s.from);
      if (!u) continue;
      if (pending && pending.unit === null) { pending.unit = u.unit; amounts.push(pending); pending = null; }
      else amounts.push({ quantity: null, quantity_max: null, unit: u.unit });
    }
  }
  if (pending) amounts.push(pending);
  const firstQty = amounts.find((a) => a.quantity !== null);
  const firstUnit = amounts.find((a) => a.unit !== null);
  const main: AlternativeAmount = { quantity: firstQty?.quantity ?? null, quantity_max: firstQty?.quantity_max ?? null, unit: firstUnit?.unit ?? null };
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
  const alternatives = amounts.filter((a) => a !== firstQty && a !== firstUnit && a.quantity !== null);
  if (alternatives.length) result.alternatives = alternatives;
  return result;
}

let labeller: Labeller = ruleLabels;

/** Parses one line. Never throws; an empty line gives all nulls. */
export function parseIngredientLine(input: string): ParsedIngredient {
  const line = String(input ?? '').slice(0, MAX_LINE_LENGTH).replace(/\s+/g, ' ').trim();
  const tokens = tokenize(line);
  if (!tokens.length) return { input, quantity: null, quantity_max: null, unit: null, name: null, size: null, preparation: null, comment: null };
  return assemble(input, line, tokens, labeller(tokens));
}

export function parseIngredientLines(lines: string[]): ParsedIngredient[] {
  return lines.map(parseIngredientLine);
}

/** For tests and the training script: label with the rules only. */
export function parseWithLabeller(input: string, with_: Labeller): ParsedIngredient {
  const saved = labeller;
  labeller = with_;
  try { return parseIngredientLine(input); } finally { labeller = saved; }
}
