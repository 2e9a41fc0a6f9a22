/**
 * The text of a scaled or converted ingredient line: the line as written, with only its first
 * amount (and the amounts tied to it, amount-spans.ts) replaced, so every other word stays where
 * the cook put it. Counts become plural or singular when they cross one ("1 egg" → "2 eggs":
 * the unit, or the food named right after the amount). Pure.
 */
import { findAmounts, firstGroup, type AmountGroup, type AmountSpan, type NumberSpan } from './amount-spans.js';
import { SIZE_WORDS } from './amounts.js';
import type { Amount, Converted, UnitSystemTarget } from './convert.js';
import { formatAmount, formatQuantity, roundQuantity, styleOf, unitLabel } from './format-quantity.js';
import type { ParsedIngredient } from './ingredient.types.js';
import type { Token } from './tokenize.js';
import { canonicalUnit, unitInfo } from './units.js';

type Convert = (amount: Amount, food: string | null, target: UnitSystemTarget) => Converted;
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** "(×2)", "(×0.5)": the factor beside a line shown as written. */
export function factorNote(factor: number): string {
  return `(×${Number(factor.toPrecision(3))})`;
}

const IRREGULAR = new Map([
  ['leaf', 'leaves'],
  ['half', 'halves'],
  ['loaf', 'loaves'],
  ['knife', 'knives'],
  ['chilli', 'chillies'],
]);
const IRREGULAR_BACK = new Map([...IRREGULAR].map(([a, b]) => [b, a]));

/** `word` written like `like`: its letters kept where they are the same, capitals if `like` is all capitals. */
function sameCase(word: string, like: string): string {
  if (like.length > 1 && like === like.toUpperCase()) return word.toUpperCase();
  let same = 0;
  while (same < word.length && same < like.length && word[same] === like[same]!.toLowerCase()) same++;
  const out = like.slice(0, same) + word.slice(same);
  return like[0] && like[0] !== like[0].toLowerCase() && same === 0 ? out[0]!.toUpperCase() + out.slice(1) : out;
}

/** An English noun's plural or singular; null when unsure (not plain ASCII letters, already so, borrowed). */
export function inflectNoun(word: string, plural: boolean): string | null {
  if (!/^[a-z]{3,}$/i.test(word)) return null;
  const w = word.toLowerCase();
  let out: string | null;
  if (plural) {
    // Words ending in "i" or "u" are mostly borrowed ("bouquet garni", "bok choi", "tofu"): left as written.
    if (/[siu]$/.test(w) && !IRREGULAR.has(w)) return null;
    out =
      IRREGULAR.get(w) ??
      (/[^aeiou]y$/.test(w)
        ? `${w.slice(0, -1)}ies`
        : /(?:x|z|ch|sh)$/.test(w) || /^(?:tomato|potato|mango)$/.test(w)
          ? `${w}es`
          : `${w}s`);
  } else {
    if (w.length < 4) return null;
    out =
      IRREGULAR_BACK.get(w) ??
      (w.endsWith('ies')
        ? `${w.slice(0, -3)}y`
        : /(?:x|z|ch|sh|tomato|potato|mango)es$/.test(w)
          ? w.slice(0, -2)
          : /[^siu]s$/.test(w)
            ? w.slice(0, -1)
            : null);
  }
  return out ? sameCase(out, word) : null;
}

/** The unit as written, made plural or singular in the cook's own spelling; unchanged when unsure ("tbsp", "oz"). */
export function inflectUnit(text: string, unit: string, plural: boolean): string {
  const info = unitInfo(unit);
  if (!info) return text;
  const lower = text.toLowerCase();
  if (lower === info.singular || lower === info.plural) return sameCase(plural ? info.plural : info.singular, text);
  const [first = '', ...rest] = text.split(' ');
  if (first.length < 4 || !/^\p{L}+$/u.test(first) || lower === info.abbreviation) return text;
  const tail = rest.length ? ` ${rest.join(' ')}` : '';
  const candidates = plural
    ? /s$/i.test(first)
      ? []
      : [`${first}s`, `${first}es`]
    : [first.replace(/es$/i, ''), first.replace(/s$/i, '')].filter((c) => c !== first);
  for (const c of candidates) if (canonicalUnit(`${c}${tail}`) === unit && c.length >= 3) return `${c}${tail}`;
  return text;
}

const upper = (a: AmountSpan) => (a.high ?? a.low).value;
const isPlural = (v: number) => v > 1 + 1e-9;

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function numberText(input: string, n: NumberSpan, value: number, style: ReturnType<typeof styleOf>): string {
  const text = formatQuantity(value, style);
  // A count the cook spelled out in English stays spelled out while it is a whole number up to twelve.
  const word = NUMBER_WORDS[Number(text)];
  const written = input.slice(n.start, n.end);
  if (n.word && word && NUMBER_WORDS.includes(written.toLowerCase())) return sameCase(word, written);
  return n.decimalComma ? text.replace('.', ',') : text;
}

