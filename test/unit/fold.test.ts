// foldCase: full Unicode case folding for search (src/lib/fold.ts), the one definition both
// databases and the search terms share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldCase, storedFold } from '../../src/lib/fold.js';

test('foldCase folds the way people expect across languages', () => {
  const same: [string, string][] = [
    ['\u212Aale', 'kale'], // Kelvin sign
    ['Straße', 'strasse'],
    ['STRASSE', 'straße'],
    ['ẞ', 'ss'],
    ['İSTANBUL', 'istanbul'],
    ['İstanbul', 'ISTANBUL'],
    ['ΣΊΣΥΦΟΣ', 'σίσυφοσ'],
    ['ΦΙΛΟΣ', 'φιλοσ'], // final sigma folds to σ wherever it stands
    ['ﬁne', 'FINE'],
    ['ＫＡＬＥ', 'kale'], // compatibility forms
    ['ÄPFEL', 'äpfel'],
    ['A\u0308pfel', 'äpfel'], // composed or not
  ];
  for (const [a, b] of same) assert.equal(foldCase(a), foldCase(b), `${a} ~ ${b}`);
  const different: [string, string][] = [
    ['café', 'cafe'],
    ['äpfel', 'apfel'],
    ['ss', 's'],
  ];
  for (const [a, b] of different) assert.notEqual(foldCase(a), foldCase(b), `${a} !~ ${b}`);
  // Substrings survive folding: the term's folding is found inside the text's.
  assert.ok(foldCase('Grüße aus İSTANBUL').includes(foldCase('GRÜSSE AUS istanbul')));
  assert.ok(foldCase('\u212Aale soup').includes(foldCase('KALE')));
});

test('ASCII text folds to its lower case and stores no folded copy', () => {
  assert.equal(foldCase('Black PEPPER 2 tbsp'), 'black pepper 2 tbsp');
  assert.equal(storedFold('Black PEPPER'), null);
  assert.equal(storedFold('Crème'), 'crème');
  assert.equal(storedFold('\u212Aale'), 'kale');
});
