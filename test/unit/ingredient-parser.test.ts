/**
 * The ingredient parser on hand-written lines the project owns: quantities (fractions, ranges,
 * decimal commas), units (every spelling, "15 grams" is gram and the name is not "rams"),
 * alternative amounts (200g/7oz), preparation and comment, and lines in the languages of the
 * scraping fixtures. Plus properties: never throws, keeps the input, nulls not empty strings.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseIngredientLine, parseIngredientLines, PARSER_VERSION } from '../../src/modules/ingredients/ingredient-parser.js';
import { tokenFeatures } from '../../src/modules/ingredients/tagging/features.js';
import { shippedTagger } from '../../src/modules/ingredients/tagging/perceptron.js';
import { ruleLabels } from '../../src/modules/ingredients/tagging/rules.js';
import { tokenize } from '../../src/modules/ingredients/tokenize.js';

const p = parseIngredientLine;
type Expect = Partial<Record<'quantity' | 'quantity_max' | 'unit' | 'name' | 'size' | 'preparation' | 'comment', string | number | null>>;
function check(line: string, want: Expect) {
  const got = p(line);
  for (const [k, v] of Object.entries(want))
    assert.equal(got[k as keyof Expect], v, `${line}: ${k} is ${JSON.stringify(got[k as keyof Expect])}, want ${JSON.stringify(v)}`);
}

test('quantities: integers, decimals with point or comma, vulgar and slash fractions, mixed numbers', () => {
  check('2 cups flour', { quantity: 2, quantity_max: null, unit: 'cup', name: 'flour' });
  check('1.5 kg potatoes', { quantity: 1.5, unit: 'kilogram', name: 'potatoes' });
  check('1,5 kg Kartoffeln', { quantity: 1.5, unit: 'kilogram', name: 'Kartoffeln' });
  check('½ tsp salt', { quantity: 0.5, unit: 'teaspoon', name: 'salt' });
  check('¾ cup Thai tea powder', { quantity: 0.75, unit: 'cup' });
  check('1 1/2 cups milk', { quantity: 1.5, unit: 'cup', name: 'milk' });
  check('1 ½ cups milk', { quantity: 1.5, unit: 'cup' });
  check('3½oz butter', { quantity: 3.5, unit: 'ounce', name: 'butter' });
  check('2¼ cups sugar', { quantity: 2.25, unit: 'cup' });
  check('1/3 cup champagne vinegar, plus more, if needed', { quantity: 0.333333, unit: 'cup', name: 'champagne vinegar' });
});

test('ranges: 2-3, 2–3, 2 to 3, 2 or 3', () => {
  check('2-3 tbsp water', { quantity: 2, quantity_max: 3, unit: 'tablespoon', name: 'water' });
  check('2–3 tbsp water', { quantity: 2, quantity_max: 3 });
  check('8 to 10 pieces of French bread', { quantity: 8, quantity_max: 10, unit: 'piece', name: 'French bread' });
  check('4 or 5 handfuls raisins', { quantity: 4, quantity_max: 5, unit: 'handful', name: 'raisins' });
});

test('units: spellings and abbreviations map to one name; "15 grams" is gram, not g + "rams"', () => {
  check('15 grams butter', { quantity: 15, unit: 'gram', name: 'butter' });
  check('15g butter', { quantity: 15, unit: 'gram', name: 'butter' });
  check('2 tbsp. olive oil', { unit: 'tablespoon', name: 'olive oil' });
  check('2 Tablespoons olive oil', { unit: 'tablespoon' });
  check('1 tsp cumin', { unit: 'teaspoon' });
  check('14 fl oz coconut milk', { quantity: 14, unit: 'fluid ounce', name: 'coconut milk' });
  check('1 lb ground beef', { unit: 'pound', name: 'ground beef' });
  check('500 ml stock', { unit: 'milliliter', name: 'stock' });
  check('1 litre water', { unit: 'liter', name: 'water' });
  check('2 pints milk', { unit: 'pint' });
  check('3 eggs', { quantity: 3, unit: null, name: 'eggs' });
});

test('count units: clove, sprig, can, bunch, pinch, handful', () => {
  check('2 cloves garlic, crushed', { quantity: 2, unit: 'clove', name: 'garlic', preparation: 'crushed' });
  check('3 garlic cloves, peeled', { quantity: 3, unit: 'clove', name: 'garlic' });
  check('4 sprigs fresh thyme', { unit: 'sprig', name: 'fresh thyme' });
  check('1 can chickpeas, drained', { unit: 'can', name: 'chickpeas', preparation: 'drained' });
  check('1 bunch spring onions', { unit: 'bunch', name: 'spring onions' });
  check('pinch of salt', { quantity: null, unit: 'pinch', name: 'salt' });
  check('handful of fresh flatleaf parsley, roughly torn', {
    unit: 'handful',
    name: 'fresh flatleaf parsley',
    preparation: 'roughly torn',
  });
});

test('alternative amounts: 200g/7oz and 3 oz (85g)', () => {
  const a = p('200g/7oz Parmesan (preferably 24 month aged), grated');
  assert.equal(a.quantity, 200);
  assert.equal(a.unit, 'gram');
  assert.equal(a.name, 'Parmesan');
  assert.equal(a.preparation, 'grated');
  assert.deepEqual(a.alternatives, [{ quantity: 7, quantity_max: null, unit: 'ounce' }]);
  assert.match(a.comment ?? '', /preferably 24 month aged/);
  const b = p('3 oz (85g) crumbled goat cheese');
  assert.equal(b.quantity, 3);
  assert.equal(b.unit, 'ounce');
  assert.equal(b.name, 'goat cheese');
  assert.deepEqual(b.alternatives, [{ quantity: 85, quantity_max: null, unit: 'gram' }]);
  assert.equal(p('2 cups flour').alternatives, undefined, 'absent when there is only one amount');
});

test('"N x" amounts are given in total: 4 x 175g/6oz → 700 gram, alternative 24 ounce', () => {
  const a = p('4 x 175g/6oz smoked haddock fillets, skin removed');
  assert.equal(a.quantity, 700);
  assert.equal(a.unit, 'gram');
  assert.equal(a.name, 'smoked haddock fillets');
  assert.deepEqual(a.alternatives, [{ quantity: 24, quantity_max: null, unit: 'ounce' }]);
  check('1 x 400g tin chopped tomatoes', { quantity: 400, unit: 'gram' });
});

test('size, preparation and comment', () => {
  check('2 large carrots, cut into chunks', { quantity: 2, unit: null, size: 'large', name: 'carrots', preparation: 'cut into chunks' });
  check('1 tbsp parsley, finely chopped', { name: 'parsley', preparation: 'finely chopped' });
  check('salt and freshly ground black pepper, to taste', { quantity: null, unit: null });
  const s = p('sunflower oil, for deep frying');
  assert.equal(s.name, 'sunflower oil');
  assert.equal(s.comment, 'for deep frying');
  const t = p('1 tsp chilli flakes, or to taste');
  assert.equal(t.name, 'chilli flakes');
  assert.match(`${t.preparation ?? ''} ${t.comment ?? ''}`, /or to taste/);
});

test('metric lines in the languages of the scraping fixtures', () => {
  check('500g de carottes', { quantity: 500, unit: 'gram', name: 'carottes' });
  check('2 c. à soupe de beurre', { quantity: 2, unit: 'tablespoon', name: 'beurre' });
  check("2 gousses d'ail", { quantity: 2, unit: 'clove', name: 'ail' });
  check('2 eetlepels citroensap', { quantity: 2, unit: 'tablespoon', name: 'citroensap' });
  check('250 gram geleisuiker', { quantity: 250, unit: 'gram', name: 'geleisuiker' });
  check('1,5 TL mittelscharfer Senf', { quantity: 1.5, unit: 'teaspoon', name: 'mittelscharfer Senf' });
  check('1 EL Tomatenmark', { quantity: 1, unit: 'tablespoon', name: 'Tomatenmark' });
  check('2 dentes de alho', { quantity: 2, unit: 'clove', name: 'alho' });
  check('1 i 1/2 łyżeczki kurkumy', { quantity: 1.5, unit: 'teaspoon', name: 'kurkumy' });
  check('1 łyżka soku z cytryny', { quantity: 1, unit: 'tablespoon' });
  check('300 g di radicchio', { quantity: 300, unit: 'gram', name: 'radicchio' });
  check('6 db burgonya', { quantity: 6, unit: 'piece', name: 'burgonya' });
  check('10 dkg liszt', { quantity: 10, unit: 'dekagram', name: 'liszt' });
  check('1 csipet só', { quantity: 1, unit: 'pinch', name: 'só' });
  check('3 msk olivolja', { quantity: 3, unit: 'tablespoon', name: 'olivolja' });
  check('2 dl grädde', { quantity: 2, unit: 'deciliter', name: 'grädde' });
  check('200ml Leche', { quantity: 200, unit: 'milliliter', name: 'Leche' });
  check('2 cucharadas de aceite de oliva', { quantity: 2, unit: 'tablespoon', name: 'aceite de oliva' });
  check('2 spsk olie', { quantity: 2, unit: 'tablespoon', name: 'olie' });
  check('2 fed hvidløg', { quantity: 2, unit: 'clove', name: 'hvidløg' });
});

test('parseIngredientLines keeps order and PARSER_VERSION is set', () => {
  const lines = ['1 egg', '2 cups flour', ''];
  assert.deepEqual(
    parseIngredientLines(lines).map((x) => x.input),
    lines,
  );
  assert.ok(String(PARSER_VERSION).length > 0);
  assert.deepEqual(p(''), {
    input: '',
    quantity: null,
    quantity_max: null,
    unit: null,
    name: null,
    size: null,
    preparation: null,
    comment: null,
  });
});

test('property: never throws, keeps the input, gives null rather than empty strings, finite numbers', () => {
  const pieces = fc.constantFrom(
    '2',
    '½',
    '1 1/2',
    '1,5',
    '2-3',
    'to',
    'cups',
    'g',
    '/',
    '(',
    ')',
    ',',
    'flour',
    'x',
    'de',
    'finely',
    'chopped',
    '-',
    '.',
    'or',
    'EL',
    '¾',
    '10/',
    ' ',
  );
  const line = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.array(pieces, { maxLength: 14 }).map((a) => a.join(' ')),
  );
  fc.assert(
    fc.property(line, (l) => {
      const r = p(l);
      assert.equal(r.input, l);
      for (const k of ['name', 'size', 'preparation', 'comment', 'unit'] as const)
        assert.ok(r[k] === null || (typeof r[k] === 'string' && (r[k] as string).trim().length > 0), `${k} of ${JSON.stringify(l)}`);
      for (const k of ['quantity', 'quantity_max'] as const)
        assert.ok(r[k] === null || Number.isFinite(r[k]), `${k} of ${JSON.stringify(l)}`);
      if (r.quantity_max !== null) assert.ok(r.quantity !== null && r.quantity_max > r.quantity);
    }),
    { numRuns: 2000 },
  );
});

test('property: the fast decoder labels exactly as the plain one (the model applied to every feature string)', () => {
  const tagger = shippedTagger();
  assert.ok(tagger, 'the model file is committed');
  const words = fc.constantFrom(
    '2',
    '½',
    '1 1/2',
    'cups',
    'g',
    '/',
    '(',
    ')',
    ',',
    'flour',
    'Garlic',
    'cloves',
    'of',
    'de',
    'finely',
    'chopped',
    'for',
    'or',
    'to',
    'taste',
    'x',
    '200g',
    '7oz',
    'EL',
    '|',
    'a|b',
  );
  const line = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.array(words, { maxLength: 16 }).map((a) => a.join(' ')),
  );
  fc.assert(
    fc.property(line, (l) => {
      const tokens = tokenize(l);
      const rules = ruleLabels(tokens);
      assert.deepEqual(tagger.label(tokens, rules), tagger.decode(tokenFeatures(tokens, rules)));
    }),
    { numRuns: 1000 },
  );
});
