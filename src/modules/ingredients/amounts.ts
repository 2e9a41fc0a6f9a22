/**
 * Finding amounts in a token list: a quantity (number, fraction, mixed number, range) and the
 * unit that follows it ("200 g", "1 1/2 cups", "2-3 tbsp", "14 fl oz"), a unit alone at the
 * start of a line ("pinch of salt"), and the alternative amounts "200g/7oz" and "3 oz (85g)".
 */
import { readQuantity, tidy } from './quantity.js';
import type { Token } from './tokenize.js';
import { canonicalUnit, MAX_UNIT_WORDS } from './units.js';

export interface UnitMatch {
  unit: string;
  start: number;
  /** Index of the first token after the unit. */
  next: number;
}

export interface Amount {
  quantity: number | null;
  quantity_max: number | null;
  unit: string | null;
  /** Token index range [start, next) of the quantity (equal when there is none). */
  qtyStart: number;
  qtyNext: number;
  /** Token index range of the unit (equal when there is none). */
  unitStart: number;
  unitNext: number;
}

/** Size words that may sit between a quantity and its unit ("2 heaped tbsp", "1 large clove"). */
export const SIZE_WORDS = new Set([
  'small',
  'large',
  'medium',
  'big',
  'heaped',
  'heaping',
  'level',
  'rounded',
  'generous',
  'scant',
  'good',
  'little',
  'thick',
  'thin',
  'extra-large',
  'medium-sized',
  'medium-size',
  'large-ish',
  'jumbo',
  'whole',
  'petit',
  'petite',
  'petits',
  'petites',
  'grand',
  'grande',
  'grandes',
  'gros',
  'grosse',
  'grosses',
  'moyen',
  'moyenne',
  'klein',
  'kleine',
  'kleiner',
  'groot',
  'grote',
  'groß',
  'große',
  'großer',
  'mittelgroß',
  'mittelgroße',
  'pequeno',
  'pequena',
  'médio',
  'média',
  'mały',
  'mała',
  'małe',
  'duży',
  'duża',
  'duże',
  'średni',
  'średnia',
  'piccolo',
  'piccola',
  'grosso',
  'grossa',
  'medio',
  'media',
  'kis',
  'nagy',
  'közepes',
  'liten',
  'litet',
  'små',
  'stor',
  'stort',
  'stora',
  'pequeño',
  'pequeña',
  'mediano',
  'mediana',
  'lille',
  'store',
]);

/** The longest unit spelling starting at token i (dots inside and after it skipped), or null. */
export function matchUnit(tokens: Token[], i: number): UnitMatch | null {
  const first = tokens[i];
  if (!first || (first.kind !== 'word' && first.text !== '"' && first.text !== '#')) return null;
  const words: string[] = [];
  const ends: number[] = [];
  let j = i;
  while (j < tokens.length && words.length < MAX_UNIT_WORDS) {
    const t = tokens[j];
    if (!t) break;
    if (t.text === '.' && words.length) {
      j++;
      continue;
    }
    if (t.kind !== 'word' && !(words.length === 0 && t.text === '"')) break;
    words.push(t.text);
    j++;
    // A dot right after the word belongs to the abbreviation ("tbsp.", "c. à s.").
    while (tokens[j]?.text === '.' && tokens[j]?.start === tokens[j - 1]?.end) j++;
    ends.push(j);
  }
  for (let n = words.length; n >= 1; n--) {
    const unit = canonicalUnit(words.slice(0, n).join(' '));
    if (unit) return { unit, start: i, next: ends[n - 1] ?? i + n };
  }
  return null;
}

/**
 * The amount starting at token i: a quantity with an optional unit, or null. An 'x' between
 * quantities ("1 x 400g tin") is stepped over, and the quantity after it wins only when it has
 * a unit; size words between quantity and unit are stepped over too.
 */
export function readAmount(tokens: Token[], i: number): Amount | null {
  const q = readQuantity(tokens, i);
  if (!q) return null;
  let k = q.next;
  // "1 x 400g", "2x 200 g": the multiplied amount carries the unit.
  if (/^[x×]$/i.test(tokens[k]?.text ?? '')) {
    const inner = readAmount(tokens, k + 1);
    if (inner && inner.unit) return inner;
  }
  // "10-ounce", "1-inch": the hyphen glues a unit to its number.
  if (tokens[k]?.text === '-' && tokens[k + 1]?.kind === 'word') k++;
  let u = matchUnit(tokens, k);
  if (!u && SIZE_WORDS.has(tokens[k]?.text.toLowerCase() ?? '')) {
    const after = matchUnit(tokens, k + 1);
    if (after && after.unit !== 'inch' && after.unit !== 'centimeter') u = after;
  }
  return {
    quantity: tidy(q.value),
    quantity_max: q.max === null ? null : tidy(q.max),
    unit: u?.unit ?? null,
    qtyStart: i,
    qtyNext: q.next,
    unitStart: u ? u.start : k,
    unitNext: u ? u.next : k,
  };
}
