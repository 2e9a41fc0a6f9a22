// Cook mode's reading of a step: the durations that become timers, and the ingredients it uses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clock, findTimers, ingredientsInStep } from '../../web/src/cook.js';

const seconds = (step: string) => findTimers(step).map((x) => x.seconds);

test('cook: durations in English and Portuguese become timers; a range takes its first number', () => {
  assert.deepEqual(findTimers('Bake for 25 minutes, until golden.'), [{ text: '25 minutes', seconds: 1500 }]);
  assert.deepEqual(seconds('Cozinhe por 10 minutos.'), [600]);
  assert.deepEqual(seconds('Leave to rise for 1 hour.'), [3600]);
  assert.deepEqual(seconds('Simmer 1-2 hours, stirring.'), [3600]);
  assert.deepEqual(seconds('Asse de 30 a 40 minutos.'), [1800]);
  assert.deepEqual(seconds('Rest 1 hour 30 minutes, then bake 12 mins.'), [5400, 720]);
  assert.deepEqual(seconds('Deixe 1 hora e 15 minutos.'), [4500]);
  assert.deepEqual(seconds('Boil 1½ hours, or ½ hour more'), [5400, 1800]);
  assert.deepEqual(seconds('Whisk for 30 seconds.'), [30]);
  assert.deepEqual(seconds('Fry 2,5 min'), [150]);
  assert.deepEqual(seconds('Heat the oven to 200 C. Add 3 eggs and 250 ml milk.'), [], 'temperatures and amounts are not times');
  assert.deepEqual(seconds('Cut into 2 cm cubes; 4 hens'), []);
});

test('cook: a step uses the ingredients whose food names it mentions, ignoring case, accents and plurals', () => {
  const names = ['arborio rice', 'onion', 'tomatoes', 'fresh dill', 'farinha de trigo', 'limão', null, 'eggs'];
  assert.deepEqual(ingredientsInStep('Soften the onions, then toast the Rice.', names), [0, 1]);
  assert.deepEqual(ingredientsInStep('Add the tomato and the dill.', names), [2, 3]);
  assert.deepEqual(ingredientsInStep('Misture a farinha com o suco do limao.', names), [4, 5]);
  assert.deepEqual(ingredientsInStep('Beat the egg.', names), [7]);
  assert.deepEqual(ingredientsInStep('Preheat the oven.', names), []);
});

test('cook: a countdown reads as minutes and seconds, with hours when there are some', () => {
  assert.equal(clock(1500), '25:00');
  assert.equal(clock(59.2), '1:00');
  assert.equal(clock(3909), '1:05:09');
  assert.equal(clock(-3), '0:00');
});
