// The web app's pictures in Debian's Chromium: chosen on the recipe form (a JPEG made here with
// sharp), previewed before saving, shown on the recipe page and on its catalog card with every
// variant in srcset and its box fixed by width and height; a card without a picture keeps a
// placeholder of the same size; refused files are said in plain words; removal; cook mode.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { jpegWithExif } from '../helpers/images.js';
import { checkPage, signInUi, skipWithoutChromium, webSuite, WIDTHS } from '../helpers/web.js';

const skip = skipWithoutChromium;
const suite = webSuite();

/** What the browser made of an <img>: its attributes and whether its bytes arrived and decoded. */
async function imgState(img: Locator) {
  await img.scrollIntoViewIfNeeded();
  await img.evaluate((el: HTMLImageElement) =>
    el.complete ? undefined : new Promise((r) => el.addEventListener('load', r, { once: true })),
  );
  return img.evaluate((el: HTMLImageElement) => ({
    naturalWidth: el.naturalWidth,
    currentSrc: el.currentSrc,
    srcset: el.getAttribute('srcset') ?? '',
    sizes: el.getAttribute('sizes') ?? '',
    width: el.getAttribute('width'),
    height: el.getAttribute('height'),
    alt: el.getAttribute('alt'),
    loading: el.getAttribute('loading'),
    fetchpriority: el.getAttribute('fetchpriority'),
  }));
}

const box = async (l: Locator) => {
  const b = await l.boundingBox();
  assert.ok(b, 'on screen');
  return { width: Math.round(b.width), height: Math.round(b.height) };
};

