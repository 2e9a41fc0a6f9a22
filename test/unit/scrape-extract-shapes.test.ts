/**
 * Real-world shapes of recipe markup that the saved fixtures do not all show: each test is a
 * small synthetic page in one such shape, so the extractor's general rules are pinned down.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractRecipe, parseIsoDuration, parseLenientJson, parseServings } from '../../src/modules/scrape/extract/index.js';

const URL_ = 'https://cook.example/recipes/stew';
const page = (head: string, body = '<h1>Page heading</h1>') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const ldScript = (json: unknown) => `<script type="application/ld+json">${typeof json === 'string' ? json : JSON.stringify(json)}</script>`;
const fromLd = (json: unknown, body?: string) => extractRecipe(page(ldScript(json), body), URL_);
const base = { '@type': 'Recipe', name: 'Stew', recipeIngredient: ['1 onion', '2 carrots'] };

test('JSON-LD @type given as a list with Recipe among other types', () => {
  const r = fromLd({
    '@context': 'https://schema.org',
    '@type': ['Recipe', 'NewsArticle'],
    headline: 'Ignored',
    name: 'Chili',
    recipeIngredient: ['1 can beans'],
  });
  assert.equal(r?.title, 'Chili');
  assert.deepEqual(r?.ingredients, ['1 can beans']);
  const prefixed = fromLd({
    '@type': ['schema:NewsArticle', 'http://schema.org/Recipe'],
    name: 'Dal',
    recipeIngredient: ['1 cup lentils'],
  });
  assert.equal(prefixed?.title, 'Dal');
});

test('recipeInstructions as one string: numbered steps on one line are split and unnumbered', () => {
  const r = fromLd({ ...base, recipeInstructions: '1. Heat the oven. 2. Mix the flour with 2. 5 eggs. 3) Bake for 1 hour.' });
  assert.equal(r?.instructions, 'Heat the oven.\nMix the flour with 2. 5 eggs.\nBake for 1 hour.');
  const stepWords = fromLd({ ...base, recipeInstructions: 'Step 1: Chop. Step 2: Fry gently.' });
  assert.equal(stepWords?.instructions, 'Chop.\nFry gently.');
  // A single sentence that merely contains numbers stays whole.
  const plain = fromLd({ ...base, recipeInstructions: 'Simmer 2 onions for 10 minutes.' });
  assert.equal(plain?.instructions, 'Simmer 2 onions for 10 minutes.');
});

test('recipeInstructions as an HTML string, also when its markup is entity-escaped', () => {
  const html = fromLd({ ...base, recipeInstructions: '<ol><li>Chop the <b>onion</b>.</li><li>Fry it.</li></ol><p>Serve.</p>' });
  assert.equal(html?.instructions, 'Chop the onion.\nFry it.\nServe.');
  const escaped = fromLd({ ...base, recipeInstructions: '&lt;p&gt;Chop.&lt;/p&gt;&lt;p&gt;Fry.&lt;/p&gt;' });
  assert.equal(escaped?.instructions, 'Chop.\nFry.');
  const lines = fromLd({ ...base, recipeInstructions: 'Chop.\r\nFry.\n\nServe.' });
  assert.equal(lines?.instructions, 'Chop.\nFry.\nServe.');
});

test('recipeInstructions as HowToSection with itemListElement, ItemList of ListItems and @list', () => {
  const sections = fromLd({
    ...base,
    recipeInstructions: [
      {
        '@type': 'HowToSection',
        name: 'For the sauce',
        itemListElement: [
          { '@type': 'HowToStep', text: 'Melt butter.' },
          { '@type': 'HowToStep', text: 'Whisk in flour.' },
        ],
      },
      { '@type': 'HowToSection', name: 'To finish', itemListElement: { '@type': 'HowToStep', name: 'Bake', text: 'Bake 20 minutes.' } },
    ],
  });
  assert.equal(sections?.instructions, 'For the sauce\nMelt butter.\nWhisk in flour.\nTo finish\nBake 20 minutes.');
  const itemList = fromLd({
    ...base,
    recipeInstructions: {
      '@type': 'ItemList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, item: { '@type': 'HowToStep', text: 'Stir.' } },
        { '@type': 'ListItem', position: 2, text: 'Rest.' },
      ],
    },
  });
  assert.equal(itemList?.instructions, 'Stir.\nRest.');
  const list = fromLd({ ...base, recipeInstructions: { '@list': ['Stir.', 'Rest.'] } });
  assert.equal(list?.instructions, 'Stir.\nRest.');
});

test('old-schema `ingredients` when recipeIngredient is missing or empty; an HTML list in one string', () => {
  assert.deepEqual(fromLd({ '@type': 'Recipe', name: 'Old', ingredients: ['1 egg', '2 cups milk'] })?.ingredients, [
    '1 egg',
    '2 cups milk',
  ]);
  assert.deepEqual(fromLd({ '@type': 'Recipe', name: 'Old', recipeIngredient: [], ingredients: ['1 egg'] })?.ingredients, ['1 egg']);
  assert.deepEqual(
    fromLd({ '@type': 'Recipe', name: 'One string', recipeIngredient: '<ul><li>1 egg</li><li>2 cups milk</li></ul>' })?.ingredients,
    ['1 egg', '2 cups milk'],
  );
  assert.deepEqual(fromLd({ '@type': 'Recipe', name: 'Lines', recipeIngredient: '1 egg\n2 cups milk' })?.ingredients, [
    '1 egg',
    '2 cups milk',
  ]);
});

test('recipeYield as a number, a list, "Makes 12", a QuantitativeValue or a number word', () => {
  assert.equal(fromLd({ ...base, recipeYield: 6 })?.servings, 6);
  assert.equal(fromLd({ ...base, recipeYield: ['4', '4 servings'] })?.servings, 4);
  assert.equal(fromLd({ ...base, recipeYield: 'Makes 12' })?.servings, 12);
  assert.equal(fromLd({ ...base, recipeYield: 'Makes 2 dozen cookies' })?.servings, 2);
  assert.equal(parseServings({ '@type': 'QuantitativeValue', value: 8, unitText: 'servings' }), 8);
  assert.equal(parseServings('Serves four'), 4);
  assert.equal(parseServings('a crowd'), null);
});

test('time: totalTime, else prepTime + cookTime, else either; ISO forms P0DT1H30M, PT90M, PT1H', () => {
  assert.equal(parseIsoDuration('P0DT1H30M'), 90);
  assert.equal(parseIsoDuration('PT90M'), 90);
  assert.equal(parseIsoDuration('PT1H'), 60);
  assert.equal(parseIsoDuration('P0Y0M0DT0H35M0.000S'), 35);
  assert.equal(fromLd({ ...base, totalTime: 'P0DT1H30M', prepTime: 'PT5M' })?.time_minutes, 90);
  assert.equal(fromLd({ ...base, prepTime: 'PT15M', cookTime: 'PT1H' })?.time_minutes, 75);
  assert.equal(fromLd({ ...base, cookTime: 'PT90M' })?.time_minutes, 90);
  assert.equal(fromLd({ ...base, prepTime: 'PT20M' })?.time_minutes, 20);
  assert.equal(fromLd({ ...base, totalTime: 'PT0S', prepTime: 'PT10M', cookTime: 'PT5M' })?.time_minutes, 15, 'a zero total is no total');
  assert.equal(fromLd({ ...base, totalTime: '1 hour 10 minutes' })?.time_minutes, 70);
  assert.equal(fromLd(base)?.time_minutes, null);
});

test('malformed JSON-LD: trailing commas, control characters, HTML comments, bad escapes, trailing semicolon', () => {
  assert.deepEqual(parseLenientJson('<!-- {"a": "x\ty", "b": [1,],} -->'), { a: 'x y', b: [1] });
  assert.deepEqual(parseLenientJson('{"a": "it\\\'s", "b": "ok"};'), { a: "it's", b: 'ok' });
  assert.deepEqual(parseLenientJson('{"a":\u000b1}'), { a: 1 });
  const raw = `<!--
  {"@context": "https://schema.org", "@type": "Recipe", "name": "Broken \\'but\\' fine",
   "recipeIngredient": ["1 egg", "2 cups
   milk",], "totalTime": "PT1H",}
  -->`;
  const r = fromLd(raw);
  assert.equal(r?.title, "Broken 'but' fine");
  assert.deepEqual(r?.ingredients, ['1 egg', '2 cups milk']);
  assert.equal(r?.time_minutes, 60);
});

test('image as string, list, ImageObject, list of ImageObjects and an @id reference into @graph', () => {
  const img = (image: unknown, extra: unknown[] = []) =>
    extractRecipe(page(ldScript({ '@context': 'https://schema.org', '@graph': [{ ...base, image }, ...extra] })), URL_)?.image_url;
  assert.equal(img('https://cdn.example/a.jpg'), 'https://cdn.example/a.jpg');
  assert.equal(img(['https://cdn.example/a.jpg', 'https://cdn.example/b.jpg']), 'https://cdn.example/a.jpg');
  assert.equal(img({ '@type': 'ImageObject', url: 'https://cdn.example/c.jpg', width: 800 }), 'https://cdn.example/c.jpg');
  assert.equal(
    img([
      { '@type': 'ImageObject', contentUrl: 'https://cdn.example/d.jpg' },
      { '@type': 'ImageObject', url: 'https://cdn.example/e.jpg' },
    ]),
    'https://cdn.example/d.jpg',
  );
  const graphImage = {
    '@type': 'ImageObject',
    '@id': 'https://cook.example/recipes/stew#primaryimage',
    url: 'https://cdn.example/primary.jpg',
  };
  assert.equal(img({ '@id': 'https://cook.example/recipes/stew#primaryimage' }, [graphImage]), 'https://cdn.example/primary.jpg');
  assert.equal(img({ '@id': 'https://cook.example/#nothing-here' }), null, 'an unresolved reference is not an image URL');
  assert.equal(img('/img/relative.jpg'), 'https://cook.example/img/relative.jpg');
  // The page's og:image still wins, as sharing previews and readers use it.
  assert.equal(
    extractRecipe(
      page(`<meta property="og:image" content="https://cdn.example/og.jpg">${ldScript({ ...base, image: 'https://cdn.example/a.jpg' })}`),
      URL_,
    )?.image_url,
    'https://cdn.example/og.jpg',
  );
});

test('microdata: itemprop recipeIngredient and the older ingredients, nested ImageObject', () => {
  const md = (prop: string) =>
    extractRecipe(
      page(
        '',
        `<div itemscope itemtype="https://schema.org/Recipe"><h2 itemprop="name">Soup</h2>
    <div itemprop="image" itemscope itemtype="https://schema.org/ImageObject"><meta itemprop="url" content="https://cdn.example/soup.jpg"></div>
    <ul><li itemprop="${prop}">1 leek</li><li itemprop="${prop}">2 potatoes</li></ul>
    <meta itemprop="totalTime" content="PT40M"><span itemprop="recipeYield">Serves 4</span>
    <ol itemprop="recipeInstructions"><li>Sweat the leek.</li><li>Simmer.</li></ol></div>`,
      ),
      URL_,
    );
  for (const prop of ['recipeIngredient', 'ingredients']) {
    const r = md(prop);
    assert.equal(r?.title, 'Soup', prop);
    assert.deepEqual(r?.ingredients, ['1 leek', '2 potatoes'], prop);
    assert.equal(r?.time_minutes, 40);
    assert.equal(r?.servings, 4);
    assert.equal(r?.instructions, 'Sweat the leek.\nSimmer.');
    assert.equal(r?.image_url, 'https://cdn.example/soup.jpg');
  }
});

test('WP Recipe Maker card markup without any structured data', () => {
  const r = extractRecipe(
    page(
      '',
      `<h1>My blog post about cake</h1><p>Long story.</p>
    <div class="wprm-recipe-container"><div class="wprm-recipe">
      <h2 class="wprm-recipe-name">Lemon Drizzle Cake</h2>
      <div class="wprm-recipe-image"><img src="data:image/gif;base64,R0lGOD" data-lazy-src="https://cdn.example/lemon.jpg"></div>
      <div class="wprm-recipe-total-time-container"><span class="wprm-recipe-time-label">Total Time </span>
        <span class="wprm-recipe-details wprm-recipe-total_time wprm-recipe-total_time-hours">1<span class="sr-only"> hour</span></span> <span class="wprm-recipe-total_time-unit">hr</span>
        <span class="wprm-recipe-details wprm-recipe-total_time wprm-recipe-total_time-minutes">15<span class="sr-only"> minutes</span></span> <span class="wprm-recipe-total_time-unit">mins</span></div>
      <span class="wprm-recipe-servings-label">Servings </span><span class="wprm-recipe-servings">10</span>
      <div class="wprm-recipe-ingredient-group"><h4 class="wprm-recipe-group-name">Cake</h4><ul class="wprm-recipe-ingredients">
        <li class="wprm-recipe-ingredient"><span class="wprm-checkbox-container"><span class="sr-only">▢</span></span><span class="wprm-recipe-ingredient-amount">225</span>&#32;<span class="wprm-recipe-ingredient-unit">g</span>&#32;<span class="wprm-recipe-ingredient-name">butter</span></li>
        <li class="wprm-recipe-ingredient"><span class="wprm-recipe-ingredient-amount">4</span>&#32;<span class="wprm-recipe-ingredient-name">eggs</span>&#32;<span class="wprm-recipe-ingredient-notes">(large)</span></li>
      </ul></div>
      <ul class="wprm-recipe-instructions"><li class="wprm-recipe-instruction"><div class="wprm-recipe-instruction-text">Beat the butter.</div></li>
        <li class="wprm-recipe-instruction"><div class="wprm-recipe-instruction-text">Add the eggs.</div></li></ul>
    </div></div>`,
    ),
    URL_,
  );
  assert.equal(r?.title, 'Lemon Drizzle Cake');
  assert.deepEqual(r?.ingredients, ['225 g butter', '4 eggs (large)']);
  assert.equal(r?.time_minutes, 75);
  assert.equal(r?.servings, 10);
  assert.equal(r?.instructions, 'Beat the butter.\nAdd the eggs.');
  assert.equal(r?.image_url, 'https://cdn.example/lemon.jpg');
});

test('Tasty Recipes and Mediavine Create card markup without any structured data', () => {
  const tasty = extractRecipe(
    page(
      '',
      `<h1>Post</h1><div class="tasty-recipes"><h2 class="tasty-recipes-title">Buffalo Chili</h2>
    <span class="tasty-recipes-label">Total Time:</span> <span class="tasty-recipes-total-time">45 minutes</span>
    <span class="tasty-recipes-label">Yield:</span> <span class="tasty-recipes-yield">8 servings</span>
    <div class="tasty-recipes-ingredients"><h3>Ingredients</h3><div class="tasty-recipes-ingredients-body"><ul><li>2 tablespoons olive oil</li><li>1 small onion</li></ul></div></div>
    <div class="tasty-recipes-instructions"><h3>Instructions</h3><ol><li>Heat the oil.</li><li>Add the onion.</li></ol></div></div>`,
    ),
    URL_,
  );
  assert.equal(tasty?.title, 'Buffalo Chili');
  assert.deepEqual(tasty?.ingredients, ['2 tablespoons olive oil', '1 small onion']);
  assert.equal(tasty?.time_minutes, 45);
  assert.equal(tasty?.servings, 8);
  assert.equal(tasty?.instructions, 'Heat the oil.\nAdd the onion.');

  const mv = extractRecipe(
    page(
      '',
      `<h1>Post</h1><div class="mv-create-card"><h2 class="mv-create-title mv-create-title-primary">Einkorn Muffins</h2>
    <div class="mv-create-time mv-create-time-yield"><em>Yield: </em><span class="mv-create-time-format">12 muffins</span></div>
    <div class="mv-create-time mv-create-time-prep"><em>Prep Time: </em><span class="mv-create-time-format">10 minutes</span></div>
    <div class="mv-create-time mv-create-time-active"><em>Cook Time: </em><span class="mv-create-time-format">17 minutes</span></div>
    <img class="mv-create-image" src="https://cdn.example/muffins.jpg">
    <div class="mv-create-ingredients"><h3>Ingredients</h3><ul><li> 240g flour </li><li> 2 eggs </li></ul></div>
    <div class="mv-create-instructions"><h3>Instructions</h3><ol><li>Preheat oven.</li><li><strong>Mix:</strong> stir it all.</li></ol></div></div>`,
    ),
    URL_,
  );
  assert.equal(mv?.title, 'Einkorn Muffins');
  assert.deepEqual(mv?.ingredients, ['240g flour', '2 eggs']);
  assert.equal(mv?.time_minutes, 27);
  assert.equal(mv?.servings, 12);
  assert.equal(mv?.instructions, 'Preheat oven.\nMix: stir it all.');
  assert.equal(mv?.image_url, 'https://cdn.example/muffins.jpg');
});

test('plugin markup: on a round-up page the card with the most ingredients is taken whole', () => {
  const card = (
    name: string,
    items: string[],
  ) => `<div class="wprm-recipe-container"><h2 class="wprm-recipe-name">${name}</h2><ul>${items.map((i) => `<li class="wprm-recipe-ingredient">${i}</li>`).join('')}</ul>
    <span class="wprm-recipe-servings">${items.length}</span></div>`;
  const r = extractRecipe(
    page('', `<h1>Three soups</h1>${card('Small', ['1 leek'])}${card('Big', ['1 onion', '2 carrots', '3 potatoes'])}`),
    URL_,
  );
  assert.equal(r?.title, 'Big');
  assert.deepEqual(r?.ingredients, ['1 onion', '2 carrots', '3 potatoes']);
  assert.equal(r?.servings, 3);
});

test('structured data still wins over plugin markup; the card fills only what it lacks', () => {
  const r = extractRecipe(
    page(
      ldScript({ '@type': 'Recipe', name: 'From JSON-LD', recipeIngredient: ['1 apple', '2 pears'] }),
      `<h1>Post</h1>
    <div class="wprm-recipe-container"><h2 class="wprm-recipe-name">From card</h2><ul><li class="wprm-recipe-ingredient">9 plums</li></ul>
    <span class="wprm-recipe-servings">6</span></div>`,
    ),
    URL_,
  );
  assert.equal(r?.title, 'From JSON-LD');
  assert.deepEqual(r?.ingredients, ['1 apple', '2 pears']);
  assert.equal(r?.servings, 6);
});

test('image: og:image unless it is a CDN rendition of the same file as the schema.org image; junk og values ignored', () => {
  const og = (url: string) => `<meta property="og:image" content="${url}">`;
  const withImages = (ogUrl: string, ldImage: string) =>
    extractRecipe(page(og(ogUrl) + ldScript({ ...base, image: ldImage })), URL_)?.image_url;
  // Another picture: the page's sharing image wins.
  assert.equal(
    withImages('https://cook.example/up/stew-feature.jpg', 'https://cook.example/up/stew-square.jpg'),
    'https://cook.example/up/stew-feature.jpg',
  );
  // The same file through a resizing path: the schema.org original wins.
  assert.equal(
    withImages('https://img.cook.example/w1200-h630-crop/2020/stew.jpg', 'https://img.cook.example/2020/stew.jpg'),
    'https://img.cook.example/2020/stew.jpg',
  );
  // The schema.org URL embedded (encoded) in the og one.
  assert.equal(
    withImages('https://cdn.example/fit/0x0/https%3A%2F%2Fcook.example%2Fup%2Fstew.jpg', 'https://cook.example/up/stew.jpg'),
    'https://cook.example/up/stew.jpg',
  );
  // og:image holding template output, not a URL.
  assert.equal(withImages('#<ImageVariant:0x00007f>', 'https://cook.example/up/stew.jpg'), 'https://cook.example/up/stew.jpg');
});

test('title: a structured name equal to the document title loses only a site suffix, not the rest of the name', () => {
  const named = (name: string, h1: string) =>
    extractRecipe(page(`<title>${name}</title>` + ldScript({ ...base, name }), `<h1>${h1}</h1>`), URL_)?.title;
  assert.equal(named('Leek soup Recipe - Cook.example - Recipes', 'Leek soup'), 'Leek soup');
  assert.equal(named('Galette des rois au thermomix', 'Galette des rois'), 'Galette des rois au thermomix');
});

test('page without markup: the method is the list of sentences after the ingredients, whatever its heading; hidden blocks are not it', async () => {
  const { testPage } = await import('../helpers/fixture-server.js');
  const r = extractRecipe(testPage('method-without-heading'), URL_);
  assert.deepEqual(r?.ingredients, ['1 cup basmati rice', '2 cups water', '1 lemon, zest and juice', '2 tbsp butter']);
  assert.equal(
    r?.instructions,
    [
      'Rinse the rice in a sieve until the water runs clear.',
      'Bring the water to a boil, add the rice and cover the pan.',
      'Cook on a low heat for 15 minutes, then stir in the butter, zest and juice.',
    ].join('\n'),
  );
});

test('page data: __NEXT_DATA__ read when the page has no markup (ingredient objects rendered as lines)', async () => {
  const { testPage } = await import('../helpers/fixture-server.js');
  const r = extractRecipe(testPage('next-data-curry'), URL_);
  assert.equal(r?.title, 'Weeknight chickpea curry');
  assert.deepEqual(r?.ingredients, [
    '1 tbsp vegetable oil',
    '1 onion, chopped',
    '2 tbsp curry paste',
    '400 g tinned chickpeas',
    '400 ml coconut milk',
  ]);
  assert.equal(
    r?.instructions,
    'Fry the onion in the oil until soft, about 5 minutes.\nStir in the curry paste and cook for a minute.\nAdd the chickpeas and coconut milk and simmer for 20 minutes.',
  );
  assert.equal(r?.time_minutes, 35);
  assert.equal(r?.servings, 4);
  assert.equal(r?.image_url, 'https://cook.example/img/curry.jpg');
});

test('page data: JSON in a component attribute, with ingredient and step groups', async () => {
  const { testPage } = await import('../helpers/fixture-server.js');
  const r = extractRecipe(testPage('json-props-attribute'), URL_);
  assert.deepEqual(r?.ingredients, ['400 g white fish', '300 ml milk', '800 g potatoes']);
  assert.deepEqual(
    r?.ingredient_groups.map((g) => g.name),
    ['Filling', 'Topping'],
  );
  assert.equal(r?.instructions, 'Poach the fish in the milk for 8 minutes.\nMash the boiled potatoes and spread them over the fish.');
  assert.equal(r?.servings, 4);
});

test('page without markup or headings that name the sections: a list of quantities, then the paragraphs that follow it', async () => {
  const { testPage } = await import('../helpers/fixture-server.js');
  const r = extractRecipe(testPage('blog-post-recipe'), URL_);
  assert.equal(r?.title, 'Glazed carrots');
  assert.deepEqual(r?.ingredients, ['3 large carrots', 'Orange juice, enough to cover', '1/4 tsp. salt', '1 Tbs. maple syrup']);
  assert.equal(
    r?.instructions,
    [
      'Peel the carrots and cut them into thick rounds.',
      'Put them in a pan with the juice and salt. Boil until just tender, about 10 minutes.',
      'Add the maple syrup and boil until the juice is almost gone.',
    ].join('\n'),
  );
});

test('page without markup: a bare "Time" or "Time required" label gives the total time (the upper end of a range)', () => {
  const body = (label: string) => `<h1>Soup</h1><h2>Ingredients</h2><ul><li>1 onion</li><li>2 carrots</li></ul>
    <div><div>${label}</div><div>10-20 minutes</div></div><h2>Method</h2><ol><li>Chop the onion and the carrots finely.</li><li>Simmer them in water for twenty minutes.</li></ol>`;
  assert.equal(extractRecipe(page('', body('Time')), URL_)?.time_minutes, 20);
  assert.equal(extractRecipe(page('', body('Time required:')), URL_)?.time_minutes, 20);
});

test('image: the same path on another scheme or host is not a rendition; og:image stays', () => {
  const r = extractRecipe(
    page(
      '<meta property="og:image" content="http://cook.example/img/548/stew.jpg">' +
        ldScript({ ...base, image: 'https://www.cook.example/img/548/stew.jpg' }),
    ),
    URL_,
  );
  assert.equal(r?.image_url, 'http://cook.example/img/548/stew.jpg');
});

test('structured steps that are only the start of the method the page shows give way to the page method', () => {
  const steps = [
    'Chop the onion and the carrots finely.',
    'Fry them in the butter until soft.',
    'Add the stock and simmer for twenty minutes.',
    'Blend until smooth and season to taste.',
  ];
  const body = `<h1>Stew</h1><h2>Ingredients</h2><ul><li>1 onion</li><li>2 carrots</li></ul><h2>Method</h2><ol>${steps.map((s) => `<li>${s}</li>`).join('')}</ol>`;
  const cut = fromLd({ ...base, recipeInstructions: steps.slice(0, 2).map((text) => ({ '@type': 'HowToStep', text })) }, body);
  assert.equal(cut?.instructions, steps.join('\n'));
  // Structured steps that differ from the page's are kept.
  const own = fromLd({ ...base, recipeInstructions: ['Put everything in a pot.', 'Cook it.'] }, body);
  assert.equal(own?.instructions, 'Put everything in a pot.\nCook it.');
});

test('a method written as paragraphs beside a small list of times, under a long heading-set introduction', () => {
  const intro =
    'This rice pudding is not the hardest thing to make, so it is worth making now and then, because children and grown-ups alike will love it! Here is how:';
  const body = `<h1>Rice pudding</h1><div>Ingredients</div><ul><li>1 l milk</li><li>200 g rice</li><li>100 g sugar</li></ul>
    <div>Method</div><article><h3>${intro}</h3><p>Bring the milk to the boil with the rice and simmer for fifteen minutes. Stir in the sugar and serve warm or cold.</p>
    <ul><li>Time: 30 min</li><li>Chilling: 1 h</li></ul></article>`;
  const r = extractRecipe(page('', body), URL_);
  assert.equal(
    r?.instructions,
    'Bring the milk to the boil with the rice and simmer for fifteen minutes. Stir in the sugar and serve warm or cold.',
  );
});

test('structured steps are kept when what the page adds after them is notes and facts, not steps', () => {
  const steps = ['Slice the cucumbers as thinly as you can.', 'Salt them and leave them for fifteen minutes.'];
  const body = `<h1>Salad</h1><h2>Ingredients</h2><ul><li>2 cucumbers</li><li>1 tsp salt</li></ul><h2>Method</h2><div>${steps.map((s) => `<p>${s}</p>`).join('')}
    <p>Cuisine:</p><p>Polish</p><p>Total time:</p><p>about 30 minutes</p><p>Related recipes</p><p>Cucumber and radish salad with apple</p><p>Cabbage slaw</p></div>`;
  const r = fromLd({ ...base, recipeInstructions: steps }, body);
  assert.equal(r?.instructions, steps.join('\n'));
});

test('image without meta tags: the first picture after the first h1 that has words (an empty h1 is a logo)', () => {
  const body = `<h1 id="site-title"></h1><p><img src="/logo.png" alt=""></p><div><h1>Carrots</h1><p><img src="https://cook.example/img/carrots.jpg"></p>
    <h3>Ingredients</h3><ul><li>3 carrots</li><li>1 tsp salt</li></ul></div>`;
  assert.equal(extractRecipe(page('', body), URL_)?.image_url, 'https://cook.example/img/carrots.jpg');
});

test('servings written number first in Hungarian ("4 adag")', () => {
  const body = `<h1>Leves</h1><div><span class="portion"></span>4 adag</div><h2>Hozzávalók</h2><ul><li>1 hagyma</li><li>2 répa</li></ul>`;
  assert.equal(extractRecipe(page('', body), URL_)?.servings, 4);
});

test('words repeated at the end of every ingredient line (a per-item button) are dropped, a shared unit is not', () => {
  const list = (items: string[]) =>
    extractRecipe(page('', `<h1>Stew</h1><h2>Ingredients</h2><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`), URL_)?.ingredients;
  assert.deepEqual(
    list([
      '3 carrots <a href="#">shopping list</a>',
      'salt, to taste <a href="#">shopping list</a>',
      '1 onion <a href="#">shopping list</a>',
    ]),
    ['3 carrots', 'salt, to taste', '1 onion'],
  );
  assert.deepEqual(list(['Mehl 200 g', 'Zucker 100 g', 'Butter 50 g']), ['Mehl 200 g', 'Zucker 100 g', 'Butter 50 g']);
});

// A page without markup in the shape of a theme with icons and unit tabs (Bootstrap-style tabs).
const tabbedPage = (activeClass = 'tab-pane fade show active') =>
  page(
    '<title>Oat pancakes - A site</title>',
    `
  <img src="/logo.png" alt="A site">
  <h1>Oat pancakes</h1>
  <ul class="icons">
    <li><img src="/icons/serves.png" alt="serves"> Serves 4</li>
    <li><img src="/icons/time.png" alt="time"> 30mins</li>
  </ul>
  <img src="/icons/divider.png" alt="">
  <img src="/uploads/oat-pancakes.jpg" alt="Oat pancakes | A site">
  <h3>Ingredients</h3>
  <ul class="nav nav-tabs" role="tablist"><li><a role="tab" href="#us">US</a></li><li><a role="tab" href="#metric" aria-selected="true">METRIC</a></li></ul>
  <div class="tab-content">
    <div class="tab-pane fade" id="us" role="tabpanel"><p>1 cup oats</p><p>8.8oz flour</p><p>2 eggs</p></div>
    <div class="${activeClass}" id="metric" role="tabpanel"><p>100g oats</p><p>250g flour</p><p>2 eggs</p></div>
  </div>
  <h3>Method</h3>
  <ol><li>Whisk everything together until the batter is smooth and thick.</li><li>Cook spoonfuls in a hot buttered pan for two minutes a side.</li></ol>`,
  );

test('unit tabs beside the ingredients: the tab list is not read, and only the shown panel is', () => {
  const r = extractRecipe(tabbedPage(), URL_);
  assert.deepEqual(r?.ingredients, ['100g oats', '250g flour', '2 eggs']);
  // No panel marked as shown: the first one, never both.
  assert.deepEqual(extractRecipe(tabbedPage('tab-pane fade'), URL_)?.ingredients, ['1 cup oats', '8.8oz flour', '2 eggs']);
});

test('an icon as the label: <img alt="time"> 30mins is the total time', () => {
  const r = extractRecipe(tabbedPage(), URL_);
  assert.equal(r?.time_minutes, 30);
  assert.equal(r?.servings, 4);
});

test('image without meta tags: a picture whose alt text names the dish comes before icons', () => {
  assert.equal(extractRecipe(tabbedPage(), URL_)?.image_url, 'https://cook.example/uploads/oat-pancakes.jpg');
});

test('a heading behind a short label ("MMM: ...") gives way to a document title without a site name', () => {
  const body = `<h1>MMM: Chicken meatballs in sauce</h1><h3>Ingredients</h3><ul><li>500g chicken mince</li><li>2 tbsp pesto</li></ul>
    <h3>Method</h3><ol><li>Mix the mince with the pesto and roll into small balls.</li><li>Simmer the balls in the sauce for twenty minutes.</li></ol>`;
  assert.equal(
    extractRecipe(page('<title>Pesto chicken meatballs in marinara</title>', body), URL_)?.title,
    'Pesto chicken meatballs in marinara',
  );
  // With the site's name after a separator the title is not the page's plain name: the heading stays.
  assert.equal(
    extractRecipe(page('<title>Pesto chicken meatballs | A site</title>', body), URL_)?.title,
    'MMM: Chicken meatballs in sauce',
  );
});
