// Scaling, conversion and cook-style formatting of ingredient amounts: pure functions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { convertAmount } from '../../src/modules/ingredients/convert.js';
import { densityOf } from '../../src/modules/ingredients/densities.js';
import { formatAmount, formatQuantity, roundQuantity } from '../../src/modules/ingredients/format-quantity.js';
import { parseIngredientLine } from '../../src/modules/ingredients/ingredient-parser.js';
import { MAX_FACTOR, MIN_FACTOR, scaleAmount, scaleFactor } from '../../src/modules/ingredients/scale.js';
import { viewLine } from '../../src/modules/ingredients/scaled-line.js';
import { unitInfo } from '../../src/modules/ingredients/units.js';

test('quantities are written the way a cook writes them', () => {
  const cases: [number, 'fraction' | 'decimal' | 'count', string][] = [
    [1.4999, 'fraction', '1 ½'],
    [1.5, 'fraction', '1 ½'],
    [0.333, 'fraction', '⅓'],
    [0.6667, 'fraction', '⅔'],
    [2.75, 'fraction', '2 ¾'],
    [0.125, 'fraction', '⅛'],
    [0.36, 'fraction', '⅜'],
    [3, 'fraction', '3'],
    [12.3, 'fraction', '12 ½'],
    [23.4, 'fraction', '23'],
    [1.4999, 'decimal', '1.5'],
    [236.588, 'decimal', '235'],
    [42.4, 'decimal', '42'],
    [1234, 'decimal', '1230'],
    [0.04, 'decimal', '0.04'],
    [4.4, 'count', '4 ½'],
    [7.4, 'count', '7'],
    [0.3, 'count', '⅓'],
  ];
  for (const [value, style, text] of cases) assert.equal(formatQuantity(value, style), text, `${value} ${style}`);
  assert.equal(formatAmount(1.5, null, 'cup'), '1 ½ cups');
  assert.equal(formatAmount(1, null, 'cup'), '1 cup');
  assert.equal(formatAmount(2, 3, 'tablespoon'), '2–3 tbsp');
  assert.equal(formatAmount(250, null, 'gram'), '250 g');
  assert.equal(formatAmount(3, null, 'clove'), '3 cloves');
  assert.equal(formatAmount(3, null, null), '3');
  assert.equal(formatAmount(2, 2.01, 'cup'), '2 cups', 'a range that rounds to one amount is one amount');
});

test('property: rounding is idempotent and close to the value', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.07, max: 5000, noNaN: true }),
      fc.constantFrom('fraction' as const, 'decimal' as const, 'count' as const),
      (v, style) => {
        const r = roundQuantity(v, style);
        assert.equal(roundQuantity(r, style), r, 'idempotent');
        // Within 1/16 absolute below 1, else within 10% (counts: a quarter).
        // Fractions at or above 1 step by quarters and thirds: off by at most 1/8.
        const tolerance =
          style === 'count'
            ? Math.max(0.25, v * 0.1)
            : style === 'fraction' && v >= 1
              ? Math.max(1 / 8, v * 0.1)
              : Math.max(1 / 16, v * 0.1);
        assert.ok(Math.abs(r - v) <= tolerance, `${v} → ${r} (${style})`);
      },
    ),
  );
});

test('property: scaling by f then by 1/f gives the original amount back (exactly, and within rounding once displayed)', () => {
  fc.assert(
    fc.property(fc.double({ min: 0.1, max: 1000, noNaN: true }), fc.double({ min: MIN_FACTOR, max: MAX_FACTOR, noNaN: true }), (q, f) => {
      const back = scaleAmount(scaleAmount({ quantity: q, quantity_max: null, unit: 'cup' }, f), 1 / f);
      assert.ok(Math.abs(back.quantity! - q) <= q * 1e-9);
      assert.ok(Math.abs(roundQuantity(back.quantity!, 'fraction') - roundQuantity(q, 'fraction')) <= Math.max(1 / 8, q * 0.1));
    }),
  );
});

test('property: metric → US → metric gives the same grams or millilitres back (with or without a density)', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1, max: 5000, noNaN: true }),
      fc.constantFrom('gram', 'milliliter'),
      fc.constantFrom('flour', 'sugar', 'butter', 'chicken', 'milk', 'water', null),
      (q, unit, food) => {
        const us = convertAmount({ quantity: q, quantity_max: null, unit }, food, 'us');
        assert.equal(us.converted, true);
        assert.ok(['teaspoon', 'tablespoon', 'cup', 'ounce', 'pound'].includes(us.unit!), String(us.unit));
        const metric = convertAmount(us, food, 'metric');
        // Spoons stay spoons in a metric view; otherwise back to the unit kind we started from... or
        // to grams where metric cooks weigh the food (milliliters of flour come back as grams).
        const density = densityOf(food);
        const inBase = (a: { quantity: number | null; unit: string | null }) => a.quantity! * unitInfo(a.unit!)!.factor!;
        const startKind = unitInfo(unit)!.kind;
        const endKind = unitInfo(metric.unit!)!.kind;
        const expected = startKind === endKind ? q : startKind === 'volume' ? q * density!.gramsPerMl : q / density!.gramsPerMl;
        assert.ok(
          Math.abs(inBase(metric) - expected) <= expected * 1e-9,
          `${q} ${unit} ${food} → ${us.quantity} ${us.unit} → ${metric.quantity} ${metric.unit}`,
        );
      },
    ),
  );
});