// Grams and kilograms, millilitres and litres: a scaled amount steps to the unit a cook would
// use ("500g" ×2 → "1 kg", "1.5 kg" ×½ → "750 g"). Other metric units (cl, dl, mg) stay.
const METRIC_STEPS: ReadonlyMap<string, readonly [string, string, number]> = new Map([
  ['gram', ['gram', 'kilogram', 1]],
  ['kilogram', ['gram', 'kilogram', 1000]],
  ['milliliter', ['milliliter', 'liter', 1]],
  ['liter', ['milliliter', 'liter', 1000]],
]);

interface Scaled {
  span: AmountSpan;
  low: number;
  high: number | null;
  unit: string | null;
}

function scaledSpan(a: AmountSpan, factor: number): Scaled {
  const low = a.low.value * factor,
    high = a.high ? a.high.value * factor : null;
  const step = a.unit ? METRIC_STEPS.get(a.unit) : undefined;
  if (!step || a.article) return { span: a, low, high, unit: a.unit };
  const [small, large, size] = step;
  const base = low * size;
  const unit = base >= 1000 ? large : small;
  const k = size / (unit === large ? 1000 : 1);
  return { span: a, low: low * k, high: high === null ? null : high * k, unit };
}

/** Edits that scale one amount in place: its number(s), and its unit's plural when it crosses one. */
function scaleInPlace(input: string, s: Scaled, edits: Edit[]): void {
  const a = s.span;
  const style = styleOf(a.unit);
  const { low, high } = s;
  if (high !== null && a.high && roundQuantity(high, style) !== roundQuantity(low, style)) {
    edits.push({ start: a.low.start, end: a.low.end, text: numberText(input, a.low, low, style) });
    edits.push({ start: a.high.start, end: a.high.end, text: numberText(input, a.high, high, style) });
  } else {
    edits.push({ start: a.low.start, end: (a.high ?? a.low).end, text: numberText(input, a.low, low, style) });
  }
  const before = isPlural(upper(a)),
    after = isPlural(roundQuantity(high ?? low, style));
  if (a.unit && before !== after) {
    const written = input.slice(a.unitStart, a.unitEnd);
    const text = inflectUnit(written, a.unit, after);
    if (text !== written) edits.push({ start: a.unitStart, end: a.unitEnd, text });
  }
}

/** Edits that write the amounts anew ("1 kg/2 lb") once one of them changes unit. */
function rewrite(group: Scaled[], edits: Edit[]): void {
  for (const s of group) {
    const text = formatAmount(s.low, s.high, s.unit);
    edits.push({ start: s.span.low.start, end: s.span.unitEnd, text: s.span.low.decimalComma ? text.replace('.', ',') : text });
  }
}

/** Scales every amount of the group, in place unless one of them steps to another unit. */
function scaleAll(input: string, parts: AmountSpan[], factor: number, edits: Edit[]): void {
  const scaled = parts.map((p) => scaledSpan(p, factor));
  if (scaled.some((s) => s.unit !== s.span.unit)) rewrite(scaled, edits);
  else for (const s of scaled) scaleInPlace(input, s, edits);
}

/**
 * For a bare count ("1 lemon, zest of", "1 garlic clove"): the plural of the count unit a few
 * words on, or of the food's last word when the food is named right after the amount.
 */
function inflectCounted(line: ParsedIngredient, tokens: Token[], after: number, plural: boolean, edits: Edit[]): void {
  let j = after;
  // "1 (400g) can": the bracket gives the size of each.
  if (tokens[j]?.text === '(') {
    const close = tokens.findIndex((t, k) => k > j && t.text === ')');
    if (close > j) j = close + 1;
  }
  while (SIZE_WORDS.has(tokens[j]?.text.toLowerCase() ?? '')) j++;
  const at = tokens[j];
  if (!at || at.kind !== 'word') return;
  for (let k = j; k < j + 3 && tokens[k]?.kind === 'word'; k++) {
    const t = tokens[k]!;
    const unit = canonicalUnit(t.text);
    if (unit && unitInfo(unit)?.kind === 'count') {
      const text = inflectUnit(t.text, unit, plural);
      if (text !== t.text) edits.push({ start: t.start, end: t.end, text });
      return;
    }
  }
  const name = line.name?.trim();
  // "zest of 1 lemon and juice": which of several foods is counted is a guess; left as written.
  if (!name || /,|\b(?:and|or|&)\b/i.test(name)) return;
  const rest = line.input.slice(at.start);
  if (!rest.toLowerCase().startsWith(name.toLowerCase()) || /^[\p{L}\p{N}]/u.test(rest.slice(name.length))) return;
  // Split, not /(\S+)$/: that pattern is tried from every start and is quadratic in a long name.
  const lastWord = name.split(/\s/).pop() ?? '';
  const end = at.start + name.length;
  const text = inflectNoun(line.input.slice(end - lastWord.length, end), plural);
  if (text) edits.push({ start: end - lastWord.length, end, text });
}

