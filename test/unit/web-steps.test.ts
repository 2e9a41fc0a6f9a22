// The method as a numbered list: the numbers and bullets a step was written with are not shown twice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { steps } from '../../web/src/steps.js';

test('steps: a leading number or bullet is dropped, whatever its punctuation or language', () => {
  assert.deepEqual(steps('1- Versez la farine.\n2- Ajoutez les œufs.'), ['Versez la farine.', 'Ajoutez les œufs.']);
  assert.deepEqual(steps('1. Toast the rice.\n2) Add the stock.\n3: Stir.\nStep 4 Serve.'), [
    'Toast the rice.',
    'Add the stock.',
    'Stir.',
    'Serve.',
  ]);
  assert.deepEqual(steps('Passo 1 – Misture.\n• Asse.\n- Sirva.'), ['Misture.', 'Asse.', 'Sirva.']);
});

test('steps: numbers that belong to the step stay', () => {
  assert.deepEqual(steps('1-2 hours in a low oven.\n1.5 l of stock, added slowly.\n3 eggs, beaten.'), [
    '1-2 hours in a low oven.',
    '1.5 l of stock, added slowly.',
    '3 eggs, beaten.',
  ]);
});
