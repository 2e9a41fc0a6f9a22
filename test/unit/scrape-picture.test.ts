/**
 * The recipe's picture: each test is a small page written for one rule of
 * src/modules/scrape/extract/picture.ts, and fails without that rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractRecipe } from '../../src/modules/scrape/extract/index.js';
import { largestImage, notADishPicture, repairGluedUrl, srcsetCandidates } from '../../src/modules/scrape/extract/picture.js';

const URL_ = 'https://cook.example/recipes/stew';
const page = (head: string, body = '<h1>Stew</h1>') => `<!doctype html><html><head>${head}</head><body>${body}</body></html>`;
const ld = (json: unknown) => `<script type="application/ld+json">${JSON.stringify(json)}</script>`;
const og = (url: string) => `<meta property="og:image" content="${url}">`;
const base = { '@type': 'Recipe', name: 'Stew', recipeIngredient: ['1 onion', '2 carrots'] };
const imageOf = (head: string, body?: string) => extractRecipe(page(head, body), URL_)?.image_url;

test('an og:image that is the site logo or its default sharing card gives way to the recipe picture', () => {
  assert.equal(
    imageOf(og('https://cook.example/up/cropped-cookexample-logo-01.png') + ld({ ...base, image: 'https://cook.example/up/stew.jpg' })),
    'https://cook.example/up/stew.jpg',
  );
  assert.equal(
    imageOf(og('https://cook.example/img/cookexample_ogimage_2018.jpg') + ld({ ...base, image: 'https://cook.example/up/stew.jpg' })),
    'https://cook.example/up/stew.jpg',
  );
  // Any other og:image still wins.
  assert.equal(
    imageOf(og('https://cook.example/up/stew-wide.jpg') + ld({ ...base, image: 'https://cook.example/up/stew.jpg' })),
    'https://cook.example/up/stew-wide.jpg',
  );
});

test('an og:image sized as a thumbnail in its URL gives way to the recipe picture', () => {
  const r = imageOf(
    og('https://cook.example/media/146x128-stew-146x128.jpg') +
      ld({ ...base, image: ['https://cook.example/media/1400x919-stew-1400x919.jpg'] }),
  );
  assert.equal(r, 'https://cook.example/media/1400x919-stew-1400x919.jpg');
});

test('a URL glued onto the site address by a template is repaired to the absolute URL it holds', () => {
  assert.equal(
    imageOf(og('http://cook.examplehttps://cdn.cook.example/images/stew_1.jpg') + ld(base)),
    'https://cdn.cook.example/images/stew_1.jpg',
  );
  assert.equal(
    repairGluedUrl('https://img.example/fit?u=https://cook.example/a.jpg'),
    'https://img.example/fit?u=https://cook.example/a.jpg',
    'a URL in a query is left alone',
  );
});

test('og:image over http with its https og:image:secure_url twin: the https one', () => {
  const head = `${og('http://cook.example/cdn/stew.jpg?v=1')}<meta property="og:image:secure_url" content="https://cook.example/cdn/stew.jpg?v=1">`;
  assert.equal(imageOf(head + ld(base)), 'https://cook.example/cdn/stew.jpg?v=1');
  // A secure_url naming another picture does not replace og:image.
  const other = `${og('http://cook.example/cdn/stew.jpg')}<meta property="og:image:secure_url" content="https://cook.example/cdn/other.jpg">`;
  assert.equal(imageOf(other + ld(base)), 'http://cook.example/cdn/stew.jpg');
});

test('schema.org image lists: the largest rendition (ImageObject sizes, else sizes in the URLs, an unsized original first)', () => {
  const objects = [
    { '@type': 'ImageObject', url: 'https://cook.example/a-small.jpg', width: 320, height: 240 },
    { '@type': 'ImageObject', url: 'https://cook.example/a-large.jpg', width: 1600, height: 1200 },
    { '@type': 'ImageObject', url: 'https://cook.example/a-square.jpg', width: '1000', height: '1000' },
  ];
  assert.equal(imageOf(ld({ ...base, image: objects })), 'https://cook.example/a-large.jpg');
  const renditions = [
    'https://cook.example/up/stew-225x225.jpg',
    'https://cook.example/up/stew-320x180.jpg',
    'https://cook.example/up/stew.jpg',
  ];
  assert.equal(imageOf(ld({ ...base, image: renditions })), 'https://cook.example/up/stew.jpg');
  assert.equal(
    largestImage([{ url: 'https://cook.example/logo.png' }, { url: 'https://cook.example/stew.jpg' }]),
    'https://cook.example/stew.jpg',
    'a logo in the list is passed over',
  );
});

test('a relative picture becomes absolute against the page', () => {
  assert.equal(imageOf(ld({ ...base, image: '/img/stew.jpg' })), 'https://cook.example/img/stew.jpg');
});

test('pages without meta or structured images: tracking pixels, logos, avatars and the page chrome are not the picture', () => {
  const recipe = '<h3>Ingredients</h3><ul><li>3 carrots</li><li>1 tsp salt</li></ul>';
  const body = `<div class="has-sidebar"><header><h1>Carrots</h1><img src="https://cook.example/img/banner-carrots.jpg"></header>
    <h1>Glazed carrots</h1><p><img src="https://track.example/p.jpg" width="1" height="1"><img class="author-avatar" src="https://cook.example/u/me.jpg">
    <img src="https://cook.example/img/site-logo.jpg"></p><div class="sidebar"><img src="https://ads.example/ad.jpg"></div>
    <p><img src="https://cook.example/img/glazed-carrots.jpg" width="800" height="600"></p>${recipe}</div>`;
  assert.equal(imageOf('', body), 'https://cook.example/img/glazed-carrots.jpg');
});

test('a lazy-loading picture with only a srcset: its largest candidate', () => {
  const body = `<h1>Carrots</h1><p><img src="data:image/gif;base64,R0lGOD" data-srcset="https://cook.example/c-480.jpg 480w, https://cook.example/c-1200.jpg 1200w, https://cook.example/c-768.jpg 768w"></p>
    <h3>Ingredients</h3><ul><li>3 carrots</li><li>1 tsp salt</li></ul>`;
  assert.equal(imageOf('', body), 'https://cook.example/c-1200.jpg');
  assert.deepEqual(
    srcsetCandidates('a.jpg 1x, b.jpg 2x').map((c) => c.url),
    ['a.jpg', 'b.jpg'],
  );
  assert.equal(largestImage(srcsetCandidates('a.jpg 1x, b.jpg 2x')), 'b.jpg');
});

test('what is not a dish: logos, defaults, placeholders, thumbnails by their URL', () => {
  for (const u of [
    'https://x.example/logo.png',
    'https://x.example/recipeImgFallback.jpg',
    'https://x.example/a-150x150.jpg',
    'https://x.example/img.jpg?w=100&h=100',
    // An image proxy is judged by the picture it serves.
    'https://x.example/api/image?src=%2F_next%2Fstatic%2Fmedia%2FrecipeImgFallback.593cac7a.jpg&w=3840&q=75',
    'https://x.example/_next/image?url=%2Fimg%2Fsite-logo.png&w=640',
  ])
    assert.ok(notADishPicture(u), u);
  for (const u of [
    'https://x.example/stew.jpg',
    'https://x.example/a-1200x800.jpg',
    'https://x.example/sites/default/files/stew.jpg',
    'https://x.example/_next/image?url=%2Fimg%2Fstew.jpg&w=640',
  ])
    assert.ok(!notADishPicture(u), u);
});

test('a proxied placeholder in the content is passed over for the next picture', () => {
  const body = `<h1>Rice</h1><div><img src="/api/image?src=%2F_next%2Fstatic%2Fmedia%2FrecipeImgFallback.59.jpg&amp;w=3840&amp;q=75"></div>
    <p><img src="http://cook.example/media/posts/9f8e.jpg" class="img-responsive"></p><h3>Ingredients</h3><ul><li>1 cup rice</li><li>2 cups water</li></ul>`;
  assert.equal(imageOf('', body), 'http://cook.example/media/posts/9f8e.jpg');
});

test('a page whose picture is in no meta, structured data nor content image: its share buttons, else its hero banner', () => {
  const recipe = '<h1>Gelato</h1><h3>Ingredients</h3><ul><li>2 cups strawberries</li><li>1 cup sugar</li></ul>';
  const share = `<a class="share fb" data-image="https://cook.example/up/gelato.png" href="#">Share</a>`;
  const banner = `<div class="header-banner" style="background-image:url('https://cook.example/up/gelato-wide.png');"></div>`;
  assert.equal(imageOf('', banner + recipe + share), 'https://cook.example/up/gelato.png');
  const pin = `<a href="https://www.pinterest.com/pin/create/button/?url=x&amp;media=https%3A%2F%2Fcook.example%2Fup%2Fgelato-pin.jpg">Pin</a>`;
  assert.equal(imageOf('', recipe + pin), 'https://cook.example/up/gelato-pin.jpg');
  assert.equal(imageOf('', banner + recipe), 'https://cook.example/up/gelato-wide.png');
  // A banner's background that is the site logo is not the picture.
  assert.equal(imageOf('', `<div class="banner" style="background-image:url(/img/logo.png)"></div>${recipe}`), null);
});

test('og:image and the schema.org image as renditions of one picture with their sizes in the URL: the larger', () => {
  // Sizes in the file name.
  assert.equal(
    imageOf(
      og('https://cdn.cook.example/r/img_stew_1024x748_JPG.jpg') +
        ld({ ...base, image: 'https://cdn.cook.example/r/img_stew_1224x900_JPG.jpg' }),
    ),
    'https://cdn.cook.example/r/img_stew_1224x900_JPG.jpg',
  );
  // Sizes in a resizer's folder: og:image is the larger, and stays.
  assert.equal(
    imageOf(
      og('https://img.cook.example/a1/800x600/f3/40030821.jpg') +
        ld({ ...base, image: 'https://img.cook.example/b2/750x500/f3/40030821.jpg' }),
    ),
    'https://img.cook.example/a1/800x600/f3/40030821.jpg',
  );
  // Sizes in a query-string resizer.
  assert.equal(
    imageOf(
      og('https://img.cook.example/stew.jpg?resize=440%2C230') + ld({ ...base, image: 'https://img.cook.example/stew.jpg?resize=440,400' }),
    ),
    'https://img.cook.example/stew.jpg?resize=440,400',
  );
  // A schema.org URL whose query a template glued twice is not taken for a larger picture.
  assert.equal(
    imageOf(
      og('https://cook.example/up/stew.jpg?q=70&resize=1080,565') +
        ld({ ...base, image: 'https://cook.example/up/stew.jpg?q=70?crop=1&resize=1212,909' }),
    ),
    'https://cook.example/up/stew.jpg?q=70&resize=1080,565',
  );
  // Renditions of different pictures are not compared: og:image stays.
  assert.equal(
    imageOf(
      og('https://cdn.cook.example/r/stew-side_1024x748.jpg') + ld({ ...base, image: 'https://cdn.cook.example/r/stew-top_1224x900.jpg' }),
    ),
    'https://cdn.cook.example/r/stew-side_1024x748.jpg',
  );
});

test('an og:image that is no dish picture, with no schema.org image: the picture in the page is read instead', () => {
  const body = '<h1>Stew</h1><img src="https://cook.example/media/1400x919-stew-1400x919.jpg" width="1400" height="919">';
  assert.equal(
    imageOf(og('https://cook.example/media/146x128-stew-146x128.jpg') + ld(base), body),
    'https://cook.example/media/1400x919-stew-1400x919.jpg',
  );
  assert.equal(
    imageOf(og('https://cook.example/up/site-logo.png') + ld(base), body),
    'https://cook.example/media/1400x919-stew-1400x919.jpg',
  );
});

test("a video's still named maxresdefault or hqdefault is a dish picture, not a site's default card", () => {
  assert.equal(notADishPicture('https://i.ytimg.com/vi/abc/maxresdefault.jpg'), false);
  assert.equal(notADishPicture('https://i.ytimg.com/vi/abc/hqdefault.jpg'), false);
  assert.equal(notADishPicture('https://cook.example/img/default-share.jpg'), true);
});

test("a schema.org image that is an image CDN's thumbnail copy of og:image: og:image", () => {
  assert.equal(
    imageOf(
      og('https://cook.example/wp-content/uploads/stew.jpg') +
        ld({ ...base, image: 'https://i0.cdn.example/cook.example/wp-content/uploads/stew.jpg?fit=150%2C150' }),
    ),
    'https://cook.example/wp-content/uploads/stew.jpg',
  );
  assert.equal(notADishPicture('https://i0.cdn.example/cook.example/up/stew.jpg?fit=150%2C150&ssl=1'), true);
});

test('an <img> shown small with larger renditions of the same picture in its srcset: the widest of them', () => {
  const body = (srcset: string) =>
    `<h1>Stew</h1><ul><li>1 onion</li><li>2 carrots</li></ul><img src="https://cook.example/up/stew-500x500.jpg" width="500" height="500" srcset="${srcset}">`;
  assert.equal(
    imageOf(
      ld(base),
      body(
        'https://cook.example/up/stew-500x500.jpg 500w, https://cook.example/up/stew.jpg 1600w, https://cook.example/up/stew-1024x1024.jpg 1024w',
      ),
    ),
    'https://cook.example/up/stew.jpg',
  );
  // Another picture in the srcset (art direction) or a denser screen's copy is not taken.
  assert.equal(imageOf(ld(base), body('https://cook.example/up/other.jpg 1600w')), 'https://cook.example/up/stew-500x500.jpg');
  assert.equal(
    imageOf(ld(base), body('https://cook.example/up/stew-500x500.jpg 1x, https://cook.example/up/stew.jpg 2x')),
    'https://cook.example/up/stew-500x500.jpg',
  );
});

test("a recipe card's picture: the widest rendition its srcset names", () => {
  const card =
    '<div class="wprm-recipe-container"><div class="wprm-recipe-image"><img src="https://cook.example/up/stew-150x150.jpg" srcset="https://cook.example/up/stew-150x150.jpg 150w, https://cook.example/up/stew-800x800.jpg 800w"></div>' +
    '<ul><li class="wprm-recipe-ingredient">1 onion</li><li class="wprm-recipe-ingredient">2 carrots</li></ul></div>';
  assert.equal(imageOf('', `<h1>Stew</h1>${card}`), 'https://cook.example/up/stew-800x800.jpg');
});