/** True when the parse's quantity is the group's amount as read from the text. */
function agrees(line: ParsedIngredient, g: AmountGroup): boolean {
  const first = g.multiplier ?? g.parts[0]!;
  // "a pinch of salt", "One pound dry beans": the parse reads no number where the line spells it.
  if (line.quantity === null) return first.low.word && first.from === 0;
  const near = (v: number) => Math.abs(v - line.quantity!) <= 1e-5 * Math.max(1, Math.abs(v));
  const values = g.parts.map((p) => p.low.value);
  if (g.multiplier) values.push(g.multiplier.low.value, g.multiplier.low.value * g.parts[0]!.low.value);
  return values.some(near);
}

function apply(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * The display of a line scaled by `factor` and converted to `units`: `text`, and `noted` when the
 * line is shown as written with the factor beside it because the parse and the text disagree.
 */
export function scaledDisplay(
  line: ParsedIngredient,
  factor: number,
  units: UnitSystemTarget | undefined,
  convert: Convert,
): { text: string; noted: boolean } {
  const input = line.input;
  if (factor === 1 && !units) return { text: input, noted: false };
  const { tokens, amounts } = findAmounts(input);
  let group = firstGroup(tokens, amounts);
  if (group && !agrees(line, group) && line.quantity !== null) {
    // "60% dark chocolate pistoles, 1 cup": the amount comes later. Only a measured amount whose
    // unit is the parse's is taken; a bare number later on is more often a size ("7-bone racks").
    const later = amounts.findIndex(
      (a) => a.unit !== null && a.unit === line.unit && Math.abs(a.low.value - line.quantity!) <= 1e-5 * Math.max(1, a.low.value),
    );
    if (later > 0) group = firstGroup(tokens, amounts, later);
  }
  const noted = () => (factor === 1 ? { text: input, noted: false } : { text: `${input.trimEnd()} ${factorNote(factor)}`, noted: true });
  if (!group) return line.quantity === null ? { text: input, noted: false } : noted();
  if (!agrees(line, group)) return noted();
  const values = [group.multiplier, ...group.parts].flatMap((a) => (a ? [a.low.value, a.high?.value ?? 0] : []));
  if (!values.every((v) => Number.isFinite(v * factor))) return noted();
  const edits: Edit[] = [];
  const first = group.parts[0]!;
  if (group.multiplier) {
    // "2 x 400g tins": more tins, each the size it was.
    if (factor !== 1) {
      scaleAll(input, [group.multiplier], factor, edits);
      const m = group.multiplier,
        last = group.parts[group.parts.length - 1]!;
      const before = isPlural(upper(m)),
        after = isPlural(roundQuantity(upper(m) * factor, 'count'));
      if (before !== after) inflectCounted(line, tokens, tokens[last.next]?.text === ')' ? last.next + 1 : last.next, after, edits);
    }
  } else if (group.parts.length > 1) {
    // The same amount in two systems or two units: each scales, and the line already gives both.
    if (factor !== 1) scaleAll(input, group.parts, factor, edits);
  } else {
    const q: Amount = { quantity: first.low.value * factor, quantity_max: first.high ? first.high.value * factor : null, unit: first.unit };
    const c = units && first.unit && !first.sizeBetween && !first.article ? convert(q, line.name, units) : null;
    if (c && (c.via === 'unit' || c.via === 'density')) {
      const style = styleOf(c.unit);
      const [low, high] = [c.quantity!, c.quantity_max];
      // A range keeps the cook's separator ("2 to 3 cups" → "250 to 375 g").
      const text =
        first.high && high !== null && roundQuantity(high, style) !== roundQuantity(low, style)
          ? `${numberText(input, first.low, low, style)}${input.slice(first.low.end, first.high.start)}${numberText(input, first.high, high, style)} ${unitLabel(c.unit!, high)}`
          : formatAmount(low, null, c.unit, style);
      const glued = /^[\p{L}\p{N}]/u.test(input.slice(first.unitEnd)); // "1l.Wb": the unit ended with its dot
      edits.push({
        start: first.low.start,
        end: first.unitEnd,
        text: `${first.low.decimalComma && !first.high ? text.replace('.', ',') : text}${glued ? ' ' : ''}`,
      });
    } else if (factor !== 1) {
      scaleAll(input, [first], factor, edits);
      const style = styleOf(first.unit);
      const before = isPlural(upper(first)),
        after = isPlural(roundQuantity((q.quantity_max ?? q.quantity)!, style));
      if (!first.unit && before !== after) inflectCounted(line, tokens, first.next, after, edits);
    }
  }
  const text = apply(input, edits);
  // Each edit grows a number by a few characters at most; anything more is not an amount we understood.
  return text.length > input.length + 64 ? noted() : { text, noted: false };
}
