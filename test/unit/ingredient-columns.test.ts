// The stored columns of a write's ingredients are joined from texts kept per line
// (ingredient-lines.ts columnsOfText / columnsOfItems): they must be exactly what serializing
// every line's stored form gives, headings and all, whether the line's parse was kept or not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  columnsOfItems,
  columnsOfText,
  linesOfItems,
  parseColumns,
  parseIngredientsText,
  configureParseCache,
} from '../../src/modules/recipes/ingredient-lines.js';

const TEXTS = [
  '200 g lentils\n1 red onion\n2 carrots\n1 tsp cumin',
  'arborio rice, saffron, parmesan',
  '1 onion, finely chopped, 2 cloves garlic',
  '1 cup (240 ml) whole milk\n2-3 tbsp "extra" sugar\n½ tsp sel de Guérande\n1 1/2 lb or 700 g potatoes',
  '  \n\tlone line with a \\ backslash and a \u2028 separator \n',
  '3 eggs\n3 eggs\n3 eggs',
];

test('the stored lines of a text are those of serializing each parsed line, on a first parse and from the kept texts', () => {
  configureParseCache(1_000_000);
  for (let round = 0; round < 2; round++) {
    for (const text of TEXTS) {
      const expected = parseColumns(parseIngredientsText(text));
      assert.deepEqual(columnsOfText(text), expected, `round ${round}: ${JSON.stringify(text)}`);
      JSON.parse(columnsOfText(text).ingredient_lines);
    }
  }
  const lines = JSON.parse(columnsOfText(TEXTS[3]!).ingredient_lines) as { alternatives?: unknown }[];
  assert.ok(
    lines.some((l) => l.alternatives !== undefined),
    'a line with alternatives is among them',
  );
});

test('the stored lines of groups carry each heading, quoted as JSON', () => {
  const items = [
    { text: '2 apples', group: 'For the "filling"' },
    { text: '1 tsp cinnamon', group: 'For the "filling"' },
    { text: '200 g flour', group: 'Pâte\nbrisée \\ crust' },
    { text: '1 egg', group: null },
  ];
  for (let round = 0; round < 2; round++) assert.deepEqual(columnsOfItems(items), parseColumns(linesOfItems(items)));
  assert.deepEqual(columnsOfItems([]), parseColumns([]));
});

test('a cache too small to keep anything gives the same texts', () => {
  configureParseCache(0);
  try {
    for (const text of TEXTS) assert.deepEqual(columnsOfText(text), parseColumns(parseIngredientsText(text)));
  } finally {
    configureParseCache(8_000_000);
  }
});
