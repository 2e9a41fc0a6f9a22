// The web app in Debian's Chromium, in the kitchen: cook mode (screen kept awake, ticks, the
// ingredients of each step, timers that ring), the printed recipe, and pages that do not jump.
// Every page gets axe-core at phone and desktop width (no serious or critical violation).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkPage, signInUi, skipWithoutChromium, webSuite } from '../helpers/web.js';

const skip = skipWithoutChromium;
const suite = webSuite();
const { newUser, tokenOf } = suite;
const DOCS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs');
/** Screenshots for docs/ are written only when asked (UPDATE_DOCS_SCREENSHOTS=1), so a test run leaves the tree clean. */
const writeDocs = process.env.UPDATE_DOCS_SCREENSHOTS === '1';

/** Polls from here: with the page's clock installed, its own timers and frames are not to be relied on. */
async function until(check: () => Promise<boolean>, state: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`still ${JSON.stringify(await state())}`);
}

/** Stands in for the screen's wake lock and the notifications, and counts the tones played. */
const OBSERVE_KITCHEN = `
  window.__wake = { requests: 0, released: 0 };
  window.__beeps = 0;
  window.__notes = [];
  const held = [];
  // hide(): what the browser does when the tab is hidden, dropping the lock on its own.
  window.__wake.hide = () => { for (const s of held) s.released = true; };
  const wakeLock = { request: async () => {
    window.__wake.requests += 1;
    const sentinel = { released: false, release: async () => { if (!sentinel.released) { sentinel.released = true; window.__wake.released += 1; } } };
    held.push(sentinel);
    return sentinel;
  } };
  Object.defineProperty(Navigator.prototype, 'wakeLock', { configurable: true, get: () => wakeLock });
  const create = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () { window.__beeps += 1; return create.call(this); };
  class FakeNotification { constructor(title) { window.__notes.push(title); } }
  FakeNotification.permission = 'granted';
  FakeNotification.requestPermission = async () => 'granted';
  Object.defineProperty(window, 'Notification', { configurable: true, writable: true, value: FakeNotification });
`;

const TART = {
  title: 'Lemon tart',
  time_minutes: 60,
  servings: 6,
  tags: ['dessert'],
  ingredients: 'For the pastry:\n200 g flour\n100 g butter\n2 eggs\nFor the filling:\n3 lemons\n150 g sugar',
  instructions:
    '1. Rub the butter into the flour, then add one of the eggs.\n2. Bake the shell for 15 minutes.\n3. Whisk the other egg with the sugar and the juice of the lemons.\n4. Bake for 25 minutes, until just set.',
};

