// The shopping list's merge rules, on real ingredient lines (most from ../shared/fixtures/ingredients/dev.tsv,
// written out here): amounts across units, densities, plurals, foods kept apart, checked items,
// the pantry, servings, and taking a recipe's amounts back out. Pure functions, no database.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aisleOf } from '../../src/modules/lists/merge/aisles.js';
import { itemText, itemView, showAmount } from '../../src/modules/lists/merge/display.js';
import { foodOf } from '../../src/modules/lists/merge/food-key.js';
import type { ListItem } from '../../src/modules/lists/merge/list-item.js';
import { addRecipes, addTypedLine, removeOrigin, removeRecipe, type MergeContext } from '../../src/modules/lists/merge/merge.js';
import { pantryOf } from '../../src/modules/lists/merge/pantry.js';

function context(extra: Partial<MergeContext> = {}): MergeContext {
  let n = 0;
  return { newId: () => `i${++n}`, ...extra };
}

/** Each group of lines a recipe of its own (serving 4, added at 4), into an empty list. */
function listOf(groups: string[][], ctx = context()): ListItem[] {
  let items: ListItem[] = [];
  groups.forEach((lines, i) => {
    const r = addRecipes(items, [{ origin: `r${i}`, recipe_id: i + 1, recipe_servings: 4, lines }], ctx);
    assert.ok(!('error' in r));
    items = r.items;
  });
  return items;
}

const texts = (items: ListItem[]) => items.map((i) => itemText(i));

// [what the case shows, the recipes' lines, the list's items as a shopper reads them]
const TABLE: [string, string[][], string[]][] = [
  // amounts across units of one kind
  ['grams and kilograms add; 1200 g reads 1.2 kg', [['500 g plain flour'], ['700g/1lb 9oz plain flour']], ['1.2 kg plain flour']],
  ['millilitres and litres', [['600ml/21fl oz chicken stock'], ['1 litre chicken stock']], ['1.6 l chicken stock']],
  ['teaspoons and tablespoons', [['1 tsp ground cumin'], ['2 tbsp cumin']], ['2 ⅓ tbsp ground cumin']],
  ['ounces and pounds', [['1 lb ground beef'], ['8 oz ground beef']], ['1 ½ lb ground beef']],
  ['US and metric weights: shown metric', [['1 lb ground beef', '250 g beef mince']], ['705 g ground beef']],
  ['449.6 g reads 450 g', [['400 g caster sugar'], ['49.6 g caster sugar']], ['450 g caster sugar']],
  ['"1 lb 2 oz" is one amount; "500g/1lb 2oz" the same amount twice', [['1lb 2oz potatoes'], ['500g/1lb 2oz potatoes']], ['1 kg potatoes']],
  [
    '"2 x 400g cans" and "2 (400 g) cans" are 800 g each',
    [['2 x 400g cans chopped tomatoes'], ['2 (400 g) cans chopped tomatoes']],
    ['1.6 kg chopped tomatoes'],
  ],
  ['ranges add their ends', [['2-3 garlic cloves, peeled'], ['4 cloves garlic, peeled and chopped']], ['6–7 cloves garlic']],
  // volume and weight through a density
  ['flour in cups and grams', [['2 cups plain flour'], ['285g/10¼oz plain flour, plus extra for dusting']], ['535 g plain flour']],
  ['flour in cups only stays in cups', [['1 cup all-purpose flour'], ['2 cups flour']], ['3 cups all-purpose flour']],
  [
    'butter in grams and spoons',
    [['100g/4oz butter, softened (not melted)', '2 tbsp butter'], ['2 tsp softened butter']],
    ['140 g butter'],
  ],
  ['milk is measured, not weighed', [['½ cup milk'], ['200 ml milk']], ['320 ml milk']],
  ['a food without a density keeps cups and grams apart', [['1 cup walnuts'], ['50 g walnuts']], ['1 cup + 50 g walnuts']],
  ['farinha de trigo is flour, in the table', [['1 xícara (chá) de farinha de trigo'], ['250g plain flour']], ['375 g farinha de trigo']],
  // counts, singular and plural
  [
    'onions: 3 + 1 + ½ → 5 (whole onions)',
    [['3 onions, peeled and cut into wedges', '1 large onion, peeled and chopped'], ['½ large onion, chopped']],
    ['5 onions'],
  ],
  ['juice of 2 limes counts limes', [['juice of 2 limes'], ['1 lime, peeled and segmented']], ['3 limes']],
  ['lemons: juice of ½ lemon and a range', [['1-2 lemons, rind and juice only', 'Juice of ½ lemon']], ['2–3 lemons']],
  ['tomato and tomatoes', [['1 tomato'], ['2 tomatoes']], ['3 tomatoes']],
  ['a dozen eggs is twelve', [['1 dozen eggs'], ['4 free-range eggs, whisked']], ['16 eggs']],
  ['Portuguese plurals', [['2 cebolas'], ['1 cebola picada'], ['2 limões', '1 limão']], ['3 cebolas', '3 limões']],
  [
    'coriander, cilantro, coentro',
    [['1 bunch fresh coriander'], ['1 bunch cilantro'], ['1 maço de coentro']],
    ['3 bunches fresh coriander'],
  ],
  // different foods stay apart
  [
    'butter, peanut butter, unsalted butter',
    [['2 tbsp butter', '3 tbsp peanut butter', '2 tbsp unsalted butter']],
    ['2 tbsp butter', '3 tbsp peanut butter', '2 tbsp unsalted butter'],
  ],
  [
    'chicken stock and chicken',
    [['600ml/21fl oz chicken stock', '1 kg chicken thighs', '2 chicken breasts', '1 whole chicken']],
    ['600 ml chicken stock', '1 kg chicken thighs', '2 chicken breasts', '1 whole chicken'],
  ],
  [
    'red onion and onion; egg yolks and eggs; lime juice and limes',
    [['1 small red onion, halved', '2 onions', '100g/3½oz egg yolks', '3 eggs', '3 tbsp lime juice (1–2 limes)', '2 limes']],
    ['1 red onion', '2 onions', '100 g egg yolks', '3 eggs', '3 tbsp lime juice', '2 limes'],
  ],
  ['amounts that cannot be added stay one item', [['2 cans tomatoes'], ['200 g tomatoes']], ['2 cans + 200 g tomatoes']],
  ['a bare count comes last, before the name', [['200 g tomatoes', '3 tomatoes', '1 can tomatoes']], ['200 g + 1 can + 3 tomatoes']],
  ['a line without an amount adds nothing to a total', [['2 tbsp olive oil', 'olive oil, for frying']], ['2 tbsp olive oil']],
  ['brackets: "1 (14-ounce) can" is 14 oz', [['1 (14-ounce) can coconut milk'], ['400 ml coconut milk']], ['785 ml coconut milk']],
];

