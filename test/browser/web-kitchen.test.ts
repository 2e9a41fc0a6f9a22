// The web app in Debian's Chromium, in the kitchen: cook mode (screen kept awake, ticks, the
// ingredients of each step, timers that ring), the printed recipe, and pages that do not jump.
// Every page gets axe-core at phone and desktop width (no serious or critical violation).
import assert from 'node:assert/strict';
import fs from 'node:fs';
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
  title: 'Lemon tart', time_minutes: 60, servings: 6, tags: ['dessert'],
  ingredients: 'For the pastry:\n200 g flour\n100 g butter\n2 eggs\nFor the filling:\n3 lemons\n150 g sugar',
  instructions: '1. Rub the butter into the flour, then add one of the eggs.\n2. Bake the shell for 15 minutes.\n3. Whisk the other egg with the sugar and the juice of the lemons.\n4. Bake for 25 minutes, until just set.',
};

test('cook mode: the screen kept awake (and again on return), ingredients and steps ticked, each step with its ingredients, a timer from the text that rings', { skip }, async () => {
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
  // The lock is asked for once cook mode is on screen.
  await until(async () => (await wake()).requests === 1, () => wake());
  // Coming back to the tab asks again (the browser drops the lock when the tab is hidden).
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await page.waitForTimeout(300);
  assert.equal((await wake()).requests, 1, 'a lock still held is not asked for twice');
  await page.evaluate(() => { (window as unknown as { __wake: { hide(): void } }).__wake.hide(); document.dispatchEvent(new Event('visibilitychange')); });
  await until(async () => (await wake()).requests === 2, () => wake());

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
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(DOCS, 'cook-mode.png') });
  }
  assert.equal(await page.evaluate(() => (window as unknown as { __beeps: number }).__beeps), 0);
  await page.clock.fastForward('24:00');
  assert.equal(await page.getByRole('alert').innerText(), '', 'not yet');
  await page.clock.fastForward('01:05');
  await page.getByRole('alert').filter({ hasText: 'Time’s up: 25 minutes' }).waitFor();
  assert.ok(await page.evaluate(() => (window as unknown as { __beeps: number }).__beeps) >= 3, 'it rings');
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __notes: string[] }).__notes), ['Time’s up: 25 minutes']);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  assert.equal(await page.locator('.cook-timers li').count(), 0);

  // Leaving releases the screen; what was ticked stays while the page is open.
  await page.getByRole('button', { name: 'Leave cook mode' }).click();
  await page.getByRole('heading', { name: 'Method' }).waitFor();
  assert.equal((await wake()).released, 1, 'the lock held is released');
  assert.ok(await page.getByRole('button', { name: 'Cook mode' }).evaluate((b) => b === document.activeElement), 'the focus goes back to the button');
  await page.getByRole('button', { name: 'Cook mode' }).click();
  assert.equal(await page.getByRole('checkbox', { name: '2 eggs' }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: /^Bake the shell/ }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: '3 lemons' }).isChecked(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

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