test(
  'cook mode: the screen kept awake (and again on return), ingredients and steps ticked, each step with its ingredients, a timer from the text that rings',
  { skip },
  async () => {
    const user = await newUser();
    const { id } = await suite.createRecipe(await tokenOf(user), TART);
    const { context, page, errors } = await suite.h.open('phone');
    // Plain JavaScript: a function from this file would be serialised with the test runner's helpers in it.
    await context.addInitScript({ content: OBSERVE_KITCHEN });
    await page.clock.install();
    await signInUi(page, user, `/recipe/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Lemon tart' }).waitFor();
    const wake = () => page.evaluate(() => (window as unknown as { __wake: { requests: number; released: number } }).__wake);
    assert.equal((await wake()).requests, 0, 'nothing is asked before cook mode');

    await page.getByRole('button', { name: 'Cook mode' }).click();
    await page.getByRole('heading', { name: 'Cook mode' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Edit' }).count(), 0, 'no edit or delete while cooking');
    // The lock is asked for once cook mode is on screen.
    await until(
      async () => (await wake()).requests === 1,
      () => wake(),
    );
    // Coming back to the tab asks again (the browser drops the lock when the tab is hidden).
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForTimeout(300);
    assert.equal((await wake()).requests, 1, 'a lock still held is not asked for twice');
    await page.evaluate(() => {
      (window as unknown as { __wake: { hide(): void } }).__wake.hide();
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await until(
      async () => (await wake()).requests === 2,
      () => wake(),
    );

    await page.getByRole('checkbox', { name: '2 eggs' }).check();
    await page.getByRole('checkbox', { name: /^Bake the shell/ }).check();
    const steps = page.locator('.cook-steps > li');
    assert.equal(await steps.count(), 4);
    assert.equal(await steps.nth(0).locator('.uses').innerText(), 'Uses: 200 g flour · 100 g butter · 2 eggs');
    assert.equal(await steps.nth(2).locator('.uses').innerText(), 'Uses: 2 eggs · 3 lemons · 150 g sugar');
    assert.equal(await steps.nth(1).locator('.uses').count(), 0);
    await checkPage(page, 'cook-mode');

    await steps.nth(3).getByRole('button', { name: 'Timer: 25 minutes' }).click();
    await page.getByRole('status').filter({ hasText: 'Timer started: 25 minutes (25:00).' }).waitFor();
    await page.locator('.cook-timers .timer-left', { hasText: /^2[45]:\d\d$/ }).waitFor();
    if (writeDocs) {
      await page.locator('.cook').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: path.join(DOCS, 'cook-mode.png') });
    }
    assert.equal(await page.evaluate(() => (window as unknown as { __beeps: number }).__beeps), 0);
    await page.clock.fastForward('24:00');
    assert.equal(await page.getByRole('alert').innerText(), '', 'not yet');
    await page.clock.fastForward('01:05');
    await page.getByRole('alert').filter({ hasText: 'Time’s up: 25 minutes' }).waitFor();
    assert.ok((await page.evaluate(() => (window as unknown as { __beeps: number }).__beeps)) >= 3, 'it rings');
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __notes: string[] }).__notes), ['Time’s up: 25 minutes']);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    assert.equal(await page.locator('.cook-timers li').count(), 0);

    // Leaving releases the screen; what was ticked stays while the page is open.
    await page.getByRole('button', { name: 'Leave cook mode' }).click();
    await page.getByRole('heading', { name: 'Method' }).waitFor();
    assert.equal((await wake()).released, 1, 'the lock held is released');
    assert.ok(
      await page.getByRole('button', { name: 'Cook mode' }).evaluate((b) => b === document.activeElement),
      'the focus goes back to the button',
    );
    await page.getByRole('button', { name: 'Cook mode' }).click();
    assert.equal(await page.getByRole('checkbox', { name: '2 eggs' }).isChecked(), true);
    assert.equal(await page.getByRole('checkbox', { name: /^Bake the shell/ }).isChecked(), true);
    assert.equal(await page.getByRole('checkbox', { name: '3 lemons' }).isChecked(), false);
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test('print: the recipe alone, ingredients beside the method, no navigation, buttons, controls or footer', { skip }, async () => {
  const user = await newUser();
  const { id } = await suite.createRecipe(await tokenOf(user), TART);
  const { context, page, errors } = await suite.h.open('desktop');
  await signInUi(page, user, `/recipe/${id}`);
  await page.getByRole('heading', { level: 1, name: 'Lemon tart' }).waitFor();
  assert.equal(await page.locator('header.top').isVisible(), true);
  await page.emulateMedia({ media: 'print' });
  // An A4 page's width at 96 dpi, less the margins.
  await page.setViewportSize({ width: 720, height: 1000 });
  for (const hidden of ['header.top', 'footer', '.crumbs', '.scale', '.recipe .actions', '.recipe .tags']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
  }
  for (const button of await page.getByRole('button').all()) assert.equal(await button.isVisible(), false);
  const ingredients = (await page.locator('.ingredients').boundingBox())!;
  const method = (await page.locator('.steps').boundingBox())!;
  assert.ok(ingredients.x + ingredients.width <= method.x && Math.abs(ingredients.y - method.y) < 2, 'side by side');
  if (writeDocs) await page.screenshot({ path: path.join(DOCS, 'print.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('no jumps: changing servings or units keeps the scroll position', { skip }, async () => {
  const user = await newUser();
  const long = { ...TART, ingredients: Array.from({ length: 30 }, (_, i) => `${i + 1} g spice ${i + 1}`).join('\n') };
  const { id } = await suite.createRecipe(await tokenOf(user), long);
  const { context, page, errors } = await suite.h.open('phone');
  await signInUi(page, user, `/recipe/${id}`);
  await page.getByRole('heading', { level: 1, name: 'Lemon tart' }).waitFor();
  await page.getByRole('button', { name: 'More servings' }).scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 120));
  const before = await page.evaluate(() => window.scrollY);
  assert.ok(before > 100);
  await page.getByRole('button', { name: 'More servings' }).click();
  await page.waitForURL(/servings=7/);
  await page.locator('.recipe[aria-busy="false"]').waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), before);
  await page.getByLabel('Units').selectOption('metric');
  await page.waitForURL(/units=metric/);
  await page.locator('.recipe[aria-busy="false"]').waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), before);
  // Another page still starts at the top.
  await page.getByRole('link', { name: '← All recipes' }).click();
  await page.locator('.results[aria-busy="false"]').waitFor();
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test(
  'phone catalog at 390 px: the first recipe on the first screen, filters behind a disclosure, tags in one scrolling row, any tag found by typing, chosen tags removable; a page change goes to the results',
  { skip },
  async () => {
    const user = await newUser();
    const token = await tokenOf(user);
    const tag = (n: number) => `tag${String(n).padStart(2, '0')}`;
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => tag(from + i));
    // 30 tags on two recipes each, the most used; "zucchini" on one, so not among the 30 shown first.
    for (const tags of [range(1, 20), range(11, 30), [...range(1, 10), ...range(21, 30)], ['zucchini']]) {
      await suite.createRecipe(token, { title: `Tagged ${tags[0]}`, ingredients: 'salt', time_minutes: 10, tags });
    }
    for (let i = 1; i <= 12; i += 1) await suite.createRecipe(token, { title: `Plain soup ${i}`, ingredients: 'water', time_minutes: 20 });

    const { context, page, errors } = await suite.h.open('phone');
    await signInUi(page, user);
    await page.locator('.results[aria-busy="false"] .cards .card').first().waitFor();
    // Every cook's recipes are listed (those of the tests before too): more than a page of them.
    const everything = await page.locator('.result-count').innerText();
    const [, count] = /^(\d+) recipes, page 1 of \d+$/.exec(everything) ?? [];
    assert.ok(Number(count) > 12, everything);
    if (writeDocs) await page.screenshot({ path: path.join(DOCS, 'phone-catalog.png') });
    const first = (await page.locator('.cards .card').first().boundingBox())!;
    assert.ok(first.y + 48 <= 844, `the first card starts at ${first.y}px, within the first screen of 844px`);

    // One search box; the other filters only once opened.
    assert.equal(await page.getByLabel('Search', { exact: true }).isVisible(), true);
    assert.equal(await page.getByLabel('Ingredient').isVisible(), false);
    await page.getByText('Filters', { exact: true }).click();
    assert.equal(await page.getByLabel('Ingredient').isVisible(), true);
    await page.getByText('Filters', { exact: true }).click();

    // The tags: one row that scrolls sideways.
    const row = page.locator('.tag-row');
    assert.equal(await row.locator('li').count(), 30);
    const size = await row.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, height: el.clientHeight }));
    assert.ok(size.scroll > size.client && size.height < 70, JSON.stringify(size));
    await checkPage(page, 'catalog-phone');

    // A tag that is not among the most used, found by typing.
    assert.equal(await page.getByRole('button', { name: /^zucchini/ }).count(), 0);
    await page.getByLabel('Find a tag').fill('zucc');
    await page.getByRole('button', { name: /^zucchini/ }).click();
    await page.waitForURL(/tag=zucchini/);
    await page.locator('.result-count', { hasText: /^1 recipe$/ }).waitFor();
    await page.getByLabel('Find a tag').fill('');
    assert.equal(await page.getByRole('button', { name: /^zucchini/ }).count(), 0, 'not in the row of the most used');
    // Still shown as chosen, and removable.
    await page.getByRole('button', { name: 'Remove tag zucchini' }).click();
    await page.waitForURL((u) => !u.searchParams.has('tag'));
    await page.locator('.result-count', { hasText: everything }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Remove tag zucchini' }).count(), 0);

    // The next page: the reader lands at the start of the results, not at the top of the page.
    await page.getByRole('link', { name: 'Next →' }).click();
    await page.locator('.result-count', { hasText: everything.replace('page 1', 'page 2') }).waitFor();
    const start = (await page.locator('.result-count').boundingBox())!;
    assert.ok(Math.abs(start.y) <= 2 && (await page.evaluate(() => window.scrollY)) > 0, `results start at ${start.y}px`);
    assert.equal(await page.locator('.result-count').evaluate((el) => el === document.activeElement), true);
    assert.deepEqual(errors, []);
    await context.close();
  },
);

const FRENCH_TART = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Tarte au citron</title>
<script type="application/ld+json">${JSON.stringify({
  '@context': 'https://schema.org',
  '@type': 'Recipe',
  name: 'Tarte au citron',
  totalTime: 'PT45M',
  recipeYield: '6',
  keywords: 'dessert',
  recipeIngredient: ['200 g farine', '100 g beurre', '3 citrons'],
  recipeInstructions: [
    { '@type': 'HowToStep', text: '1- Versez la farine.' },
    { '@type': 'HowToStep', text: '2- Ajoutez le beurre.' },
  ],
})}</script></head><body><h1>Tarte au citron</h1></body></html>`;

test(
  'import preview: corrected before saving, steps not numbered twice; an address already imported offers the recipe; a refused one offers to paste the page',
  { skip },
  async () => {
    suite.fixtures.routes.set('/tarte.html', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(FRENCH_TART);
    });
    suite.fixtures.routes.set('/refuses.html', (_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<h1>No robots</h1>');
    });
    const user = await newUser();
    const token = await tokenOf(user);
    const address = suite.fixtures.url('/tarte.html');
    const { context, page, errors } = await suite.h.open('phone');
    await signInUi(page, user, '/import');
    await page.getByLabel('Recipe address').fill(address);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Preview: Tarte au citron' }).waitFor();
    assert.deepEqual(await page.locator('.steps-preview li').allInnerTexts(), ['Versez la farine.', 'Ajoutez le beurre.']);
    assert.equal(await page.locator('.duplicate').count(), 0, 'not imported yet');
    await checkPage(page, 'import-preview-edit');

    await page.getByLabel('Title').fill('Tarte au citron de Mamie');
    await page.getByLabel('Servings').fill('8');
    await page.getByLabel('Time (minutes)').fill('');
    await page.getByLabel('Tags').fill('dessert, citron');
    await page.getByLabel('Ingredients').fill('Pour la pâte:\n200 g farine\n100 g beurre\nPour la crème:\n3 citrons\n2 œufs');
    await page.getByRole('button', { name: 'Save to my recipes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tarte au citron de Mamie' }).waitFor();
    assert.deepEqual(await page.locator('.steps ol li').allInnerTexts(), ['Versez la farine.', 'Ajoutez le beurre.']);
    const id = Number(/\/recipe\/(\d+)$/.exec(page.url())?.[1]);
    const saved = (
      await suite.h.app.inject({ method: 'GET', url: `/recipes/${id}`, headers: { authorization: `Bearer ${token}` } })
    ).json();
    assert.equal(saved.servings, 8);
    assert.equal(saved.time_minutes, 0, 'an empty time is an unknown one');
    assert.deepEqual(saved.tags, ['dessert', 'citron']);
    assert.equal(saved.source_url, address);
    assert.deepEqual(
      saved.ingredient_lines.map((l: { group: string | null }) => l.group),
      ['Pour la pâte', 'Pour la pâte', 'Pour la crème', 'Pour la crème'],
    );

    // The same address again: the recipe already saved is offered.
    await page.goto('/import');
    await page.getByLabel('Recipe address').fill(`${address}#recipe`);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('You already have this recipe: “Tarte au citron de Mamie”.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Save as another recipe' }).isVisible(), true);
    await checkPage(page, 'import-duplicate');
    await page.getByRole('link', { name: 'Open it' }).click();
    await page.waitForURL(`**/recipe/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Tarte au citron de Mamie' }).waitFor();

    // A site that refuses our server: one click to paste the page instead, the address kept.
    const refused = suite.fixtures.url('/refuses.html');
    await page.goto('/import');
    await page.getByLabel('Recipe address').fill(refused);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('button', { name: 'Paste the page instead' }).click();
    assert.equal(await page.getByLabel('The page’s HTML').isChecked(), true);
    assert.equal(await page.getByLabel('Page address (optional)').inputValue(), refused);
    await page.waitForFunction(() => document.activeElement?.id === 'f-html');
    assert.equal(await page.getByRole('button', { name: 'Paste the page instead' }).count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  },
);
