// Properties of the shopping list's merge: adding a recipe and taking it out again leaves the
// list as it was, the order recipes are added in does not change what the list adds up to, and
// no number, however large, makes an amount that is not a finite number.
// Lines are real ones (dev.tsv and Brazilian recipes), written out here; fast-check picks them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseIngredientLine } from '../../src/modules/ingredients/ingredient-parser.js';
import { itemView, showAmount } from '../../src/modules/lists/merge/display.js';
import type { ListItem, TotalAmount } from '../../src/modules/lists/merge/list-item.js';
import { addRecipes, removeOrigin, type MergeContext, type RecipeAddition } from '../../src/modules/lists/merge/merge.js';
import { pantryOf } from '../../src/modules/lists/merge/pantry.js';

const LINES = [
  '3 onions, peeled and cut into wedges',
  '1 large onion, peeled and chopped',
  '½ large onion, chopped',
  '2 cebolas',
  '1 small red onion, halved',
  '250g/9oz strong flour',
  '2 cups plain flour',
  '285g/10¼oz plain flour, plus extra for dusting',
  '1 xícara (chá) de farinha de trigo',
  '100g/4oz butter, softened (not melted)',
  '2 tbsp butter',
  '3 tbsp peanut butter',
  '600ml/21fl oz chicken stock',
  '1 litre chicken stock',
  '2 chicken breasts',
  '1 kg chicken thighs',
  '2-3 garlic cloves, peeled',
  '4 cloves garlic, peeled and chopped',
  '1 garlic bulb',
  'juice of 2 limes',
  '1 lime, peeled and segmented',
  '1-2 lemons, rind and juice only',
  '2 x 400g cans chopped tomatoes',
  '2 cans tomatoes',
  '200 g tomatoes',
  '6 plum tomatoes',
  '½ cup milk',
  '200 ml milk',
  '1 lb ground beef',
  '8 oz ground beef',
  '1 tsp ground cumin',
  '2 tbsp cumin',
  'salt and freshly ground black pepper',
  '2 tbsp olive oil',
  'extra virgin olive oil, to taste',
  '3 tbsp sunflower oil',
  '4 free-range eggs, whisked',
  '1 dozen eggs',
  '1 bunch fresh coriander',
  'handful of cilantro',
  '1 (14-ounce) can coconut milk',
  '2 colheres (sopa) de azeite',
  '1 colher (chá) de sal',
  '3 dentes de alho',
];

// Parsed once, as a recipe stores its lines.
const PARSED = LINES.map(parseIngredientLine);

const recipe = fc.record({
  recipe_id: fc.integer({ min: 1, max: 6 }),
  recipe_servings: fc.integer({ min: 1, max: 8 }),
  servings: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
  lines: fc.array(fc.constantFrom(...PARSED), { minLength: 1, maxLength: 8 }),
});

function ctxWith(pantry: boolean): MergeContext {
  let n = 0;
  return { newId: () => `i${++n}`, ...(pantry ? { pantry: pantryOf(['salt', 'pepper', 'oil']) } : {}) };
}

function build(recipes: Omit<RecipeAddition, 'origin'>[], ctx: MergeContext, tag = 'r'): ListItem[] {
  let items: ListItem[] = [];
  recipes.forEach((r, i) => {
    const out = addRecipes(items, [{ ...r, origin: `${tag}${i}` }], ctx);
    assert.ok(!('error' in out), 'error' in out ? out.error : '');
    items = out.items;
  });
  return items;
}

test('property: adding a recipe and removing it leaves the list as it was (checked items included)', () => {
  fc.assert(
    fc.property(
      fc.array(recipe, { maxLength: 6 }),
      fc.array(fc.boolean(), { maxLength: 30 }),
      recipe,
      fc.boolean(),
      (before, checks, added, pantry) => {
        const ctx = ctxWith(pantry);
        const items = build(before, ctx).map((item, i) => (checks[i] ? { ...item, checked: true } : item));
        const frozen = structuredClone(items);
        const withIt = addRecipes(items, [{ ...added, origin: 'added' }], ctx);
        assert.ok(!('error' in withIt));
        assert.deepEqual(items, frozen, 'the list given is not altered');
        assert.deepEqual(removeOrigin(withIt.items, 'added').items, items);
      },
    ),
    { numRuns: 200, seed: 26 },
  );
});

/** What the list adds up to, per food and checked state, whatever the order of items and totals. */
function totals(items: ListItem[]): Map<string, TotalAmount[]> {
  const out = new Map<string, TotalAmount[]>();
  const order = (t: TotalAmount) => `${t.kind}:${t.unit}`;
  for (const item of items) {
    const key = `${item.food}|${item.checked}`;
    assert.ok(!out.has(key), `one unchecked item per food: ${key}`);
    out.set(
      key,
      [...item.amounts].sort((a, b) => order(a).localeCompare(order(b))),
    );
  }
  return out;
}

test('property: the order recipes are added in does not change the totals', () => {
  fc.assert(
    fc.property(
      fc
        .array(recipe, { minLength: 1, maxLength: 8 })
        .chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length }))),
      fc.boolean(),
      ([recipes, shuffled], pantry) => {
        const a = build(recipes, ctxWith(pantry));
        const b = build(shuffled, ctxWith(pantry));
        assert.deepEqual(totals(a), totals(b));
        // One batch (a plan) gives the same as one at a time.
        const batch = addRecipes(
          [],
          recipes.map((r, i) => ({ ...r, origin: `p${i}` })),
          ctxWith(pantry),
        );
        assert.ok(!('error' in batch));
        assert.deepEqual(totals(batch.items), totals(a));
      },
    ),
    { numRuns: 200, seed: 26 },
  );
});

test('property: every total and shown amount is a finite number or none, whatever the numbers', () => {
  const number = fc.oneof(
    fc.constantFrom('1e308', '9' + '0'.repeat(307), '1/0', '0', '½', '1 1/2', '2-3', 'NaN', 'Infinity', '1,5', '__proto__'),
    fc.double({ min: 0, max: 1e308, noNaN: true }).map(String),
  );
  const unit = fc.constantFrom('', 'g', 'kg', 'cups', 'tbsp', 'oz', 'lb', 'ml', 'l', 'cans', 'cloves', 'dozen', 'cm', 'pinch');
  const food = fc.constantFrom('flour', 'sugar', 'milk', 'onions', 'garlic', 'farinha de trigo', 'constructor', 'toString');
  const line = fc.tuple(number, unit, food).map(([n, u, f]) => `${n} ${u} ${f}`.replace(/\s+/g, ' '));
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 400 }), (lines, servings) => {
      const out = addRecipes([], [{ origin: 'x', recipe_id: 1, recipe_servings: 4, servings, lines }], ctxWith(false));
      assert.ok(!('error' in out));
      for (const item of out.items) {
        for (const t of item.amounts) {
          assert.ok(t.quantity === null || Number.isFinite(t.quantity), `${item.food}: ${t.quantity}`);
          assert.ok(t.quantity_max === null || Number.isFinite(t.quantity_max), `${item.food}: ${t.quantity_max}`);
        }
        const view = itemView(item);
        assert.ok(view.quantity === null || Number.isFinite(view.quantity));
        assert.ok(view.quantity_max === null || Number.isFinite(view.quantity_max));
        for (const t of item.amounts) assert.ok(!/NaN|Infinity|undefined|null/.test(showAmount(t, item.food).text), view.text);
        assert.ok(view.text.trim().length > 0);
      }
    }),
    { numRuns: 150, seed: 26 },
  );
});
