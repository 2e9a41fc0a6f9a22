/**
 * The method: each test is a small page (or value) written for one rule of
 * src/modules/scrape/extract/steps.ts and json-ld.ts, and fails without that rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractRecipe } from '../../src/modules/scrape/extract/index.js';
import { splitGluedSentences, withoutStepNumbers } from '../../src/modules/scrape/extract/steps.js';

const URL_ = 'https://cook.example/recipes/stew';
const page = (head: string, body = '<h1>Stew</h1>') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const ld = (json: unknown) => `<script type="application/ld+json">${JSON.stringify(json)}</script>`;
const base = { '@type': 'Recipe', name: 'Stew', recipeIngredient: ['1 onion', '2 carrots'] };
const method = (recipeInstructions: unknown, body?: string, extra: Record<string, unknown> = {}) =>
  extractRecipe(page(ld({ ...base, ...extra, recipeInstructions }), body), URL_)?.instructions;

test('a text block whose paragraphs were glued without a space is split into steps', () => {
  assert.equal(
    method('Brown the beef in batches, about 3 minutes.Add the tomatoes and simmer for 20 minutes.Season and serve.'),
    'Brown the beef in batches, about 3 minutes.\nAdd the tomatoes and simmer for 20 minutes.\nSeason and serve.',
  );
  // Abbreviations in capitals and ordinary sentences stay whole.
  assert.deepEqual(splitGluedSentences('Use U.S. Grade A eggs. Bake at 180 C.'), ['Use U.S. Grade A eggs. Bake at 180 C.']);
});

test('step numbers the page wrote into its steps are dropped (the catalog numbers steps), and bare "Step 2" lines', () => {
  assert.equal(
    method(['1. Chop the onion.', '2. Fry it in butter.', '3) Add the carrots.']),
    'Chop the onion.\nFry it in butter.\nAdd the carrots.',
  );
  assert.equal(
    method([
      { '@type': 'HowToStep', text: 'Step 1: Chop the onion.' },
      { '@type': 'HowToStep', text: 'Step 2 - Fry it.' },
    ]),
    'Chop the onion.\nFry it.',
  );
  assert.deepEqual(withoutStepNumbers(['Step 1', 'Chop the onion.', 'Step 2', 'Fry it.']), ['Chop the onion.', 'Fry it.']);
  // A number that only starts one step of many is the step's own ("2 eggs ...").
  assert.deepEqual(withoutStepNumbers(['Whisk the milk.', '2 - eggs go in next.', 'Bake it.']), [
    'Whisk the milk.',
    '2 - eggs go in next.',
    'Bake it.',
  ]);
});

test('nested HowToSections and itemListElement lists flatten into steps under their section names, entities and tags stripped', () => {
  const r = method([
    {
      '@type': 'HowToSection',
      name: 'Sauce',
      itemListElement: [
        { '@type': 'HowToSection', name: 'Base', itemListElement: [{ '@type': 'HowToStep', text: '<p>Melt the butter &amp; oil.</p>' }] },
        { '@type': 'HowToStep', text: 'Whisk in the flour&nbsp;slowly.' },
      ],
    },
  ]);
  assert.equal(r, 'Sauce\nBase\nMelt the butter & oil.\nWhisk in the flour slowly.');
});

test("a recipeInstructions that is only the description again is not the method: the page's own method is", () => {
  const teaser = 'Make the best chocolate cake with this recipe! Serve slices with coffee or as part of a high te';
  const body = `<h1>Cake</h1><h2>Ingredients</h2><ul><li>200 g chocolate</li><li>4 eggs</li></ul>
    <h2>Method</h2><ol><li>Melt the chocolate over a pan of simmering water.</li><li>Beat the eggs and fold them into the chocolate.</li><li>Bake for twenty-five minutes at 180 degrees.</li></ol>`;
  assert.equal(
    method(teaser, body, { description: teaser }),
    'Melt the chocolate over a pan of simmering water.\nBeat the eggs and fold them into the chocolate.\nBake for twenty-five minutes at 180 degrees.',
  );
});

test("the page's method does not replace structured steps when it only works asides into the same steps", () => {
  const steps = [
    'Brown the beef in a large pan, a handful at a time, until browned all over.',
    'Add the tomatoes and the beans and simmer gently for twenty minutes.',
  ];
  const body = `<h1>Chilli</h1><h2>Ingredients</h2><ul><li>500 g beef</li><li>1 can beans</li></ul><h2>Method</h2><ol>
    <li>${steps[0]} Information: turkey mince also makes an excellent chilli, and it is lower in fat too, so try it next time you make this.</li>
    <li>${steps[1]} Information: chilli is a versatile topping for baked potatoes and wraps, and it keeps well for a few days in the fridge.</li></ol>`;
  assert.equal(method(steps, body), steps.join('\n'));
});

test("the page's method does not replace structured steps when what it adds is the same method again", () => {
  const steps = [
    'Mix the cream cheese with the sugar until smooth and creamy.',
    'Whisk in the milk and the cream until the sugar dissolves.',
  ];
  const again = [
    'Mix the cream cheese with the sugar and vanilla until smooth and creamy.',
    'Whisk in the milk and the cream until all the sugar dissolves.',
  ];
  const body = `<h1>Ice cream</h1><h2>Ingredients</h2><ul><li>1 tbsp cream cheese</li><li>1 cup milk</li></ul><h2>Method</h2><ol>
    ${[...steps, ...again].map((s) => `<li>${s}</li>`).join('')}</ol>`;
  assert.equal(method(steps, body), steps.join('\n'));
});

test('steps numbered again from 1 are the method a second time: only the first run is kept', () => {
  const run = (names: string[], texts: string[]) => names.map((name, i) => ({ '@type': 'HowToStep', name, text: texts[i] }));
  const first = ['Soften the cream cheese.', 'Whisk in the cream.', 'Freeze for a day.'];
  const second = ['Soften the cream cheese in the bowl.', 'Whisk in the cream and milk.', 'Freeze the deluxe pint for a day.'];
  assert.equal(method([...run(['Step 1', 'Step 2', 'Step 3'], first), ...run(['Step 1', 'Step 2', 'Step 3'], second)]), first.join('\n'));
  // By position too; and a list numbered once throughout is left whole.
  const byPosition = [...first, ...second].map((text, i) => ({ '@type': 'HowToStep', position: (i % 3) + 1, text }));
  assert.equal(method(byPosition), first.join('\n'));
  const once = [...first, ...second].map((text, i) => ({ '@type': 'HowToStep', position: i + 1, text }));
  assert.equal(method(once), [...first, ...second].join('\n'));
});

/** A page without markup: its ingredient list, then `method`. */
const plainPage = (methodHtml: string) =>
  page(
    '',
    `<h1>Strawberry jam</h1><h2>Ingredients</h2><ul><li>425 g strawberries</li><li>150 g jam sugar</li><li>1 tsp lemon juice</li></ul>${methodHtml}`,
  );