async function trackShifts(page: Page) {
  await page.context().addInitScript(() => {
    const w = window as unknown as { __cls: number };
    w.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
        if (!e.hadRecentInput) w.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

test(
  'a picture chosen on the form is previewed, then shown on the recipe page and its card (srcset, width and height), and removed',
  { skip },
  async () => {
    const user = await suite.newUser();
    const token = await suite.tokenOf(user);
    const { id } = await suite.createRecipe(token, {
      title: 'Saffron risotto',
      ingredients: '300 g rice',
      time_minutes: 35,
      tags: ['dinner'],
    });
    // Newer recipes without pictures: the pictured one is the last card, below the fold.
    for (let i = 1; i <= 6; i += 1) {
      await suite.createRecipe(token, { title: `Lentil soup ${i}`, ingredients: 'lentils', time_minutes: 20, tags: ['soup'] });
    }

    const { page, errors, external } = await suite.h.open('desktop');
    await trackShifts(page);
    await signInUi(page, user);
    await page.goto(`/recipe/${id}/edit`);
    await page.getByRole('heading', { name: 'Edit “Saffron risotto”' }).waitFor();
    assert.equal(await page.getByText('No picture yet.').count(), 1);

    // Refused before sending: not a picture the API keeps.
    await page.getByLabel('Choose a picture').setInputFiles({ name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg/>') });
    await page.locator('#f-image-error').waitFor();
    assert.match(await page.locator('#f-image-error').innerText(), /choose a JPEG, PNG, WebP, AVIF or GIF/);
    assert.equal(await page.getByLabel('Choose a picture').getAttribute('aria-invalid'), 'true');

    const jpeg = await jpegWithExif(1600, 1000);
    await page.getByLabel('Choose a picture').setInputFiles({ name: 'risotto.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    const preview = page.locator('.picture-field img.picture-preview');
    const local = await imgState(preview);
    assert.match(local.currentSrc, /^blob:/, 'a local preview, nothing sent yet');
    assert.ok(local.naturalWidth > 0, 'the CSP lets the preview show');
    assert.equal(await page.locator('#f-image-error').count(), 0, 'a good file clears the problem');
    await page.getByText('“risotto.jpg” becomes the picture when you save.').waitFor();
    await checkPage(page, 'photos-edit-preview');
    await page.getByRole('button', { name: 'Save changes' }).click();

    await page.getByRole('heading', { level: 1, name: 'Saffron risotto' }).waitFor();
    const big = await imgState(page.locator('img.recipe-picture'));
    assert.equal(big.alt, 'Saffron risotto');
    assert.deepEqual([big.width, big.height], ['1280', '800'], 'the box is known before the bytes');
    assert.deepEqual(
      big.srcset.split(', ').map((s) => s.split(' ')[1]),
      ['320w', '640w', '1280w'],
    );
    assert.ok(big.sizes.length > 0);
    assert.equal(big.loading, 'eager');
    assert.equal(big.fetchpriority, 'high', 'the largest paint is fetched first');
    assert.ok(big.naturalWidth > 0, 'decoded');
    assert.ok(big.currentSrc.startsWith(`${suite.h.base}/images/`), big.currentSrc);

    // Cook mode keeps the picture above the steps.
    await page.getByRole('button', { name: 'Cook mode' }).click();
    await page.locator('.cook').waitFor();
    assert.ok(await page.locator('img.recipe-picture').isVisible());
    await page.getByRole('button', { name: 'Leave cook mode' }).click();

    await page.goto('/');
    await page.locator('.results[aria-busy="false"] .cards').waitFor();
    const cards = page.locator('.cards .card');
    assert.equal(await cards.count(), 7);
    const pictured = cards.filter({ hasText: 'Saffron risotto' }).locator('img.card-picture');
    const card = await imgState(pictured);
    assert.equal(card.alt, 'Saffron risotto');
    assert.deepEqual([card.width, card.height], ['1280', '800']);
    assert.equal(card.srcset.split(', ').length, 3);
    assert.equal(card.loading, 'lazy', 'the seventh card is below the fold');
    assert.ok(card.naturalWidth > 0, 'loaded once scrolled to');
    assert.equal(await cards.first().locator('.picture-none').getAttribute('aria-hidden'), 'true');
    const shifted = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
    assert.ok(shifted < 0.05, `pictures arrive without moving anything (CLS ${shifted})`);
    for (const size of Object.keys(WIDTHS) as (keyof typeof WIDTHS)[]) {
      await page.setViewportSize(WIDTHS[size]);
      assert.deepEqual(
        await box(cards.first().locator('.card-picture')),
        await box(pictured),
        `placeholder and picture alike at ${size} width`,
      );
    }
    await page.setViewportSize(WIDTHS.desktop);
    await checkPage(page, 'photos-catalog');

    // Removal, confirmed by saving; the picture's address then serves nothing.
    await page.goto(`/recipe/${id}/edit`);
    await page.getByRole('button', { name: 'Remove the picture' }).click();
    await page.getByText('The picture will be removed when you save.').waitFor();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Saffron risotto' }).waitFor();
    await page.locator('.recipe .meta').waitFor();
    assert.equal(await page.locator('img.recipe-picture').count(), 0);
    const after = await suite.h.app.inject({ method: 'GET', url: `/recipes/${id}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.json().image, null);
    assert.equal((await suite.h.app.inject({ method: 'GET', url: new URL(big.currentSrc).pathname })).statusCode, 404);

    assert.deepEqual(errors, []);
    // The preview's blob: address is this page's own memory; nothing else left 127.0.0.1.
    assert.deepEqual(
      external.filter((u) => !u.startsWith(`blob:${suite.h.base}/`)),
      [],
    );
  },
);

test('a new recipe saved with its picture; a picture the API cannot read is said plainly and the recipe is kept', { skip }, async () => {
  const user = await suite.newUser();
  const { page, errors } = await suite.h.open('phone');
  await signInUi(page, user);
  await page.goto('/new');
  await page.getByLabel('Title').fill('Lemon tart');
  await page.getByLabel('Ingredients').fill('3 lemons\n200 g flour');
  await page.getByLabel('Time (minutes)').fill('50');
  // JPEG bytes cut short: the browser cannot tell, the API refuses it with a 422.
  const jpeg = await jpegWithExif(800, 600);
  await page.getByLabel('Choose a picture').setInputFiles({ name: 'tart.jpg', mimeType: 'image/jpeg', buffer: jpeg.subarray(0, 600) });
  await page.getByRole('button', { name: 'Create recipe' }).click();
  await page.locator('#f-image-error').waitFor();
  assert.match(await page.locator('#f-image-error').innerText(), /could not be read/);
  // The recipe itself was created; the form now edits it.
  await page.getByRole('heading', { name: 'Edit “Lemon tart”' }).waitFor();
  const token = await suite.tokenOf(user);
  const mine = (
    await suite.h.app.inject({ method: 'GET', url: '/recipes?mine=true', headers: { authorization: `Bearer ${token}` } })
  ).json();
  assert.deepEqual(
    mine.map((r: { title: string }) => r.title),
    ['Lemon tart'],
  );

  await page.getByLabel('Replace the picture').setInputFiles({ name: 'tart.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lemon tart' }).waitFor();
  const big = await imgState(page.locator('img.recipe-picture'));
  assert.deepEqual([big.width, big.height], ['800', '600']);
  assert.deepEqual(
    big.srcset.split(', ').map((s) => s.split(' ')[1]),
    ['320w', '640w', '800w'],
    'never enlarged',
  );
  assert.ok(big.naturalWidth > 0);
  assert.deepEqual(errors, []);
});

test('the import preview names the picture it will keep without loading it; saved as corrected, the recipe has it', { skip }, async () => {
  const photo = await jpegWithExif(900, 600);
  suite.fixtures.routes.set('/photo.jpg', (_req, res) => {
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': String(photo.length) });
    res.end(photo);
  });
  const recipe = {
    '@context': 'https://schema.org',
    '@type': 'Recipe',
    name: 'Plum cake',
    image: suite.fixtures.url('/photo.jpg'),
    recipeIngredient: ['500 g plums', '200 g flour'],
    recipeInstructions: 'Bake for 40 minutes.',
  };
  suite.fixtures.routes.set('/plum-cake.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><head><title>Plum cake</title><script type="application/ld+json">${JSON.stringify(recipe)}</script></head><body><h1>Plum cake</h1></body></html>`,
    );
  });
  const user = await suite.newUser();
  const { page, errors, external } = await suite.h.open('phone');
  await signInUi(page, user, '/import');
  await page.getByLabel('Recipe address').fill(suite.fixtures.url('/plum-cake.html'));
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('heading', { name: 'Preview: Plum cake' }).waitFor();
  await page
    .getByText(
      `The page’s picture will be stored with the recipe when you save. It is not shown here, so ${suite.fixtures.hostPort} does not see you looking.`,
    )
    .waitFor();
  assert.equal(await page.locator('.preview img').count(), 0, 'nothing loaded from the page’s site');
  await checkPage(page, 'photos-import-preview');

  // Corrected before saving: saved by POST /recipes, then the picture by PUT /recipes/{id}/image {url}.
  await page.getByLabel('Title').fill('Plum cake from the market');
  await page.getByRole('button', { name: 'Save to my recipes' }).click();
  await page.getByRole('heading', { level: 1, name: 'Plum cake from the market' }).waitFor();
  const big = await imgState(page.locator('img.recipe-picture'));
  assert.deepEqual([big.width, big.height], ['900', '600']);
  assert.ok(big.naturalWidth > 0);
  assert.ok(big.currentSrc.startsWith(`${suite.h.base}/images/`), 'served from here');
  assert.deepEqual(external, [], 'the browser never asked the recipe’s site for anything');
  assert.deepEqual(errors, []);
});