for (const [title, groups, expected] of TABLE) {
  test(`merge: ${title}`, () => {
    assert.deepEqual(texts(listOf(groups)), expected);
  });
}

test('a checked item takes no new line; a new unchecked item of the food does', () => {
  const ctx = context();
  let items = listOf([['2 onions']], ctx);
  items = items.map((i) => ({ ...i, checked: true }));
  const r = addRecipes(items, [{ origin: 'later', recipe_id: 9, recipe_servings: 2, lines: ['1 onion, finely chopped'] }], ctx);
  assert.ok(!('error' in r));
  assert.deepEqual(
    r.items.map((i) => [itemText(i), i.checked]),
    [
      ['2 onions', true],
      ['1 onion', false],
    ],
  );
  assert.equal(r.items[0], items[0], 'the checked item is untouched');
  assert.deepEqual(
    r.changed.map((i) => i.id),
    [r.items[1]!.id],
  );
  // The next line goes to the unchecked one.
  const again = addRecipes(r.items, [{ origin: 'more', recipe_id: 10, recipe_servings: 2, lines: ['3 onions'] }], ctx);
  assert.ok(!('error' in again));
  assert.deepEqual(texts(again.items), ['2 onions', '4 onions']);
});

test('pantry foods are skipped for recipes, with a count and the reason; a typed line is added', () => {
  const ctx = context({ pantry: pantryOf(['salt', 'pepper', 'oil', 'water']) });
  const lines = [
    'salt flakes and cracked black pepper',
    '2 tsp fine sea salt',
    '3 tbsp sunflower oil',
    '2 tbsp olive oil',
    '2 tbsp water',
    'sal a gosto',
    '1 colher (chá) de pimenta-do-reino',
    '2 tbsp salted butter',
    '1',
  ];
  const r = addRecipes([], [{ origin: 'r', recipe_id: 7, recipe_servings: 2, lines }], ctx);
  assert.ok(!('error' in r));
  assert.deepEqual(texts(r.items), ['2 tbsp olive oil', '2 tbsp salted butter']);
  assert.equal(r.skipped.count, 8);
  assert.deepEqual(r.skipped.by_reason, { pantry: 7, 'no-food': 1 });
  assert.deepEqual(
    r.skipped.lines.filter((l) => l.reason === 'pantry').map((l) => l.food),
    ['salt flakes', 'black pepper', 'fine sea salt', 'sunflower oil', 'water', 'sal', 'pimenta-do-reino'],
  );
  assert.ok(r.skipped.lines.every((l) => l.recipe_id === 7));
  const typed = addTypedLine(r.items, { origin: 't', text: 'sea salt' }, ctx);
  assert.ok(!('error' in typed));
  assert.equal(typed.merged, false);
  assert.equal(itemText(typed.item), 'sea salt');
});

