/**
 * Scoring of recipe extraction on the saved real pages, by the rules of
 * ../shared/tools/score-scrape.mjs (same normalisation, same matching, same per-field scores),
 * plus the two things that tool does not know: the two folders of pages together, and the fixed
 * held-back split.
 *
 * The held-back split: a page of recipe-pages-more/ is held back when the first 32 bits of the
 * SHA-256 of its host (the `host` column of cases.tsv), read as an unsigned big-endian number and
 * divided by 2^32, are below 0.3. That puts 75 of the 257 pages (one per website) out of sight
 * while rules are changed; the 70 pages of recipe-pages/ were tuned on before and are never held
 * back. Used by scripts/score-scrape.ts, the fixture tests and bench/scrape-extract.ts.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_FIXTURES = process.env.RECIPE_FIXTURES_ROOT
  ? path.resolve(process.env.RECIPE_FIXTURES_ROOT)
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');

/** The two folders of saved pages: `dev` (70, tuned on for long) and `more` (257, one per website). */
export const PAGE_SETS = { dev: 'recipe-pages', more: 'recipe-pages-more' } as const;
export type PageSet = keyof typeof PAGE_SETS;

export const HELD_BACK_SHARE = 0.3;

/** Whether a page of recipe-pages-more/ is in the held-back set (see the rule above). */
export function isHeldBack(host: string): boolean {
  return createHash('sha256').update(host).digest().readUInt32BE(0) / 2 ** 32 < HELD_BACK_SHARE;
}

export interface ScoreCase {
  name: string;
  set: PageSet;
  host: string;
  /** json-ld, json-ld-malformed, microdata or none (cases.tsv). */
  markup: string;
  heldBack: boolean;
  htmlPath: string;
  expected: Record<string, unknown>;
}

/** The cases of the given sets, in name order per set; [] for a set whose folder is missing. */
export function loadScoreCases(sets: PageSet[] = ['dev', 'more']): ScoreCase[] {
  const out: ScoreCase[] = [];
  for (const set of sets) {
    const dir = path.join(SHARED_FIXTURES, PAGE_SETS[set]);
    const tsv = path.join(dir, 'cases.tsv');
    if (!fs.existsSync(tsv)) continue;
    const lines = fs
      .readFileSync(tsv, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() && !l.startsWith('#'));
    const head = lines[0]!.split('\t');
    const meta = new Map(
      lines.slice(1).map((l) => {
        const cols = l.split('\t');
        const row = Object.fromEntries(head.map((h, i) => [h, cols[i] ?? '']));
        return [row.case!, row] as const;
      }),
    );
    const names = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.expected.json'))
      .map((f) => f.slice(0, -'.expected.json'.length))
      .sort();
    for (const name of names) {
      const row = meta.get(name) ?? {};
      const host = row.host ?? name;
      out.push({
        name,
        set,
        host,
        markup: row.markup || '?',
        heldBack: set === 'more' && isHeldBack(host),
        htmlPath: path.join(dir, `${name}.html`),
        expected: JSON.parse(fs.readFileSync(path.join(dir, `${name}.expected.json`), 'utf8')) as Record<string, unknown>,
      });
    }
  }
  return out;
}

// ------------------------------------------------------------------ the scorer's rules

export const FIELDS = ['title', 'ingredients', 'time_minutes', 'servings', 'instructions', 'image_url'] as const;
export type Field = (typeof FIELDS)[number];

export function normText(s: unknown): string {
  return String(s ?? '')
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u2044/g, '/')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLowerCase();
}

function normIngredient(s: unknown): string {
  return normText(s)
    .replace(/[^\p{L}\p{N}\p{M}/.\s]+/gu, ' ')
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
}

const CJK = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;
export const scoreTokens = (s: unknown): string[] =>
  normText(s)
    .replace(CJK, ' $1 ')
    .split(/[^\p{L}\p{N}\p{M}]+/u)
    .filter(Boolean);

