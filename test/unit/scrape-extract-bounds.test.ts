/**
 * Every number the extractor takes from a page is validated and bounded: times within a week,
 * servings within 1..1000, nothing infinite or absurd. And the two patterns that were
 * quadratic (JSON-LD trailing-junk trim, servings ranges) give the same answers as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  extractRecipe,
  MAX_MINUTES,
  MAX_SERVINGS,
  parseHumanDuration,
  parseIsoDuration,
  parseLenientJson,
  parseServings,
} from '../../src/modules/scrape/extract/index.js';

const ld = (recipe: Record<string, unknown> | string) =>
  `<html><head><script type="application/ld+json">${typeof recipe === 'string' ? recipe : JSON.stringify(recipe)}</script></head><body></body></html>`;
const base = { '@type': 'Recipe', name: 'Stew', recipeIngredient: ['1 onion', '2 carrots'] };

test('durations out of range are dropped, not passed on', () => {
  assert.equal(parseIsoDuration('PT99999999999999999999H'), null);
  assert.equal(parseIsoDuration('PT1e309M'), null);
  assert.equal(parseHumanDuration('PT1e309M'), null, 'an ISO-looking value that does not parse is not read as "309 minutes"');
  assert.equal(parseHumanDuration('1e309 minutes'), null);
  assert.equal(parseIsoDuration('P1Y'), null, 'a year has no fixed length, and no recipe takes one');
  assert.equal(parseIsoDuration('P2W'), null, 'two weeks is over the bound');
  assert.equal(parseIsoDuration(`PT${MAX_MINUTES}M`), MAX_MINUTES, 'the bound itself is kept');
  assert.equal(parseIsoDuration(`PT${MAX_MINUTES + 1}M`), null);
  assert.equal(parseHumanDuration('9999999 hours'), null);
  assert.equal(parseIsoDuration('PT1H30M'), 90);
  assert.equal(parseHumanDuration('1 h 05'), 65);
});

test('servings out of range are dropped; ranges still read their upper end', () => {
  assert.equal(parseServings('9'.repeat(50_000)), null);
  assert.equal(parseServings(`${'9'.repeat(50_000)}-4`), 4, 'a range still parses, whatever precedes it');
  assert.equal(parseServings(Infinity), null);
  assert.equal(parseServings(Number.NaN), null);
  assert.equal(parseServings(-3), null);
  assert.equal(parseServings(MAX_SERVINGS + 1), null);
  assert.equal(parseServings('2 to 4 people'), 4);
  assert.equal(parseServings('8-10 servings'), 10);
  assert.equal(parseServings('Serves 4'), 4);
  assert.equal(parseServings('4 à 6 personnes'), 6);
  assert.equal(parseServings('12 - 14 cookies'), 12, 'a spaced dash is not a range separator (as before)');
  assert.equal(parseServings([{ value: 3 }]), 3);
});

test('a page with absurd numbers extracts with those fields null, and the result serialises', () => {
  const r = extractRecipe(
    ld({ ...base, recipeYield: '9'.repeat(50_000), totalTime: 'PT99999999999999999999H', cookTime: 'PT1e309M' }),
    'https://cook.example/',
  );
  assert.ok(r);
  assert.equal(r.servings, null);
  assert.equal(r.time_minutes, null);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(r)));
  // JSON allows 1e400, which parses to Infinity.
  const inf = extractRecipe(
    ld(`{"@type":"Recipe","name":"Stew","recipeIngredient":["1 onion"],"recipeYield":1e400,"totalTime":1e400}`),
    'https://cook.example/',
  );
  assert.equal(inf?.servings, null);
  assert.equal(inf?.time_minutes, null);
});

test('prep + cook past the bound is dropped too', () => {
  const r = extractRecipe(ld({ ...base, prepTime: 'PT100H', cookTime: 'PT100H' }), 'https://cook.example/');
  assert.equal(r?.time_minutes, null);
  const ok = extractRecipe(ld({ ...base, prepTime: 'PT10M', cookTime: 'PT20M' }), 'https://cook.example/');
  assert.equal(ok?.time_minutes, 30);
});

test('JSON-LD trailing semicolons and whitespace are still trimmed (now without a regex)', () => {
  assert.deepEqual(parseLenientJson(`{"a": 1,};;  \n ; `), { a: 1 });
  assert.deepEqual(parseLenientJson(`{"a": "x"}${' ;'.repeat(20_000)}`), { a: 'x' });
});
