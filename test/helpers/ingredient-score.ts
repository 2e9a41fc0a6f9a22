/**
 * The scoring rules of ../shared/tools/score-ingredients.mjs, in process: the first quantity
 * (both ends of a range), the first unit after mapping spellings to one name, and the token F1
 * of the name. Kept the same so the in-process test and the training script agree with the
 * scorer that runs against a server.
 */
import type { ParsedIngredient } from '../../src/modules/ingredients/ingredient.types.js';

export interface LabelledCase {
  source: string;
  input: string;
  name: string;
  quantity: string;
  unit: string;
  size: string;
  preparation: string;
  comment: string;
  purpose: string;
}

export function readCases(tsv: string): LabelledCase[] {
  const rows = tsv.trim().split('\n');
  const head = (rows.shift() ?? '').split('\t');
  return rows.map((l) => {
    const v = l.split('\t');
    const o: Record<string, string> = {};
    head.forEach((h, i) => {
      o[h] = v[i] ?? '';
    });
    return o as unknown as LabelledCase;
  });
}

function qty(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)?(?:#(\d+)\$(\d+))?$/.exec(s);
  if (!m || (!m[1] && !m[2])) return null;
  return (m[1] ? Number(m[1]) : 0) + (m[2] ? Number(m[2]) / Number(m[3]) : 0);
}

/** The label's first quantity; null when none, undefined when the label is not a number ("few", "1x"). */
export function expectedQuantity(field: string): { min: number; max: number } | null | undefined {
  const first = (field || '').trim().split(/\s+/)[0];
  if (!first) return null;
  const [a, b] = first.split('-');
  const lo = qty(a ?? ''),
    hi = b !== undefined ? qty(b) : null;
  if (lo === null) return undefined;
  return { min: lo, max: hi ?? lo };
}

const UNIT_SYNONYMS = [
  ['tablespoon', 'tbsp', 'tbs', 'tbl', 'tb', 'T', 'tbsps', 'tablespoonful'],
  ['teaspoon', 'tsp', 'ts', 't', 'tsps', 'teaspoonful'],
  ['gram', 'g', 'gr', 'gm', 'gramme', 'grams'],
  ['kilogram', 'kg', 'kilo', 'kgs'],
  ['milligram', 'mg'],
  ['ounce', 'oz', 'ozs'],
  ['fluid ounce', 'fl oz', 'fl. oz', 'floz', 'fluid oz'],
  ['pound', 'lb', 'lbs', '#'],
  ['milliliter', 'ml', 'millilitre', 'mls'],
  ['liter', 'l', 'litre', 'ltr'],
  ['centiliter', 'cl', 'centilitre'],
  ['deciliter', 'dl', 'decilitre'],
  ['cup', 'c', 'cups'],
  ['pint', 'pt'],
  ['quart', 'qt'],
  ['gallon', 'gal'],
  ['inch', 'in', '"'],
  ['centimeter', 'cm', 'centimetre'],
];
const UNIT_OF = new Map<string, string>();
for (const [canon, ...alts] of UNIT_SYNONYMS) for (const u of [canon, ...alts]) UNIT_OF.set((u as string).toLowerCase(), canon as string);

export function scorerUnit(u: string | null | undefined): string {
  if (u === undefined || u === null) return '';
  const s = String(u).toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ').trim();
  if (!s) return '';
  if (UNIT_OF.has(s)) return UNIT_OF.get(s) ?? '';
  const sing = s.replace(/(?<=[a-z]{3})(es|s)$/, '');
  return UNIT_OF.get(sing) ?? sing;
}

const SIZE_WORDS = new Set(['small', 'large', 'medium', 'big', 'heaped', 'heaping', 'level', 'rounded', 'generous', 'scant', 'good']);
export function firstLabelUnit(field: string): string {
  const w = field.trim().split(/\s+/).filter(Boolean);
  if (!w.length) return '';
  if (w.length >= 2 && (UNIT_OF.has(`${w[0]} ${w[1]}`.toLowerCase()) || SIZE_WORDS.has((w[0] ?? '').toLowerCase())))
    return `${w[0]} ${w[1]}`;
  return w[0] ?? '';
}

export const scorerTokens = (s: string | null | undefined): string[] =>
  String(s ?? '')
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((t) =>
      t.length > 3
        ? t
            .replace(/(ies)$/, 'y')
            .replace(/(?<=[a-z]{2}(?:ch|sh|x|o))es$/, '')
            .replace(/(?<![su])s$/, '')
        : t,
    );

