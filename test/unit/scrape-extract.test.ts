import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractContent } from '../../src/modules/scrape/extract-content.js';
import {
  cleanText,
  extractRecipe,
  parseHumanDuration,
  parseIsoDuration,
  parseLenientJson,
  parseServings,
} from '../../src/modules/scrape/extract/index.js';
import { extractTitle } from '../../src/modules/scrape/extract-title.js';
import { loadHtml, textNodes } from '../../src/modules/scrape/extract/text.js';
import { modelValue, valueCandidates } from '../../src/modules/scrape/extract/value-model.js';

const PAGE_URL = 'https://cook.example/recipes/soup';
const ld = (json: string, head = '') =>
  `<!doctype html><html><head>${head}<script type="application/ld+json">${json}</script></head><body><h1>Page heading</h1></body></html>`;
const RECIPE = {
  '@type': 'Recipe',
  name: 'Tomato Soup',
  recipeIngredient: ['2 tomatoes', '1 onion'],
  totalTime: 'PT1H30M',
  recipeYield: '4 servings',
  recipeInstructions: 'Chop.\nCook.',
  image: 'https://cook.example/soup.jpg',
};

test('title: <title>, then og:title, then the first h1, whitespace collapsed', () => {
  assert.equal(extractTitle('<html><head><title>\n  Tomato   soup \n</title></head><body><h1>H</h1></body></html>'), 'Tomato soup');
  assert.equal(
    extractTitle('<html><head><title> </title><meta property="og:title" content=" OG  title "></head><body><h1>H</h1></body></html>'),
    'OG title',
  );
  assert.equal(
    extractTitle('<html><body><svg><title>icon</title></svg><h1>  First <b>heading</b> </h1><h1>Second</h1></body></html>'),
    'First heading',
  );
  assert.equal(extractTitle('<html><body><p>nothing</p></body></html>'), null);
});

test('content: h1-h3 in document order and paragraphs, no script/style text, empties dropped', () => {
  const c = extractContent(`<html><head><style>p{}</style><script>document.write("<p>x</p>")</script></head><body>
    <h2>Second level</h2><h1> Top </h1><p> One  para </p><p>   </p><h4>Too deep</h4><h3>Third</h3><p>Two &amp; three</p>
    <noscript><p>no js</p></noscript></body></html>`);
  assert.deepEqual(c.headers, ['Second level', 'Top', 'Third']);
  assert.deepEqual(c.paragraphs, ['One para', 'Two & three']);
});

test('ISO-8601 and human durations', () => {
  assert.equal(parseIsoDuration('PT1H30M'), 90);
  assert.equal(parseIsoDuration('P0DT0H45M'), 45);
  assert.equal(parseIsoDuration('PT24H0M'), 1440);
  assert.equal(parseIsoDuration('P1DT2H'), 1560);
  assert.equal(parseIsoDuration('PT90S'), 2);
  assert.equal(parseIsoDuration('PT'), 0);
  assert.equal(parseIsoDuration('90 minutes'), null);
  assert.equal(parseHumanDuration('1 hour 30 mins'), 90);
  assert.equal(parseHumanDuration('1 h 05'), 65);
  assert.equal(parseHumanDuration('2 Std. 10 Min.'), 130);
  assert.equal(parseHumanDuration('45 minutos'), 45);
  assert.equal(parseHumanDuration('Facile'), null);
});

test('servings: first number of the yield, upper end of a range, first usable entry of a list', () => {
  assert.equal(parseServings('8 servings'), 8);
  assert.equal(parseServings('Serves: 4'), 4);
  assert.equal(parseServings('24 squares'), 24);
  assert.equal(parseServings('Serves 2 to 4'), 4);
  assert.equal(parseServings('8-10'), 10);
  assert.equal(parseServings(['4', '4 to 6 servings']), 4);
  assert.equal(parseServings(6), 6);
  assert.equal(parseServings('a few'), null);
});

test('cleanText unescapes (doubly) escaped entities and strips markup', () => {
  assert.equal(cleanText('Pomegranate &amp;amp; Black Pepper'), 'Pomegranate & Black Pepper');
  assert.equal(cleanText('Caf&eacute; &#8220;au lait&#8221;'), 'Café “au lait”');
  assert.equal(cleanText('<p>Mix   <b>well</b></p>'), 'Mix well');
  assert.equal(cleanText('Berg\u00adkäse'), 'Bergkäse');
});