test('recipes are scaled to the servings asked before merging', () => {
  const at = (servings: number | undefined) => {
    const r = addRecipes(
      [],
      [{ origin: 'r', recipe_id: 1, recipe_servings: 4, servings, lines: ['2 onions', '250g plain flour', '1 cup milk'] }],
      context(),
    );
    assert.ok(!('error' in r));
    return { texts: texts(r.items), servings: r.items.map((i) => i.sources[0]!.servings) };
  };
  assert.deepEqual(at(undefined), { texts: ['2 onions', '250 g plain flour', '1 cup milk'], servings: [4, 4, 4] });
  assert.deepEqual(at(8), { texts: ['4 onions', '500 g plain flour', '2 cups milk'], servings: [8, 8, 8] });
  assert.deepEqual(at(2), { texts: ['1 onion', '125 g plain flour', '½ cup milk'], servings: [2, 2, 2] });
  const err = addRecipes([], [{ origin: 'r', recipe_id: 5, recipe_servings: null, servings: 3, lines: ['2 onions'] }], context());
  assert.ok('error' in err && err.recipe_id === 5, 'a recipe without servings cannot be scaled by servings');
});

test('removing a recipe takes exactly its amounts back out, and items only it brought', () => {
  const ctx = context();
  const a = ['3 onions', '250g plain flour', '2 cans tomatoes', '1 tsp ground cumin'];
  const b = ['1 onion', '1 cup plain flour', '200 g tomatoes', '2 tbsp olive oil'];
  const onlyB = listOf([b], context());
  const both = addRecipes(onlyB, [{ origin: 'a', recipe_id: 11, recipe_servings: 4, lines: a }], ctx);
  assert.ok(!('error' in both));
  assert.deepEqual(texts(both.items), [
    '4 onions',
    '375 g plain flour',
    '200 g + 2 cans tomatoes',
    '2 tbsp olive oil',
    '1 tsp ground cumin',
  ]);
  const back = removeOrigin(both.items, 'a');
  assert.deepEqual(back.items, onlyB, 'as before recipe a was added');
  assert.deepEqual(back.removed, [both.items[4]!.id]);
  assert.deepEqual(
    back.changed.map((i) => itemText(i)),
    ['1 onion', '1 cup plain flour', '200 g tomatoes'],
  );
  // By recipe id: every addition of it, checked items included.
  const twice = addRecipes(both.items, [{ origin: 'a2', recipe_id: 11, recipe_servings: 4, servings: 8, lines: a }], ctx);
  assert.ok(!('error' in twice));
  const checked = twice.items.map((i, n) => (n === 0 ? { ...i, checked: true } : i));
  assert.deepEqual(
    removeRecipe(checked, 11).items,
    onlyB.map((i, n) => (n === 0 ? { ...i, checked: true } : i)),
  );
  assert.deepEqual(removeRecipe(removeRecipe(checked, 11).items, 1).items, []);
});

test('typed lines merge into the unchecked item of their food (200) or make a new one (201)', () => {
  const ctx = context();
  const first = addTypedLine([], { origin: 't1', text: '2 onions' }, ctx);
  assert.ok(!('error' in first));
  assert.equal(first.merged, false);
  const second = addTypedLine(first.items, { origin: 't2', text: '1 onion' }, ctx);
  assert.ok(!('error' in second));
  assert.equal(second.merged, true);
  assert.equal(second.item.id, first.item.id);
  assert.equal(itemText(second.item), '3 onions');
  const odd = addTypedLine(second.items, { origin: 't3', text: ' 2  packs ' }, ctx);
  assert.ok(!('error' in odd));
  assert.equal(itemText(odd.item), '2 packs', 'a line the parser finds no food in is kept as typed');
  assert.ok('error' in addTypedLine([], { origin: 't4', text: '   ' }, ctx));
  const view = itemView(second.item);
  assert.deepEqual(view, {
    id: first.item.id,
    text: '3 onions',
    quantity: 3,
    quantity_max: null,
    unit: null,
    food: 'onions',
    category: 'produce',
    checked: false,
    sources: [{ recipe_id: null, servings: null }],
  });
});

