// The web app in Debian's Chromium: the catalog with its filters and pages.
// Every page gets axe-core at phone and desktop width (no serious or critical violation) and screenshots in test-artifacts/web/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, signInUi, skipWithoutChromium, webSuite } from '../helpers/web.js';

const skip = skipWithoutChromium;
const suite = webSuite();
const { newUser, tokenOf } = suite;
const apiCreate = suite.createRecipe;

const text = (page: Page, selector: string) => page.locator(selector).innerText();

test(
  'catalog: search, ingredient, max time, tags and only mine, pages from X-Total-Count and Link, without layout shift',
  { skip },
  async () => {
    const me = await newUser();
    const other = await newUser();
    const mine = await tokenOf(me);
    const theirs = await tokenOf(other);
    for (let i = 1; i <= 14; i += 1) {
      await apiCreate(mine, {
        title: i % 2 ? `Mushroom risotto ${i}` : `Lentil soup ${i}`,
        ingredients: i % 3 === 0 ? 'saffron\nrice' : 'lentils\nonion',
        time_minutes: i * 5,
        tags: i % 2 ? ['vegan', 'quick'] : ['vegan'],
      });
    }
    await apiCreate(theirs, { title: 'Their risotto', ingredients: 'rice', time_minutes: 30 });
    await apiCreate(theirs, { title: 'Their stew', ingredients: 'beef', time_minutes: 120, tags: ['quick'] });

    const { context, page, errors } = await suite.h.open('desktop');
    await context.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
          if (!e.hadRecentInput) w.__cls += e.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // Every listing the catalog asks for is of summaries: cards show no ingredients, so none are downloaded.
    const listings: { url: string; body: Promise<string> }[] = [];
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.pathname === '/recipes' && res.request().method() === 'GET') listings.push({ url: res.url(), body: res.text() });
    });
    await signInUi(page, me);
    // Waits for the count a filter should give (reading it at once could catch the previous answer).
    const count = async (expected: string) => {
      const exact = new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      await page.locator('.results[aria-busy="false"]').waitFor();
      await page
        .locator('.result-count', { hasText: exact })
        .waitFor({ timeout: 10_000 })
        .catch(() => undefined);
      return text(page, '.result-count');
    };
    assert.equal(await count('16 recipes, page 1 of 2'), '16 recipes, page 1 of 2');
    assert.equal(await page.locator('.cards .card').count(), 12);
    await checkPage(page, 'catalog');
    assert.ok(listings.length > 0);
    for (const l of listings) {
      assert.equal(new URL(l.url).searchParams.get('fields'), 'summary', l.url);
      const items = JSON.parse(await l.body) as Record<string, unknown>[];
      assert.ok(items.length > 0 && items.every((r) => !('ingredient_lines' in r) && !('ingredients' in r)), l.url);
    }
    assert.ok(
      (await page.evaluate(() => (window as unknown as { __cls: number }).__cls)) < 0.05,
      'results arrive without shifting the layout',
    );

    await page.getByRole('link', { name: 'Next →' }).click();
    assert.equal(await count('16 recipes, page 2 of 2'), '16 recipes, page 2 of 2');
    assert.equal(await page.locator('.cards .card').count(), 4);
    assert.equal(new URL(page.url()).searchParams.get('page'), '2');
    await page.getByRole('link', { name: '← Previous' }).click();
    assert.equal(await count('16 recipes, page 1 of 2'), '16 recipes, page 1 of 2');

    await page.getByLabel('Search', { exact: true }).fill('risotto');
    await page.getByRole('button', { name: 'Search' }).click();
    assert.equal(await count('8 recipes'), '8 recipes');
    await page.getByLabel('Only my recipes').check();
    assert.equal(await count('7 recipes'), '7 recipes');
    await page.getByRole('link', { name: 'Clear filters' }).click();
    assert.equal(await count('16 recipes, page 1 of 2'), '16 recipes, page 1 of 2');

    await page.getByLabel('Ingredient').fill('saffron');
    await page.getByLabel('Max time (minutes)').fill('45');
    await page.getByRole('button', { name: 'Search' }).click();
    assert.equal(await count('3 recipes'), '3 recipes'); // 15, 30, 45 minutes
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await count('16 recipes, page 1 of 2');

    await page.getByRole('button', { name: /^vegan/ }).click();
    assert.equal(await count('14 recipes, page 1 of 2'), '14 recipes, page 1 of 2');
    await page.getByRole('button', { name: /^quick/ }).click();
    assert.equal(await count('7 recipes'), '7 recipes');
    assert.equal(await page.getByRole('button', { name: /^quick/ }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(new URL(page.url()).searchParams.getAll('tag'), ['vegan', 'quick']);
    await checkPage(page, 'catalog-filtered');

    await page.goto('/?q=zanzibar');
    assert.equal(await count('0 recipes'), '0 recipes');
    await page.getByRole('heading', { name: 'No recipe matches these filters' }).waitFor();
    await checkPage(page, 'catalog-empty');

    // Sort by quickest first, from the URL the app keeps.
    await page.goto('/?sort=time_minutes&mine=true');
    await count('14 recipes, page 1 of 2');
    assert.equal(await page.locator('.cards .card h2').first().innerText(), 'Mushroom risotto 1');
    assert.deepEqual(errors, []);
    await context.close();
  },
);
