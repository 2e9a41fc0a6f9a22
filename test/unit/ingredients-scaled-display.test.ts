// The display of a scaled or converted ingredient line: the line as written with only its amounts
// (and their units) replaced; an unsure line kept as written with the factor beside it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findAmounts, firstGroup } from '../../src/modules/ingredients/amount-spans.js';
import { parseIngredientLine } from '../../src/modules/ingredients/ingredient-parser.js';
import { isFactorNote, keepsWords, wordsBesideAmounts } from '../../src/modules/ingredients/kept-words.js';
import { MAX_FACTOR, MIN_FACTOR } from '../../src/modules/ingredients/scale.js';
import { viewLine } from '../../src/modules/ingredients/scaled-line.js';

type Units = 'metric' | 'us' | undefined;
const show = (line: string, factor: number, units?: Units) => viewLine(parseIngredientLine(line), factor, units);

test('a scaled line replaces only its amounts, at ½, 2 and 3, plain, metric and US', () => {
  // [line, factor, units, display]
  const table: [string, number, Units, string][] = [
    ['2 x 400g tins chickpeas, drained', 2, undefined, '4 x 400g tins chickpeas, drained'],
    ['2 x 400g tins chickpeas, drained', 2, 'us', '4 x 400g tins chickpeas, drained'],
    ['1 x 400g tin chickpeas', 3, undefined, '3 x 400g tins chickpeas'],
    ['15g/½oz roughly chopped fresh dill', 2, undefined, '30g/1oz roughly chopped fresh dill'],
    ['15g/½oz roughly chopped fresh dill', 3, 'metric', '45g/1 ½oz roughly chopped fresh dill'],
    ['juice of 2 limes', 2, undefined, 'juice of 4 limes'],
    ['juice of 2 limes', 0.5, undefined, 'juice of 1 lime'],
    ['2 garlic cloves, crushed', 2, undefined, '4 garlic cloves, crushed'],
    ['2 garlic cloves, crushed', 0.5, 'metric', '1 garlic clove, crushed'],
    ['1 lemon, zest of', 2, undefined, '2 lemons, zest of'],
    ['3 large carrots, thickly sliced', 2, undefined, '6 large carrots, thickly sliced'],
    ['500g/1lb leeks, trimmed', 2, undefined, '1 kg/2 lb leeks, trimmed'],
    ['500g/1lb leeks, trimmed', 0.5, 'us', '250g/½lb leeks, trimmed'],
    ['1 cup walnut halves', 2, 'metric', '2 cups walnut halves'],
    ['1 cup walnut halves', 0.5, undefined, '½ cup walnut halves'],
    ['1 cup plain flour, sifted', 2, 'metric', '250 g plain flour, sifted'],
    ['1 cup milk', 3, 'metric', '710 ml milk'],
    ['2 to 3 cups flour', 1, 'metric', '250 to 375 g flour'],
    ['1 tomato, diced', 3, undefined, '3 tomatoes, diced'],
    ['1 Bramley apple', 2, undefined, '2 Bramley apples'],
    ['250 g plain flour', 2, 'us', '4 cups plain flour'],
    ['1 egg', 2, undefined, '2 eggs'],
    ['3 eggs, beaten', 2, undefined, '6 eggs, beaten'],
    ['3 eggs, beaten', 0.5, undefined, '1 ½ eggs, beaten'],
    ['3 eggs, beaten', 3, 'metric', '9 eggs, beaten'],
    ['2-3 tbsp olive oil', 2, undefined, '4-6 tbsp olive oil'],
    ['2-3 tbsp olive oil', 3, 'metric', '6-9 tbsp olive oil'],
    ['2 to 3 tbsp olive oil', 0.5, undefined, '1 to 1 ½ tbsp olive oil'],
    ['1 ½ cups sugar', 2, undefined, '3 cups sugar'],
    ['1 ½ cups sugar', 2, 'metric', '600 g sugar'],
    ['1 1/2 cups chopped celery', 0.5, undefined, '¾ cup chopped celery'],
    ['1/2 tsp salt', 2, undefined, '1 tsp salt'],
    ['1/2 tsp salt', 3, 'metric', '1 ½ tsp salt'],
    ['a pinch of salt', 2, undefined, '2 pinches of salt'],
    ['a pinch of salt', 0.5, 'metric', '½ pinch of salt'],
    ['2 (400g) cans chopped tomatoes', 2, undefined, '4 (400g) cans chopped tomatoes'],
    ['2 (400g) cans chopped tomatoes', 0.5, 'us', '1 (400g) can chopped tomatoes'],
    ['One 28-ounce can whole tomatoes, chopped', 2, undefined, 'Two 28-ounce cans whole tomatoes, chopped'],
    ['3 oz (85g) cheddar, grated', 2, undefined, '6 oz (170g) cheddar, grated'],
    ['1 lb 2 oz beef mince', 2, 'metric', '2 lb 4 oz beef mince'],
    ['200ml/7fl oz milk', 2, undefined, '400ml/14fl oz milk'],
    ['200ml/7fl oz milk', 3, 'us', '600ml/21fl oz milk'],
    ['200ml/7fl oz milk', 0.5, 'metric', '100ml/3 ½fl oz milk'],
    ['salt to taste', 2, undefined, 'salt to taste'],
    ['salt to taste', 3, 'metric', 'salt to taste'],
    ['2 xícaras de farinha', 2, undefined, '4 xícaras de farinha'],
    ['2 xícaras de farinha', 0.5, undefined, '1 xícara de farinha'],
    ['2 xícaras de farinha', 3, 'metric', '6 xícaras de farinha'],
    ['1 colher de sopa de azeite', 2, undefined, '2 colheres de sopa de azeite'],
    ['1 colher de sopa de azeite', 3, 'metric', '3 colheres de sopa de azeite'],
    ['1,5 kg de batatas', 0.5, undefined, '750 g de batatas'],
    ['1,5 kg de batatas', 3, undefined, '4,5 kg de batatas'],
    ['1 large clove garlic, crushed', 2, undefined, '2 large cloves garlic, crushed'],
    ['60% dark chocolate, 1 cup', 2, undefined, '60% dark chocolate, 2 cups'],
  ];
  for (const [line, factor, units, display] of table) {
    assert.equal(show(line, factor, units).display, display, `${line} ×${factor} ${units ?? ''}`);
  }
});