test('conversion: density where cups ↔ grams needs it, kept and said so otherwise', () => {
  const c = (quantity: number, unit: string | null, food: string | null, target: 'metric' | 'us') =>
    convertAmount({ quantity, quantity_max: null, unit }, food, target);
  const flour = c(1, 'cup', 'all-purpose flour', 'metric');
  assert.deepEqual([Math.round(flour.quantity!), flour.unit, flour.via], [125, 'gram', 'density']);
  assert.deepEqual([Math.round(c(1, 'cup', 'granulated sugar', 'metric').quantity!), c(1, 'cup', 'butter', 'metric').unit], [200, 'gram']);
  assert.deepEqual(
    [Math.round(c(1, 'cup', 'whole milk', 'metric').quantity!), c(1, 'cup', 'whole milk', 'metric').unit],
    [(244 / 244) * 237, 'milliliter'],
    'liquids go to ml',
  );
  assert.deepEqual(
    [Math.round(c(1, 'cup', 'mystery powder', 'metric').quantity!), c(1, 'cup', 'mystery powder', 'metric').unit],
    [237, 'milliliter'],
    'volume to volume needs no density',
  );
  assert.equal(c(5, 'cup', 'water', 'metric').unit, 'liter');
  assert.deepEqual(
    [c(2, 'tablespoon', 'salt', 'metric').unit, c(2, 'tablespoon', 'salt', 'metric').via],
    ['tablespoon', 'same'],
    'spoons stay in metric',
  );
  const grams = c(250, 'gram', 'plain flour', 'us');
  assert.deepEqual([formatQuantity(grams.quantity!, 'fraction'), grams.unit], ['2', 'cup']);
  assert.deepEqual(
    [formatQuantity(c(200, 'gram', 'chicken breast', 'us').quantity!, 'fraction'), c(200, 'gram', 'chicken breast', 'us').unit],
    ['7', 'ounce'],
    'no density: weight to weight',
  );
  assert.equal(c(1000, 'gram', 'beef', 'us').unit, 'pound');
  for (const [unit, food] of [
    ['clove', 'garlic'],
    [null, 'eggs'],
    ['can', 'tomatoes'],
    ['centimeter', 'ginger'],
  ] as const) {
    const kept = c(2, unit, food, 'metric');
    assert.deepEqual([kept.converted, kept.unit, kept.quantity], [false, unit, 2], `${unit} ${food}`);
  }
  assert.equal(densityOf('sugar snap peas'), null, 'the head noun decides');
  assert.equal(densityOf('butter beans'), null);
  assert.equal(densityOf('brown sugar')?.food, 'brown sugar');
  assert.equal(densityOf('Unsalted BUTTER')?.food, 'butter');
});

test('scale factor: from servings or factor, bounded, never both', () => {
  assert.deepEqual(scaleFactor({ servings: 8 }, 4), { factor: 2 });
  assert.deepEqual(scaleFactor({ factor: 1.5 }, null), { factor: 1.5 });
  assert.deepEqual(scaleFactor({}, 4), { factor: 1 });
  for (const [ask, servings] of [
    [{ servings: 8, factor: 2 }, 4],
    [{ servings: 8 }, null],
    [{ servings: 0 }, 4],
    [{ servings: 1000 }, 1],
    [{ factor: 0 }, null],
    [{ factor: -1 }, null],
    [{ factor: 1e6 }, null],
    [{ servings: 1 }, 1000],
  ] as const) {
    assert.ok('error' in scaleFactor(ask, servings), JSON.stringify([ask, servings]));
  }
});

test("a scaled line keeps the cook's wording and says what it was", () => {
  const v = (line: string, f: number, units?: 'metric' | 'us') => viewLine(parseIngredientLine(line), f, units);
  assert.equal(v('2 cups flour, sifted', 0.75).display, '1 ½ cups flour, sifted');
  assert.equal(v('1 cup sugar', 1.5).quantity, 1.5);
  assert.equal(v('3 eggs', 2).display, '6 eggs');
  assert.equal(v('salt to taste', 2).display, 'salt to taste');
  assert.equal(v('2 cups flour', 1).display, '2 cups flour', 'factor 1: the line as given');
  const metric = v('2 cups flour, sifted', 2, 'metric');
  assert.deepEqual(
    [metric.display, metric.unit, metric.converted, metric.original],
    ['500 g flour, sifted', 'gram', true, { quantity: 2, quantity_max: null, unit: 'cup' }],
  );
  const garlic = v('2 cloves garlic', 1, 'metric');
  assert.deepEqual([garlic.display, garlic.converted], ['2 cloves garlic', false]);
  // A line that gives both systems is taken at its word.
  const both = v('200g/7oz butter', 1, 'us');
  assert.deepEqual([both.quantity, both.unit], [7, 'ounce']);
});