const plainMethod = (methodHtml: string) => extractRecipe(plainPage(methodHtml), URL_)?.instructions;
const STEPS = [
  'Place a small plate in the freezer and wash the strawberries well.',
  'Combine the jam sugar and the strawberries in a large pot and let them sit.',
  'Bring everything to a boil and cook for four minutes, stirring all the time.',
];

test('step cards each under their own "Step 1/3" heading, with a photo and lists of what they use: one method, a step per card', () => {
  const card = (text: string, i: number) =>
    `<li><h2>Step ${i + 1}/3</h2><div><img src="/s${i}.jpg" alt=""></div><ul><li><b>425 g</b> strawberries</li><li>150 g jam sugar</li></ul>` +
    `<ul><li>pot (large)</li><li>cooking spoon</li></ul><p>${text}</p></li>`;
  assert.equal(plainMethod(`<ul class="cards">${STEPS.map(card).join('')}</ul>`), STEPS.join('\n'));
});

test('step cards as list items with their own lists and no heading: each card is one step, its paragraphs', () => {
  const card = (text: string, i: number) =>
    `<li><span class="num">${i + 1}</span><ul><li>425 g strawberries, hulled and quartered</li><li>150 g jam sugar</li><li>one large heavy pot</li></ul><p>${text}</p></li>`;
  assert.equal(plainMethod(`<h2>Method</h2><ol>${STEPS.map(card).join('')}</ol>`), STEPS.join('\n'));
});

test('step cards as blocks with a number and text: no bare numbers, no doubled "Step 1" prefixes', () => {
  const card = (text: string, i: number) => `<div class="step"><div class="n">Step ${i + 1}/3</div><p>Step ${i + 1}: ${text}</p></div>`;
  assert.equal(plainMethod(`<h2>Method</h2><div>${STEPS.map(card).join('')}</div>`), STEPS.join('\n'));
  assert.deepEqual(withoutStepNumbers(['1', 'Step 1: 1. Chop the onion.', '2/2', 'Step 2: 2. Fry it.']), ['Chop the onion.', 'Fry it.']);
});

test('a method in one paragraph under a heading the rules do not know, nested away from the ingredient list: the first paragraph after the list', () => {
  const text =
    'Separate the eggs and whisk the yolks with the sugar until pale. Fold in the flour, the cocoa and the baking powder. Bake the batter in a buttered tin at 180 C for fifty minutes.';
  const html = page(
    '',
    '<h1>Cocoa cake</h1><div class="box"><div><ul><li>4 eggs</li><li>250 g sugar</li><li>150 g flour</li><li>50 g cocoa</li></ul></div></div>' +
      `<a href="/shop"><img src="/ad.png"></a><section><h2>A recept</h2><div><section class="prose"><p>${text}</p></section></div></section>`,
  );
  assert.equal(extractRecipe(html, URL_)?.instructions, text);
});