test('a line whose parse and text disagree is kept as written, with the factor beside it', () => {
  // The parse reads no amount, yet the line has one: scaling it would be a guess.
  const oil = show('oil for deep frying, plus 2 tbsp extra', 2);
  assert.equal(oil.quantity, null);
  assert.equal(oil.display, 'oil for deep frying, plus 2 tbsp extra (×2)');
  // A parse whose quantity is nowhere in the text.
  const odd = viewLine({ ...parseIngredientLine('3 large carrots'), quantity: 6 }, 2);
  assert.equal(odd.display, '3 large carrots (×2)');
  assert.equal(viewLine({ ...parseIngredientLine('3 large carrots'), quantity: 6 }, 0.5, 'metric').display, '3 large carrots (×0.5)');
  assert.equal(
    viewLine({ ...parseIngredientLine('3 large carrots'), quantity: 6 }, 1, 'metric').display,
    '3 large carrots',
    'nothing to note at factor 1',
  );
});

test('a line that only looks like amounts stays bounded: the display is never much longer than the line', () => {
  for (const input of ['1/1/1/'.repeat(1500), '1 g/'.repeat(2000), `${'9'.repeat(400)} g flour`, `${'9'.repeat(308)} g flour`]) {
    const parsed = parseIngredientLine(input);
    for (const f of [MAX_FACTOR, MIN_FACTOR, 3]) {
      const { display } = viewLine({ ...parsed, input }, f, 'us');
      assert.ok(display.length <= input.length + 64, `${input.slice(0, 20)}… ×${f}: ${display.length} characters`);
      assert.doesNotMatch(display, /Infinity|NaN/);
    }
  }
});

test('the parsed fields are kept; converted says what display shows', () => {
  const walnuts = show('1 cup walnut halves', 2, 'metric');
  assert.deepEqual([walnuts.quantity, walnuts.unit, walnuts.converted, walnuts.name], [2, 'cup', false, 'walnut halves']);
  const flour = show('2 cups flour', 1, 'metric');
  assert.deepEqual([flour.display, flour.quantity, flour.unit, flour.converted], ['250 g flour', 250, 'gram', true]);
  const tins = show('2 x 400g tins chickpeas, drained', 2);
  assert.deepEqual(
    [tins.quantity, tins.unit, tins.original],
    [1600, 'gram', { quantity: 800, quantity_max: null, unit: 'gram' }],
    'the parse gives the total; the display the tins',
  );
  const noted = viewLine({ ...parseIngredientLine('2 cups flour'), quantity: 7 }, 2, 'metric');
  assert.equal(noted.converted, false, 'a line shown as written shows no conversion');
});

test('amounts are found where they are written', () => {
  const spans = (line: string) => {
    const { tokens, amounts } = findAmounts(line);
    const g = firstGroup(tokens, amounts);
    return (
      g && {
        multiplier: g.multiplier && line.slice(g.multiplier.low.start, g.multiplier.low.end),
        parts: g.parts.map((p) => `${line.slice(p.low.start, (p.high ?? p.low).end)}|${line.slice(p.unitStart, p.unitEnd)}`),
      }
    );
  };
  assert.deepEqual(spans('2 x 400g tins'), { multiplier: '2', parts: ['400|g'] });
  assert.deepEqual(spans('1½ cups milk'), { multiplier: null, parts: ['1½|cups'] });
  assert.deepEqual(spans('1 1/2 cups milk'), { multiplier: null, parts: ['1 1/2|cups'] });
  assert.deepEqual(spans('One 4- to 5-pound chicken'), { multiplier: 'One', parts: ['4- to 5|pound'] });
  assert.deepEqual(spans('250g/8¾oz sea bass'), { multiplier: null, parts: ['250|g', '8¾|oz'] });
  assert.deepEqual(spans('3 oz (85g) cheese'), { multiplier: null, parts: ['3|oz', '85|g'] });
  assert.deepEqual(spans('2 (400g) cans'), { multiplier: null, parts: ['2|'] });
  assert.equal(spans('salt to taste'), null);
});