test('what counts as the same food', () => {
  const key = (name: string) => foodOf(name)?.key;
  const same: [string, string][] = [
    ['onions', 'onion'],
    ['finely chopped fresh coriander', 'cilantro'],
    ['coentro', 'coriander'],
    ['cebola picada', 'cebolas'],
    ['limões', 'lime'],
    ['aubergine', 'eggplant'],
    ['all-purpose flour', 'farinha de trigo'],
    ['sal a gosto', 'sea salt'],
    ['salt, to taste', 'kosher salt'],
    ['tomatoes', 'tomato'],
    ['berries', 'berry'],
  ];
  for (const [a, b] of same) assert.equal(key(a), key(b), `${a} = ${b}`);
  const apart: [string, string][] = [
    ['butter', 'peanut butter'],
    ['chicken stock', 'chicken'],
    ['onion', 'red onion'],
    ['butter', 'unsalted butter'],
    ['lime juice', 'lime'],
    ['chopped tomatoes', 'tomatoes'],
    ['egg', 'egg yolk'],
    ['olive oil', 'oil'],
    ['caldo de galinha', 'galinha'],
    ['sugar', 'brown sugar'],
    ['sugar snap peas', 'sugar'],
  ];
  for (const [a, b] of apart) assert.notEqual(key(a), key(b), `${a} ≠ ${b}`);
  assert.equal(foodOf('to taste'), null);
  assert.equal(foodOf(''), null);
  assert.equal(foodOf('finely chopped flat-leaf parsley')?.name, 'flat-leaf parsley');
});

test("aisles: the table, the head noun, the household's choice", () => {
  const aisle = (name: string, overrides?: Map<string, never>) => aisleOf(foodOf(name)!.key, overrides);
  const cases: [string, string][] = [
    ['onions', 'produce'],
    ['cebola roxa', 'produce'],
    ['smoked salmon', 'meat-fish'],
    ['peito de frango desfiado', 'meat-fish'],
    ['sobras de frango assado', 'meat-fish'],
    ['caldo de galinha', 'pantry'],
    ['peanut butter', 'pantry'],
    ['butter', 'dairy'],
    ['frozen peas', 'frozen'],
    ['dry white wine', 'drinks'],
    ['ground cumin', 'spices'],
    ['sourdough bread', 'bakery'],
    ['molho de tomate', 'pantry'],
    ['batteries', 'other'],
  ];
  for (const [name, expected] of cases) assert.equal(aisle(name), expected, name);
  const key = foodOf('batteries')!.key;
  assert.equal(aisleOf(key, new Map([[key, 'pantry']])), 'pantry');
  const ctx = context({ aisles: new Map([[foodOf('onion')!.key, 'other']]) });
  assert.equal(listOf([['2 onions']], ctx)[0]!.category, 'other');
});

test('amounts as a shopper reads them', () => {
  const mass = (g: number, system: 'metric' | 'us' = 'metric') =>
    showAmount({ kind: 'mass', unit: 'gram', quantity: g, quantity_max: null, system, written: 'mass' }, 'beef').text;
  assert.equal(mass(449.6), '450 g');
  assert.equal(mass(1200), '1.2 kg');
  assert.equal(mass(998), '1 kg');
  assert.equal(mass(12.34), '12 g');
  assert.equal(mass(680.39, 'us'), '1 ½ lb');
  assert.equal(mass(340, 'us'), '12 oz');
  const view = showAmount({ kind: 'mass', unit: 'gram', quantity: 375, quantity_max: null, system: 'us', written: 'volume' }, 'flour');
  assert.deepEqual(view, { quantity: 3, quantity_max: null, unit: 'cup', text: '3 cups' });
  assert.equal(
    showAmount({ kind: 'mass', unit: 'gram', quantity: 375, quantity_max: null, system: 'us', written: 'volume' }, 'flour', 'metric').text,
    '375 g',
  );
  const count = (q: number, max: number | null = null, unit: string | null = null) =>
    showAmount({ kind: 'count', unit, quantity: q, quantity_max: max, system: null, written: null }, 'onion').text;
  assert.equal(count(2.5), '3');
  assert.equal(count(3.0000000001), '3');
  assert.equal(count(0.25, null, 'can'), '1 can');
  assert.equal(count(1.5, 2.5, 'clove'), '2–3 cloves');
});
