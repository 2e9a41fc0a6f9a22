/**
 * Property-based fuzzing of the ingredient parser and of every view of a recipe (fast-check),
 * shared by test/security/parser-fuzz.test.ts (a bounded run with a fixed seed) and
 * scripts/fuzz-parser.ts (as long a run as asked). Lines are made of random words, every name
 * of Object.prototype, unit spellings, number words and extreme numbers (1e308, a 1 followed by
 * 303 zeros, digit runs of hundreds of digits, 1/0, vulgar fractions, scientific notation).
 *
 * In process: a parse and every scaled/converted view of it has amounts that are null or
 * finite numbers (JSON would turn NaN and Infinity into null silently) and keeps its input.
 * Through the app: POST /parse/ingredients, POST /recipes and GET /recipes/{id} with servings,
 * factor and units never answer 5xx, never give a null line, and keep every line's text.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { MAX_ALTERNATIVES, parseIngredientLine } from '../../src/modules/ingredients/ingredient-parser.js';
import { viewLine } from '../../src/modules/ingredients/scaled-line.js';

const PROTOTYPE_NAMES = [
  ...new Set([
    ...Object.getOwnPropertyNames(Object.prototype),
    ...Object.getOwnPropertyNames(Function.prototype),
    ...Object.getOwnPropertyNames(Array.prototype),
    '__proto__',
    'prototype',
    'constructor',
    'toString',
    'valueOf',
    'hasOwnProperty',
    'then',
  ]),
];

const UNIT_WORDS = [
  'cup',
  'cups',
  'g',
  'kg',
  'oz',
  'lb',
  'tbsp',
  'tsp',
  'ml',
  'l',
  'fl oz',
  'pint',
  'clove',
  'pinch',
  'EL',
  'c. à soupe',
  'x',
  '×',
  'to',
  'or',
  '-',
  '/',
  '(',
  ')',
  ',',
];
const NUMBER_WORDS = ['one', 'two', 'twelve', 'zwei', 'trois', 'quatro'];
const FOODS = ['flour', 'sugar', 'butter', 'milk', 'salt', 'eggs', 'water', 'rice', 'oil'];

const zeros = (n: number) => `1${'0'.repeat(n)}`;
const EXTREME_NUMBERS = [
  '1e308',
  '1E-7',
  '1e5',
  '2.5e3',
  zeros(303),
  zeros(307),
  zeros(308),
  zeros(309),
  zeros(400),
  '9'.repeat(309),
  '9'.repeat(400),
  '-0',
  '0',
  '0.0000001',
  '1/0',
  '0/0',
  '99/1',
  '1 1/0',
  '½',
  '⅒',
  '3½',
  '½½½½',
  '⅞⅞',
  '1,000',
  '1,5',
  '1.7976931348623157',
  'Infinity',
  'NaN',
  '00000000000000000000001',
  '4 x 1e200',
  `${zeros(200)} x ${zeros(200)}`,
];

/** One "word" of a line. Never a line break or NUL: those are a line's end and a refused byte. */
const word: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  { weight: 3, arbitrary: fc.constantFrom(...EXTREME_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...UNIT_WORDS, ...NUMBER_WORDS, ...FOODS) },
  { weight: 1, arbitrary: fc.stringMatching(/^\d{1,400}$/) },
  { weight: 1, arbitrary: fc.tuple(fc.double({ noNaN: false }), fc.boolean()).map(([d, exp]) => (exp ? d.toExponential() : String(d))) },
  { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).map((s) => s.replace(/[\r\n\u0000]/g, ' ')) },
);

/** One ingredient line: a few words, at most 500 characters (the routes' limit), never blank. */
export const ingredientLine: fc.Arbitrary<string> = fc
  .array(word, { minLength: 1, maxLength: 6 })
  .map((words) => words.join(' ').replace(/\s+/g, ' ').trim().slice(0, 500))
  .filter((line) => /\S/.test(line));

const factor = fc.constantFrom(0.01, 0.5, 1, 1.5, 3, 100);
const units = fc.constantFrom(undefined, 'metric' as const, 'us' as const);

const finiteOrNull = (label: string, n: unknown) =>
  assert.ok(n === null || (typeof n === 'number' && Number.isFinite(n)), `${label} is ${String(n)}`);

/** The in-process property: a parse and its views carry only finite amounts, and the line as written. */
export function checkLineInProcess(line: string, f: number, u: 'metric' | 'us' | undefined): void {
  const parsed = parseIngredientLine(line);
  assert.equal(parsed.input, line);
  finiteOrNull('quantity', parsed.quantity);
  finiteOrNull('quantity_max', parsed.quantity_max);
  assert.ok((parsed.alternatives?.length ?? 0) <= MAX_ALTERNATIVES, 'too many alternatives');
  for (const a of parsed.alternatives ?? []) {
    finiteOrNull('alternative quantity', a.quantity);
    finiteOrNull('alternative quantity_max', a.quantity_max);
  }
  // What is stored is the JSON of the parse: it must come back exactly, no number turned into null.
  assert.deepEqual(JSON.parse(JSON.stringify(parsed)), parsed);
  const view = viewLine({ ...parsed, group: null }, f, u);
  assert.equal(view.input, line);
  assert.equal(typeof view.display, 'string');
  finiteOrNull('view quantity', view.quantity);
  finiteOrNull('view quantity_max', view.quantity_max);
  for (const a of view.alternatives ?? []) {
    finiteOrNull('view alternative', a.quantity);
    finiteOrNull('view alternative max', a.quantity_max);
  }
  if (!/NaN|Infinity/.test(line)) assert.doesNotMatch(view.display, /NaN|Infinity/);
}