test('lenient JSON: CDATA wrappers, comments, trailing commas, raw newlines in strings', () => {
  assert.deepEqual(parseLenientJson('// <![CDATA[\n{"a": [1, 2,], "b": "x\ny",}\n// ]]>'), { a: [1, 2], b: 'x y' });
  assert.deepEqual(parseLenientJson('<!-- {"a": 1} -->'), { a: 1 });
  assert.deepEqual(parseLenientJson('{"a":1}{"b":2}'), [{ a: 1 }, { b: 2 }]);
  assert.equal(parseLenientJson('not json at all'), undefined);
});

test('JSON-LD: a single Recipe object', () => {
  const r = extractRecipe(ld(JSON.stringify({ '@context': 'https://schema.org', ...RECIPE })), PAGE_URL);
  assert.deepEqual(r, {
    title: 'Tomato Soup',
    ingredients: ['2 tomatoes', '1 onion'],
    time_minutes: 90,
    instructions: 'Chop.\nCook.',
    servings: 4,
    image_url: 'https://cook.example/soup.jpg',
    ingredient_groups: [{ name: null, ingredients: ['2 tomatoes', '1 onion'] }],
    tags: [],
  });
});

test('JSON-LD: the Recipe inside an array, an @graph, a nested mainEntity, with @type as a list', () => {
  const shapes = [
    JSON.stringify([{ '@type': 'WebSite', name: 'Site' }, RECIPE]),
    JSON.stringify({ '@context': 'https://schema.org', '@graph': [{ '@type': 'Article', headline: 'Blog' }, RECIPE] }),
    JSON.stringify({ '@type': 'WebPage', mainEntity: { ...RECIPE } }),
    JSON.stringify({ ...RECIPE, '@type': ['Recipe', 'NewsArticle'] }),
    JSON.stringify({ ...RECIPE, '@type': 'http://schema.org/Recipe' }),
  ];
  for (const json of shapes) {
    const r = extractRecipe(ld(json), PAGE_URL);
    assert.equal(r?.title, 'Tomato Soup', json);
    assert.deepEqual(r?.ingredients, ['2 tomatoes', '1 onion'], json);
  }
});

test('JSON-LD: HTML entities, malformed blocks, HowToStep/HowToSection and prep + cook time', () => {
  const json = `// <![CDATA[
  {"@context": "https://schema.org", "@type": "Recipe", "name": "Mac &amp;amp; Cheese",
   "recipeIngredient": ["1 cup macaroni", "For the sauce:", "2 oz cheddar &amp; gruyère",],
   "prepTime": "PT10M", "cookTime": "PT20M", "recipeYield": ["6", "6 bowls"],
   "recipeInstructions": [
     {"@type": "HowToSection", "name": "Pasta", "itemListElement": [{"@type": "HowToStep", "text": "Boil water."}, {"@type": "HowToStep", "text": "Cook &amp; drain."}]},
     {"@type": "HowToStep", "name": "Sauce", "text": "Melt cheese."}
   ],
   "image": [{"@type": "ImageObject", "url": "/img/mac.jpg"}],
  }
  // ]]>`;
  const r = extractRecipe(ld(json), PAGE_URL);
  assert.equal(r?.title, 'Mac & Cheese');
  assert.deepEqual(r?.ingredients, ['1 cup macaroni', '2 oz cheddar & gruyère']);
  assert.equal(r?.time_minutes, 30);
  assert.equal(r?.servings, 6);
  assert.equal(r?.instructions, 'Pasta\nBoil water.\nCook & drain.\nMelt cheese.');
  assert.equal(r?.image_url, 'https://cook.example/img/mac.jpg');
});