export function nameF1(a: string | null | undefined, b: string): number {
  const x = scorerTokens(a),
    y = scorerTokens(b);
  if (!x.length && !y.length) return 1;
  if (!x.length || !y.length) return 0;
  const pool = [...y];
  let hit = 0;
  for (const t of x) {
    const i = pool.indexOf(t);
    if (i >= 0) {
      hit++;
      pool.splice(i, 1);
    }
  }
  const p = hit / x.length,
    r = hit / y.length;
  return p + r ? (2 * p * r) / (p + r) : 0;
}

export interface ScoreReport {
  quantity: number;
  unit: number;
  name: number;
  nameOk: number;
  bySource: Record<string, { quantity: number; unit: number; name: number; lines: number }>;
  misses: string[];
  /** Printed the way the shared scorer prints them. */
  lines: string[];
}

export function scoreCases(
  cases: LabelledCase[],
  got: (Pick<ParsedIngredient, 'quantity' | 'quantity_max' | 'unit' | 'name'> | null)[],
): ScoreReport {
  type Acc = [number, number];
  const sums: Record<'quantity' | 'unit' | 'name' | 'name_ok', Acc> = { quantity: [0, 0], unit: [0, 0], name: [0, 0], name_ok: [0, 0] };
  const src: Record<string, Record<'quantity' | 'unit' | 'name', Acc>> = {};
  const misses: string[] = [];
  cases.forEach((c, i) => {
    const g = got[i] ?? null;
    const s = (src[c.source] ??= { quantity: [0, 0], unit: [0, 0], name: [0, 0] });
    const add = (k: 'quantity' | 'unit' | 'name', v: number) => {
      sums[k][0] += v;
      sums[k][1]++;
      s[k][0] += v;
      s[k][1]++;
    };
    const eq = expectedQuantity(c.quantity);
    if (eq !== undefined) {
      const gm = g?.quantity ?? null;
      const gx = g?.quantity_max ?? gm;
      const ok =
        eq === null ? gm === null || gm === 0 : gm !== null && Math.abs(gm - eq.min) < 1e-6 && Math.abs((gx ?? gm) - eq.max) < 1e-6;
      add('quantity', ok ? 1 : 0);
      if (!ok) misses.push(`quantity: ${c.input} → expected ${eq ? `${eq.min}-${eq.max}` : 'none'}, got ${gm}-${gx}`);
    }
    const eu = scorerUnit(firstLabelUnit(c.unit || ''));
    const gu = scorerUnit(g?.unit);
    add('unit', eu === gu ? 1 : 0);
    if (eu !== gu) misses.push(`unit: ${c.input} → expected "${eu}", got "${gu}"`);
    const nf = nameF1(g?.name, c.name);
    add('name', nf);
    sums.name_ok[0] += nf >= 0.8 ? 1 : 0;
    sums.name_ok[1]++;
    if (nf < 0.8) misses.push(`name: ${c.input} → expected "${c.name}", got "${g?.name ?? ''}"`);
  });
  const pct = ([a, n]: Acc) => (n ? (100 * a) / n : NaN);
  const f = (a: Acc) => (a[1] ? pct(a).toFixed(1) : '-');
  const lines: string[] = [];
  for (const [name, s] of Object.entries(src))
    lines.push(`source ${name.padEnd(13)} quantity ${f(s.quantity)}%  unit ${f(s.unit)}%  name F1 ${f(s.name)}%  over ${s.unit[1]} lines`);
  lines.push(
    `field quantity ${f(sums.quantity)}%`,
    `field unit     ${f(sums.unit)}%`,
    `field name_f1  ${f(sums.name)}%`,
    `field name_ok  ${f(sums.name_ok)}%`,
  );
  lines.push(`ingredients-accuracy: quantity ${f(sums.quantity)}% unit ${f(sums.unit)}% name ${f(sums.name)}% over ${cases.length} lines`);
  return {
    quantity: pct(sums.quantity),
    unit: pct(sums.unit),
    name: pct(sums.name),
    nameOk: pct(sums.name_ok),
    bySource: Object.fromEntries(
      Object.entries(src).map(([k, s]) => [k, { quantity: pct(s.quantity), unit: pct(s.unit), name: pct(s.name), lines: s.unit[1] }]),
    ),
    misses,
    lines,
  };
}