export interface FuzzOptions {
  seed: number;
  runs: number;
}

export function fuzzInProcess(opts: FuzzOptions): void {
  fc.assert(fc.property(ingredientLine, factor, units, checkLineInProcess), { seed: opts.seed, numRuns: opts.runs });
}

/** Every Object.prototype name alone and with an amount and a unit, and every extreme number: not random, always run. */
export function fixedLines(): string[] {
  return [
    Array.from({ length: 60 }, (_, k) => `${k + 10}-${k} g,`)
      .join(' ')
      .slice(0, 500),
    ...PROTOTYPE_NAMES.flatMap((n) => [n, `1 ${n}`, `2 cups ${n}`, `${n} ${n}`, `one ${n}`]),
    ...EXTREME_NUMBERS.flatMap((n) => [n, `${n} cups flour`, `${n}-${n} g sugar`, `${n} g/${n} oz butter`]),
  ].map((l) => l.slice(0, 500));
}

const json = (h: Record<string, string>) => ({ ...h, 'content-type': 'application/json' });

/**
 * The same lines through the app: the parse endpoint, a create, and the recipe's views. `auth`
 * is a logged-in user's Authorization header.
 */
export async function fuzzThroughApp(app: FastifyInstance, auth: Record<string, string>, opts: FuzzOptions): Promise<void> {
  const check = async (lines: string[], servings: number | null, f: number, u: 'metric' | 'us' | undefined) => {
    const parse = await app.inject({ method: 'POST', url: '/parse/ingredients', headers: json(auth), payload: { ingredients: lines } });
    assert.equal(parse.statusCode, 200, `parse ${JSON.stringify(lines).slice(0, 300)} → ${parse.statusCode} ${parse.body.slice(0, 300)}`);
    const parsed = parse.json().ingredients as { input: string }[];
    assert.deepEqual(
      parsed.map((p) => p.input),
      lines,
    );
    // Two or more lines: the text is split at line breaks only (one line alone may be split at commas).
    const stored = [...lines, 'salt'];
    const create = await app.inject({
      method: 'POST',
      url: '/recipes',
      headers: json(auth),
      payload: { title: 'fuzz', ingredients: stored.join('\n'), time_minutes: 1, servings },
    });
    assert.equal(create.statusCode, 201, `create → ${create.statusCode} ${create.body.slice(0, 300)}`);
    const recipe = create.json() as { id: number; ingredient_lines: ({ input: string } | null)[] };
    const expected = stored.map((l) => l.trim());
    const linesOk = (got: ({ input: string; quantity?: unknown } | null)[], label: string) => {
      assert.equal(got.length, expected.length, label);
      got.forEach((l, i) => {
        assert.ok(l !== null && typeof l === 'object', `${label}: line ${i} is null`);
        assert.equal(l.input, expected[i], `${label}: line ${i} lost its text`);
      });
    };
    linesOk(recipe.ingredient_lines, 'create');
    const views = [
      `servings=${servings ?? 1}`,
      `factor=${f}`,
      ...(u ? [`units=${u}`, `factor=${f}&units=${u}`] : ['units=metric', 'units=us']),
    ].filter((q) => servings !== null || !q.startsWith('servings'));
    for (const q of ['', ...views]) {
      const res = await app.inject({ method: 'GET', url: `/recipes/${recipe.id}${q ? `?${q}` : ''}`, headers: auth });
      assert.equal(res.statusCode, 200, `GET ?${q} → ${res.statusCode} ${res.body.slice(0, 300)}`);
      linesOk(res.json().ingredient_lines, `GET ?${q}`);
    }
  };
  // The fixed lines in batches that fit a recipe (10,000 characters of ingredients).
  let batch: string[] = [];
  let length = 0;
  let n = 0;
  for (const line of [...fixedLines(), '']) {
    if (line === '' || batch.length === 100 || length + line.length > 9000) {
      n++;
      await check(batch, n % 2 ? 4 : null, 100, n % 2 ? 'us' : 'metric');
      batch = [];
      length = 0;
    }
    batch.push(line);
    length += line.length + 1;
  }
  await fc.assert(
    fc.asyncProperty(
      fc.array(ingredientLine, { minLength: 1, maxLength: 12 }),
      fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
      factor,
      units,
      (lines, servings, f, u) => check(lines, servings, f, u),
    ),
    { seed: opts.seed, numRuns: opts.runs },
  );
}