test('image: og:image first, then the schema image in its many shapes, made absolute', () => {
  const withOg = extractRecipe(ld(JSON.stringify(RECIPE), '<meta property="og:image" content="https://cdn.example/og.jpg">'), PAGE_URL);
  assert.equal(withOg?.image_url, 'https://cdn.example/og.jpg');
  for (const image of [
    '/a.jpg',
    ['/a.jpg', '/b.jpg'],
    { '@type': 'ImageObject', url: '/a.jpg' },
    [{ '@type': 'ImageObject', contentUrl: '/a.jpg' }],
  ]) {
    const r = extractRecipe(ld(JSON.stringify({ ...RECIPE, image })), PAGE_URL);
    assert.equal(r?.image_url, 'https://cook.example/a.jpg', JSON.stringify(image));
  }
});

test('microdata: itemprops of the Recipe item only, nested items keep their own properties', () => {
  const html = `<html><head><meta property="og:image" content="https://cook.example/pie.jpg"></head><body>
    <div itemscope itemtype="https://schema.org/Recipe">
      <h2 itemprop="name">Apple Pie</h2>
      <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ann</span></span>
      <meta itemprop="totalTime" content="PT1H15M"><span itemprop="recipeYield">8 slices</span>
      <ul><li itemprop="recipeIngredient">6 apples</li><li itemprop="recipeIngredient">1 cup <b>sugar</b></li></ul>
      <div itemprop="recipeInstructions"><ol><li>Peel.</li><li>Bake.</li></ol></div>
    </div></body></html>`;
  const r = extractRecipe(html, PAGE_URL);
  assert.deepEqual(r, {
    title: 'Apple Pie',
    ingredients: ['6 apples', '1 cup sugar'],
    time_minutes: 75,
    instructions: 'Peel.\nBake.',
    servings: 8,
    image_url: 'https://cook.example/pie.jpg',
    ingredient_groups: [{ name: null, ingredients: ['6 apples', '1 cup sugar'] }],
    tags: [],
  });
});

test('fallback: ingredient and method sections under headings in several languages, main heading as title', () => {
  const pages = [
    ['Ingredients', 'Method', 'Total Time: 1 hour 10 minutes', 'Serves: 4'],
    ['Ingredientes', 'Modo de preparo', 'Tempo total: 40 minutos', 'Porções: 4'],
    ['Zutaten', 'Zubereitung', 'Gesamtzeit: 1 Std. 5 Min.', 'Portionen: 4'],
    ['Ingrédients', 'Préparation', 'Temps total : 1 h 05', 'Personnes : 4'],
    ['Ingredienti', 'Preparazione', 'Tempo totale: 30 min', 'Porzioni: 4'],
    ['Składniki', 'Przygotowanie', 'Czas: 30 min', 'Porcje: 4'],
  ];
  for (const [ing, method, time, serves] of pages) {
    const html = `<html><body><nav><a>${ing}</a></nav><h1> Grandma's  Stew </h1><p>A long story about this stew.</p>
      <p>${time}</p><p>${serves}</p>
      <h2>${ing}:</h2><h4>For the stew</h4><ul><li>500 g beef</li><li>2 carrots</li></ul>
      <h4>For serving</h4><ul><li>1 baguette</li></ul>
      <h2>${method}</h2><ol><li>Brown the beef.</li><li>Simmer with the carrots for an hour.</li></ol>
      <h2>Comments</h2><p>Lovely!</p></body></html>`;
    const r = extractRecipe(html, PAGE_URL);
    assert.equal(r?.title, "Grandma's Stew", ing);
    assert.deepEqual(r?.ingredients, ['500 g beef', '2 carrots', '1 baguette'], ing);
    assert.equal(r?.instructions, 'Brown the beef.\nSimmer with the carrots for an hour.', ing);
    assert.equal(r?.servings, 4, ing);
    assert.ok(r?.time_minutes && r.time_minutes > 0, `${ing}: ${time} → ${r?.time_minutes}`);
  }
});

test('fallback: <br>-separated lines with bold group titles, and an image from the content', () => {
  const html = `<html><head><link rel="canonical" href="https://mag.example/recipes/curry/"></head><body>
    <h1>Lamb Curry</h1><img src="/media/curry.jpg" alt="">
    <h2>INGREDIENTS</h2><div><p><strong>Meatballs</strong><br> 400 grams lamb mince<br> 2 cloves garlic<br><strong>Sauce</strong><br> 1 onion, sliced</p></div>
    <h2>METHOD</h2><div><p>Roll the meatballs and cook them in the sauce.</p></div></body></html>`;
  const r = extractRecipe(html, 'http://127.0.0.1:9/saved.html');
  assert.deepEqual(r?.ingredients, ['400 grams lamb mince', '2 cloves garlic', '1 onion, sliced']);
  assert.equal(r?.image_url, 'https://mag.example/media/curry.jpg');
});