test('words kept: amounts and the units after them aside, plurals aside, the words must be the same and in order', () => {
  assert.equal(keepsWords('2 x 400g tins chickpeas, drained', '4 x 400g tins chickpeas, drained'), true);
  assert.equal(keepsWords('1 egg', '2 eggs'), true);
  assert.equal(keepsWords('1 cup flour', '125 g flour'), true);
  assert.equal(keepsWords('a pinch of salt', '2 pinches of salt'), true);
  assert.equal(keepsWords('3 large carrots', '3 large carrots (×2)'), true);
  assert.equal(isFactorNote('3 large carrots', '3 large carrots (×2)'), true);
  // What the old display did.
  assert.equal(keepsWords('2 x 400g tins chickpeas, drained', '1600 g chickpeas, drained'), false);
  assert.equal(keepsWords('juice of 2 limes', '4 limes, juice of'), false);
  assert.equal(keepsWords('2 garlic cloves, crushed', '4 cloves garlic, crushed'), false);
  assert.equal(keepsWords('15g/½oz roughly chopped fresh dill', '30 g fresh dill, roughly chopped'), false);
  assert.deepEqual(wordsBesideAmounts('2-3 Tbsp olive oils, plus 1 tsp'), ['oliv', 'oil', ',', 'plus']);
  assert.equal(keepsWords('1 sloe', '2 sloes'), true);
  assert.equal(keepsWords('1 tomato', '2 tomatoes'), true);
  assert.equal(keepsWords('1 tomato', '2 potatoes'), false);
});

// Lines built from amounts as cooks write them and words around them.
const amountText = fc.oneof(
  fc.constantFrom(
    '1',
    '2',
    '3',
    '12',
    '½',
    '1½',
    '1 ½',
    '1 1/2',
    '1/2',
    '¾',
    '0.5',
    '1,5',
    '2-3',
    '2 to 3',
    '250',
    '2 x 400',
    'a',
    'One',
    'two',
  ),
  fc.integer({ min: 1, max: 999 }).map(String),
);
const unitText = fc.constantFrom(
  '',
  'g',
  ' g',
  'kg',
  ' cups',
  ' cup',
  ' tbsp',
  ' tsp',
  ' tablespoons',
  'ml',
  ' fl oz',
  'oz',
  ' lb',
  ' cloves',
  ' pinch',
  ' can',
  ' xícaras',
  ' colher de sopa',
  '-ounce',
);
const word = fc.constantFrom(
  'chickpeas',
  'flour',
  'eggs',
  'egg',
  'garlic',
  'cloves',
  'juice',
  'of',
  'limes',
  'fresh',
  'dill',
  'large',
  'tins',
  'drained',
  'chopped',
  'x',
  'or',
  'to',
  'taste',
  'de',
  'farinha',
  '(',
  ')',
  ',',
  '/',
  'plus',
  'for',
  'frying',
  'about',
  'each',
  'salt',
  '%',
  'walnut',
  'halves',
);
const amount = fc.tuple(amountText, unitText).map(([a, u]) => `${a}${u}`);
const line = fc.oneof(
  fc
    .tuple(fc.array(word, { maxLength: 2 }), amount, fc.array(fc.oneof(word, amount), { maxLength: 8 }))
    .map(([pre, a, post]) => [...pre, a, ...post].join(' ')),
  fc.string({ maxLength: 40 }),
);
const factor = fc.oneof(fc.constantFrom(0.5, 2, 3, 1.5, 1 / 3), fc.double({ min: MIN_FACTOR, max: MAX_FACTOR, noNaN: true }));

test('property: for any line and factor, the display keeps the words beside the amounts, or is the line with the factor beside it', () => {
  fc.assert(
    fc.property(line, factor, fc.constantFrom<Units>(undefined, 'metric', 'us'), (input, f, units) => {
      const { display } = viewLine(parseIngredientLine(input), f, units);
      assert.ok(
        isFactorNote(input, display) || keepsWords(input, display),
        `${JSON.stringify(input)} ×${f} ${units ?? ''} → ${JSON.stringify(display)}`,
      );
      if (/\(×[\d.]+\)$/.test(display) && !/\(×[\d.]+\)$/.test(input))
        assert.ok(isFactorNote(input, display), 'a noted line is the line as written');
    }),
    { numRuns: 1500 },
  );
});
