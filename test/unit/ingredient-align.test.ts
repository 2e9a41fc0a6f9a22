/** Label alignment (scripts/ingredients/align.ts): from a labelled row's columns to one label per token. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { align } from '../../scripts/ingredients/align.js';
import { tokenize } from '../../src/modules/ingredients/tokenize.js';
import type { LabelledCase } from '../helpers/ingredient-score.js';

function row(input: string, fields: Partial<LabelledCase>): LabelledCase {
  return { source: 't', input, name: '', quantity: '', unit: '', size: '', preparation: '', comment: '', purpose: '', ...fields };
}
function labelsOf(c: LabelledCase): string {
  const tokens = tokenize(c.input);
  const a = align(c, tokens);
  return tokens.map((t, i) => `${t.text}/${a.labels[i]}`).join(' ');
}

test('numbers by value (fractions, ranges), words by stem to the field that holds them', () => {
  assert.equal(
    labelsOf(row('200g/7oz Parmesan, grated', { name: 'Parmesan', quantity: '200 7', unit: 'g oz', preparation: 'grated' })),
    '200/QTY g/UNIT //O 7/QTY oz/UNIT Parmesan/NAME ,/O grated/PREP',
  );
  assert.equal(
    labelsOf(
      row('1 1/2 cups fresh mint leaves, chopped', { name: 'fresh mint leaf', quantity: '1#1$2', unit: 'cup', preparation: 'chopped' }),
    ),
    '1/QTY 1/2/QTY cups/UNIT fresh/NAME mint/NAME leaves/NAME ,/O chopped/PREP',
  );
  assert.equal(
    labelsOf(row('2-3 garlic cloves', { name: 'garlic', quantity: '2-3', unit: 'clove' })),
    '2/QTY -/QTY 3/QTY garlic/NAME cloves/UNIT',
  );
});

test('a word already used up by one field goes to the next one that holds it', () => {
  assert.equal(
    labelsOf(
      row('2 tbsp coffee, mixed with 1 tbsp water', {
        name: 'coffee',
        quantity: '2',
        unit: 'tbsp',
        preparation: 'mixed with 1 tbsp water',
      }),
    ),
    '2/QTY tbsp/UNIT coffee/NAME ,/O mixed/PREP with/PREP 1/PREP tbsp/PREP water/PREP',
  );
  assert.equal(
    labelsOf(
      row('2 stalks celery, cut into 1-inch lengths', {
        name: 'celery',
        quantity: '2',
        unit: 'stalk',
        preparation: 'cut into 1 inch length',
      }),
    ),
    '2/QTY stalks/UNIT celery/NAME ,/O cut/PREP into/PREP 1/PREP -/O inch/PREP lengths/PREP',
  );
});

test('reports how much of the name it found', () => {
  const c = row('3 eggs', { name: 'free-range eggs', quantity: '3' });
  assert.equal(align(c, tokenize(c.input)).nameCoverage, 0.5);
});