export function dice(a: string[], b: string[]): number {
  if (!a.length && !b.length) return 1;
  if (!a.length || !b.length) return 0;
  const m = new Map<string, number>();
  for (const t of a) m.set(t, (m.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of b) {
    const c = m.get(t);
    if (c) {
      common++;
      m.set(t, c - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}

function toLines(v: unknown): string[] {
  if (Array.isArray(v))
    return v
      .flatMap((x) =>
        x && typeof x === 'object' ? [(x as { text?: unknown; name?: unknown }).text ?? (x as { name?: unknown }).name ?? ''] : [x],
      )
      .map((x) => String(x ?? ''))
      .filter((x) => x.trim());
  if (typeof v === 'string') return v.split(/\r?\n/).filter((x) => x.trim());
  return [];
}

function numbersIn(v: unknown): number[] {
  if (typeof v === 'number' && Number.isFinite(v)) return [v];
  if (Array.isArray(v)) v = v.join(' ');
  if (typeof v !== 'string') return [];
  return (normText(v).match(/\d+(?:[.,]\d+)?/g) ?? []).map((x) => Number(x.replace(',', '.')));
}

export function ingredientShare(expected: unknown[], actual: unknown): number {
  const E = expected.map(normIngredient).filter(Boolean);
  if (!E.length) return 1;
  const A = toLines(actual).map(normIngredient).filter(Boolean);
  const used = new Array<boolean>(A.length).fill(false);
  const found = new Array<boolean>(E.length).fill(false);
  E.forEach((e, i) => {
    const j = A.findIndex((a, k) => !used[k] && a === e);
    if (j >= 0) {
      used[j] = true;
      found[i] = true;
    }
  });
  E.forEach((e, i) => {
    if (found[i]) return;
    const et = e.split(' ');
    let best = -1;
    let bestD = 0;
    A.forEach((a, k) => {
      if (used[k]) return;
      const d = dice(et, a.split(' '));
      if (d > bestD) {
        bestD = d;
        best = k;
      }
    });
    if (best >= 0 && bestD >= 0.85) {
      used[best] = true;
      found[i] = true;
    }
  });
  let score = found.filter(Boolean).length / E.length;
  const limit = 2 * E.length + 2;
  if (A.length > limit) score *= limit / A.length;
  return score;
}

const scorers: Record<Field, (exp: unknown, act: unknown) => number> = {
  title: (exp, act) => (typeof act === 'string' && normText(act) === normText(exp) ? 1 : 0),
  ingredients: (exp, act) => ingredientShare(exp as unknown[], act),
  time_minutes: (exp, act) => {
    let v = act;
    if (typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v)) v = Number(v);
    return typeof v === 'number' && Number.isFinite(v) && Math.round(v) === exp ? 1 : 0;
  },
  servings: (exp, act) =>
    numbersIn(act)
      .slice(0, 3)
      .some((n) => Math.abs(n - Number(exp)) < 1e-9)
      ? 1
      : 0,
  instructions: (exp, act) => {
    const text = Array.isArray(act) ? toLines(act).join('\n') : typeof act === 'string' ? act : '';
    return dice(scoreTokens(exp), scoreTokens(text)) >= 0.8 ? 1 : 0;
  },
  image_url: (exp, act) => (typeof act === 'string' && act.trim() === String(exp).trim() ? 1 : 0),
};

export interface CaseScore {
  fields: Partial<Record<Field, number>>;
  score: number;
}

/** One page's field scores and their mean; `actual` null (no recipe, an error) scores 0 on every expected field. */
export function scoreCase(expected: Record<string, unknown>, actual: Record<string, unknown> | null): CaseScore {
  const fields: Partial<Record<Field, number>> = {};
  for (const f of FIELDS) {
    if (expected[f] === null || expected[f] === undefined) continue;
    fields[f] = actual ? scorers[f](expected[f], actual[f]) : 0;
  }
  const vals = Object.values(fields);
  return { fields, score: vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : 0 };
}

// ------------------------------------------------------------------ summaries

export interface ScoredCase extends ScoreCase, CaseScore {}

/** Markup as reported: malformed JSON-LD is JSON-LD a strict parser refuses, shown apart. */
export const MARKUPS = ['json-ld', 'json-ld-malformed', 'microdata', 'none'] as const;

export interface Summary {
  pages: number;
  overall: number;
  fields: Partial<Record<Field, { mean: number; n: number }>>;
  markup: Record<string, { mean: number; n: number }>;
}

const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

export function summarise(results: ScoredCase[]): Summary {
  const fields: Summary['fields'] = {};
  for (const f of FIELDS) {
    const v = results.filter((r) => r.fields[f] !== undefined).map((r) => r.fields[f]!);
    if (v.length) fields[f] = { mean: mean(v), n: v.length };
  }
  const markup: Summary['markup'] = {};
  for (const m of MARKUPS) {
    const v = results.filter((r) => r.markup === m).map((r) => r.score);
    if (v.length) markup[m] = { mean: mean(v), n: v.length };
  }
  return { pages: results.length, overall: mean(results.map((r) => r.score)), fields, markup };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * A markdown table: one row per named summary, columns overall, each field and (unless
 * `markupColumns` is false) each markup with its page count.
 */
export function summaryTable(rows: Array<[string, Summary]>, { markupColumns = true } = {}): string {
  const markups = markupColumns ? MARKUPS : [];
  const head = [
    'pages',
    'n',
    'overall',
    ...FIELDS.map((f) => f.replace('_minutes', '').replace('_url', '')),
    ...markups.map((m) => m.replace('json-ld-malformed', 'ld-malformed')),
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const [label, s] of rows) {
    const cells = [
      label,
      String(s.pages),
      pct(s.overall),
      ...FIELDS.map((f) => (s.fields[f] ? pct(s.fields[f]!.mean) : '–')),
      ...markups.map((m) => (s.markup[m] ? `${pct(s.markup[m]!.mean)} (${s.markup[m]!.n})` : '–')),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * A page as it would be without structured data: its JSON-LD blocks removed and its microdata
 * attributes (itemscope, itemtype, itemprop) dropped, so the page's own HTML is all that is left.
 * Every saved page then tests the extraction of pages without markup, against the same expected
 * values (which were read from the visible recipe).
 */
export function withoutMarkup(html: string): string {
  return html
    .replace(/<script\b[^>]*ld\+json[^>]*>[\s\S]*?<\/script\s*>/gi, '')
    .replace(/\s(?:itemscope|itemtype|itemprop|itemid|itemref)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/gi, '');
}
