// The shipped food table of the shopping list (src/modules/lists/merge/foods*.ts): a few hundred
// foods, each with English and Portuguese names and an aisle, no name claimed by two foods, and
// every name read back as its own food.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aisleOf } from '../../src/modules/lists/merge/aisles.js';
import { foodOf, nameKey } from '../../src/modules/lists/merge/food-key.js';
import { FOODS } from '../../src/modules/lists/merge/foods.js';
import { AISLES, isAisle } from '../../src/modules/lists/merge/list-item.js';

test('the food table: a few hundred foods, English and Portuguese names, every aisle', () => {
  assert.ok(FOODS.length >= 300, `${FOODS.length} foods`);
  for (const f of FOODS) {
    assert.ok(isAisle(f.aisle) && f.aisle !== 'other', `${f.name}: aisle ${f.aisle}`);
    assert.ok(f.english.length >= 1 && f.portuguese.length >= 1, `${f.name}: names in both languages`);
  }
  for (const aisle of AISLES.filter((a) => a !== 'other'))
    assert.ok(
      FOODS.some((f) => f.aisle === aisle),
      aisle,
    );
});

test('the food table: no name belongs to two foods, and every name reads back as its food', () => {
  const owner = new Map<string, string>();
  for (const f of FOODS) {
    for (const name of [...f.english, ...f.portuguese]) {
      const key = nameKey(name);
      const other = owner.get(key);
      assert.ok(other === undefined || other === f.name, `"${name}" is both ${other} and ${f.name}`);
      owner.set(key, f.name);
      const food = foodOf(name);
      assert.equal(food?.key, nameKey(f.name), `"${name}" reads as ${f.name}`);
      assert.equal(aisleOf(food!.key), f.aisle, `"${name}" is in ${f.aisle}`);
    }
  }
});