test('no recipe on the page gives null', () => {
  assert.equal(
    extractRecipe(
      '<html><head><title>News</title></head><body><h1>Election results</h1><p>Counting continues.</p></body></html>',
      PAGE_URL,
    ),
    null,
  );
  assert.equal(extractRecipe(ld(JSON.stringify({ '@type': 'Article', headline: 'Not a recipe' })), PAGE_URL), null);
  assert.equal(
    extractRecipe(
      '<html><body><h2>Ingredients</h2><p>We care about good ingredients in everything we sell, and always have.</p></body></html>',
      PAGE_URL,
    ),
    null,
  );
});

test('learned time: every short duration on the page is a candidate, described by its label and classes; a sentence is not', () => {
  const $ = loadHtml(
    '<div class="recipe-facts"><span>Ready in</span> <span>45 min</span></div><p>Bake the tortillas for about 10-15 minutes.</p><p><em>Rest 2 hours</em></p>',
  );
  const candidates = valueCandidates(textNodes($), 'time');
  assert.deepEqual(
    candidates.map((c) => c.value),
    [45, 120],
  );
  assert.ok(
    candidates[0]!.features.includes('before:ready') && candidates[0]!.features.includes('class:recipe'),
    candidates[0]!.features.join(),
  );
  // The best-scoring one above zero, by whatever weights are given; none when none scores above zero.
  assert.equal(modelValue(textNodes($), 'time', new Map([['before:ready', 2]])), 45);
  assert.equal(modelValue(textNodes($), 'time', new Map([['own:rest', 1]])), 120);
  assert.equal(modelValue(textNodes($), 'time', new Map([['bias', -1]])), null);
});

test('a page without markup whose time sits under a label the rules do not know: the committed model reads it', () => {
  const body = `<h1>Pea soup</h1><ul class="recipe-meta"><li class="total"><span>Klaar in</span> <span>45 minuten</span></li>
    <li><span>Rust</span> <span>10 minuten</span></li></ul>
    <h2>Ingredients</h2><ul><li>500 g peas</li><li>1 onion</li><li>1 l stock</li></ul>
    <h2>Method</h2><ol><li>Fry the onion until soft and golden.</li><li>Add the peas and the stock, simmer for 20 minutes.</li></ol>`;
  const r = extractRecipe(`<!doctype html><html><head><title>Pea soup</title></head><body>${body}</body></html>`, PAGE_URL);
  assert.equal(r?.time_minutes, 45);
});

test('a page without markup whose yield is a bare number in a block named for it: the committed model reads it, not a rating or an ingredient', () => {
  const body = `<h1>Pea soup</h1><div class="recipe-info"><div class="yield"><span class="icon-people"></span> <span>4</span></div>
    <div class="rating">5 stars, 12 reviews</div></div>
    <h2>Ingredients</h2><ul><li>500 g peas</li><li>1 onion</li><li>1 l stock</li></ul>
    <h2>Method</h2><ol><li>Fry the onion until soft and golden.</li><li>Add the peas and the stock, simmer for 20 minutes.</li></ol>`;
  const r = extractRecipe(`<!doctype html><html><head><title>Pea soup</title></head><body>${body}</body></html>`, PAGE_URL);
  assert.equal(r?.servings, 4);
  assert.deepEqual(
    valueCandidates(textNodes(loadHtml(body)), 'servings').map((c) => c.value),
    [4, 5, 500, 1, 1],
  );
});

test('learned time and yield read at most 150 candidates of a page, so a page of thousands of numbered lines stays cheap', () => {
  const items = Array.from({ length: 400 }, (_, i) => `<li>${i + 1} g of flour</li>`).join('');
  assert.equal(valueCandidates(textNodes(loadHtml(`<ul>${items}</ul>`)), 'servings').length, 150);
});
