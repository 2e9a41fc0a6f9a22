// The web app in Debian's Chromium: import by URL, pasted HTML or text, and the bookmarklet (pages served from 127.0.0.1).
// Every page gets axe-core at phone and desktop width (no serious or critical violation) and screenshots in test-artifacts/web/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, signInUi, skipWithoutChromium, webSuite } from '../helpers/web.js';

const skip = skipWithoutChromium;
const suite = webSuite((s) => {
  s.fixtures.routes.set('/lemon-tart.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(RECIPE_PAGE);
  });
  s.fixtures.routes.set('/about.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(NO_RECIPE_PAGE);
  });
});
const { newUser, tokenOf } = suite;

const RECIPE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lemon tart | A cooking site</title>
<script type="application/ld+json">${JSON.stringify({
  '@context': 'https://schema.org',
  '@type': 'Recipe',
  name: 'Lemon tart',
  totalTime: 'PT45M',
  recipeYield: '6',
  recipeCategory: 'Dessert',
  keywords: 'baking, citrus',
  recipeIngredient: ['200 g flour', '100 g butter', '3 lemons', '150 g sugar', '3 eggs'],
  recipeInstructions: [
    { '@type': 'HowToStep', text: 'Rub the butter into the flour.' },
    { '@type': 'HowToStep', text: 'Bake the shell for 15 minutes.' },
    { '@type': 'HowToStep', text: 'Fill with lemon curd and bake 20 minutes more.' },
  ],
})}</script><script>document.title += '!'</script><style>body{font-family:serif}</style></head>
<body><h1>Lemon tart</h1><p>A bright dessert.</p></body></html>`;

const NO_RECIPE_PAGE = '<!doctype html><html><head><title>About us</title></head><body><h1>About us</h1><p>We like food.</p></body></html>';

const text = (page: Page, selector: string) => page.locator(selector).innerText();

test('import by URL: a preview first, then saved; ?url= previews at once; a page without a recipe says so', { skip }, async () => {
  const user = await newUser();
  const { context, page, errors } = await suite.h.open('desktop');
  await signInUi(page, user, '/import');
  await page.getByRole('heading', { name: 'Import a recipe' }).waitFor();
  await checkPage(page, 'import');
  await page.getByLabel('Recipe address').fill(suite.fixtures.url('/lemon-tart.html'));
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('heading', { name: 'Preview: Lemon tart' }).waitFor();
  // The preview is a form the cook can correct: the lines one per line, the steps numbered below the method.
  assert.equal((await page.getByLabel('Ingredients').inputValue()).split('\n').length, 5);
  assert.equal(await page.locator('.preview .steps-preview li').count(), 3);
  await checkPage(page, 'import-preview');
  const before = (
    await suite.h.app.inject({ method: 'GET', url: '/recipes?mine=true', headers: { authorization: `Bearer ${await tokenOf(user)}` } })
  ).headers['x-total-count'];
  assert.equal(before, '0', 'a preview saves nothing');
  await page.getByRole('button', { name: 'Save to my recipes' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lemon tart' }).waitFor();
  assert.match(await text(page, '.recipe .meta'), /45 min · serves 6/);
  // The page's category and keywords became tags: find it again by one.
  await page.locator('.recipe .tags').getByRole('link', { name: 'baking' }).click();
  await page.locator('.results[aria-busy="false"]').waitFor();
  assert.deepEqual(new URL(page.url()).searchParams.getAll('tag'), ['baking']);
  await page.locator('.cards .card').getByRole('link', { name: 'Lemon tart' }).first().waitFor();
  assert.equal(await page.getByRole('button', { name: /^baking/ }).getAttribute('aria-pressed'), 'true');

  await page.goto(`/import?url=${encodeURIComponent(suite.fixtures.url('/lemon-tart.html'))}`);
  await page.getByRole('heading', { name: 'Preview: Lemon tart' }).waitFor();
  assert.equal(await page.getByLabel('Recipe address').inputValue(), suite.fixtures.url('/lemon-tart.html'));

  await page.getByLabel('Recipe address').fill(suite.fixtures.url('/about.html'));
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByText('No recipe was found in that page.').waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test(
  'import by pasting the page HTML or the recipe text (POST /scrape/recipe, POST /recipes/import {html}|{text})',
  { skip: skip || undefined },
  async (t) => {
    if (!suite.has.htmlImport) return t.skip('this branch has no POST /scrape/recipe {html|text}; runs on a branch that has it');
    const user = await newUser();
    const { context, page, errors } = await suite.h.open('phone');
    await signInUi(page, user, '/import');
    await page.getByLabel('The page’s HTML').check();
    await page.getByLabel('Page HTML').fill(RECIPE_PAGE);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Preview: Lemon tart' }).waitFor();
    await checkPage(page, 'import-html');
    await page.getByRole('button', { name: 'Save to my recipes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lemon tart' }).waitFor();

    await page.goto('/import');
    await page.getByLabel('The recipe’s text').check();
    await page
      .getByLabel('Recipe text')
      .fill(
        'Tomato salad\n\nIngredients\n4 tomatoes\n1 red onion\n2 tbsp olive oil\n\nMethod\nSlice the tomatoes and the onion.\nDress with the oil and salt.',
      );
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: /Preview: Tomato salad/ }).waitFor();
    await page.getByRole('button', { name: 'Save to my recipes' }).click();
    await page.getByRole('heading', { level: 1, name: /Tomato salad/ }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  'bookmarklet: clicked on a recipe site it opens the import with that page, previewed and not saved until asked',
  { skip },
  async () => {
    const user = await newUser();
    const { context, page } = await suite.h.open('desktop');
    await signInUi(page, user, '/bookmarklet');
    await page.getByRole('heading', { name: 'Import with one click' }).waitFor();
    await checkPage(page, 'bookmarklet');
    const urlOnly = await page.getByRole('link', { name: 'Gourmet: import address', includeHidden: true }).getAttribute('href');
    const full = await page.getByRole('link', { name: 'Send to Gourmet' }).getAttribute('href');
    assert.ok(urlOnly?.startsWith('javascript:') && full?.startsWith('javascript:'));

    // On the recipe's own site (another origin), run the bookmarklet as the browser would.
    const site = await context.newPage();
    await site.goto(suite.fixtures.url('/lemon-tart.html'));
    const popup1 = site.waitForEvent('popup');
    await site.evaluate(decodeURIComponent(urlOnly!.slice('javascript:'.length)));
    const importer = await popup1;
    await importer.getByRole('heading', { name: 'Preview: Lemon tart' }).waitFor();
    assert.equal(new URL(importer.url()).searchParams.get('url'), suite.fixtures.url('/lemon-tart.html'));
    await importer.close();

    // The full bookmarklet hands the page itself over by postMessage (for sites that refuse our server).
    const previews: string[] = [];
    context.on('request', (r) => {
      if (r.url().includes('/scrape/recipe') || r.url().includes('/recipes/import')) previews.push(r.url());
    });
    await site.evaluate(() => {
      // Keep the bookmarklet's window reference, to see that the site loses it after the hand-off.
      const open = window.open.bind(window);
      window.open = (...args: Parameters<typeof window.open>) => ((window as unknown as { opened: Window | null }).opened = open(...args));
    });
    const popup2 = site.waitForEvent('popup');
    await site.evaluate(decodeURIComponent(full!.slice('javascript:'.length)));
    const sent = await popup2;
    await sent.waitForFunction(
      (u) => (document.getElementById('f-page_url') as HTMLInputElement | null)?.value === u,
      suite.fixtures.url('/lemon-tart.html'),
    );
    const html = await sent.getByLabel('Page HTML').inputValue();
    assert.match(html, /"name":"Lemon tart"/, 'the page, with its JSON-LD, arrived');
    assert.equal(await sent.getByLabel('The page’s HTML').isChecked(), true);
    // The sender's origin is shown; the window left the hand-off address (and its COOP unsafe-none).
    assert.equal(await sent.locator('.handoff .sender-origin').textContent(), new URL(suite.fixtures.url('/')).origin);
    assert.equal(new URL(sent.url()).pathname + new URL(sent.url()).search, '/import');
    assert.equal(
      await site.evaluate(() => (window as unknown as { opened: Window }).opened.closed),
      true,
      'the recipe site no longer holds the window',
    );
    assert.equal(await sent.evaluate(() => window.opener), null);
    await checkPage(sent, 'import-bookmarklet-handoff');
    // Nothing is read before the user confirms.
    await sent.waitForTimeout(500);
    assert.deepEqual(previews, [], 'no preview before Preview is pressed');
    if (suite.has.htmlImport) {
      await sent.getByRole('button', { name: 'Preview' }).click();
      await sent.getByRole('heading', { name: 'Preview: Lemon tart' }).waitFor();
      await sent.getByRole('button', { name: 'Save to my recipes' }).click();
      await sent.getByRole('heading', { level: 1, name: 'Lemon tart' }).waitFor();
      const saved = await suite.h.app.inject({
        method: 'GET',
        url: '/recipes?mine=true',
        headers: { authorization: `Bearer ${await tokenOf(user)}` },
      });
      assert.equal(saved.json()[0]?.source_url, suite.fixtures.url('/lemon-tart.html'));
    }
    await context.close();
  },
);

test(
  'bookmarklet hand-off: a hostile opener without the nonce, with a wrong one, or claiming another site is refused, and nothing is read',
  { skip },
  async () => {
    const user = await newUser();
    const { context, page } = await suite.h.open('desktop');
    await signInUi(page, user, '/bookmarklet');
    const previews: string[] = [];
    context.on('request', (r) => {
      if (r.url().includes('/scrape/recipe') || r.url().includes('/recipes/import')) previews.push(r.url());
    });
    // The hostile page lives on another origin (the fixture server's port), like any site the user visits.
    const hostile = await context.newPage();
    await hostile.goto(suite.fixtures.url('/about.html'));
    const nonce = 'n'.repeat(32);
    const cases = [
      { name: 'no nonce', open: '', send: nonce, url: suite.fixtures.url('/about.html'), says: /out of date/ },
      {
        name: 'wrong nonce',
        open: nonce,
        send: 'w'.repeat(32),
        url: suite.fixtures.url('/about.html'),
        says: /was refused: it did not come from the window/,
      },
      {
        name: 'no nonce in the message',
        open: nonce,
        send: undefined,
        url: suite.fixtures.url('/about.html'),
        says: /was refused: it did not come from the window/,
      },
      {
        name: 'another site’s address',
        open: nonce,
        send: nonce,
        url: 'https://recipes.example/lemon-tart',
        says: /was refused: it claims to be https:\/\/recipes\.example/,
      },
    ];
    for (const c of cases) {
      const opened = context.waitForEvent('page');
      // As a string: the test runner's transpiler would wrap named functions in a helper the page lacks.
      await hostile.evaluate(`(() => {
      const w = window.open(${JSON.stringify(`${suite.h.base}/import?via=bookmarklet${c.open ? `&nonce=${c.open}` : ''}`)});
      const message = { type: 'gourmet-import', html: '<h1>Evil</h1><p>Send your password to evil.example</p>', url: ${JSON.stringify(c.url)}, nonce: ${JSON.stringify(c.send ?? null)} };
      addEventListener('message', (e) => { if (e.source === w && e.data === 'gourmet-import-ready') w.postMessage(message, '*'); });
      // Also without waiting for "ready", and again, in case a second try gets through.
      setTimeout(() => w.postMessage(message, '*'), 1500);
      setTimeout(() => w.postMessage(message, '*'), 2500);
    })()`);
      const target = await opened;
      await target.locator('.handoff-refused').waitFor();
      assert.match(await target.locator('.handoff-refused').innerText(), c.says, c.name);
      await target.waitForTimeout(3000);
      assert.equal(await target.getByLabel('Page HTML').inputValue(), '', `${c.name}: the page was not taken`);
      assert.equal(await target.locator('.handoff').count(), 0, c.name);
      assert.equal(new URL(target.url()).searchParams.has('handoff'), false, c.name);
      assert.deepEqual(previews, [], `${c.name}: nothing was read`);
      await target.close();
    }
    // With a nonce of its own and its own address, a hostile page gets no further than the user's
    // eyes: its origin is shown and nothing is read until Preview.
    const opened = context.waitForEvent('page');
    await hostile.evaluate(`(() => {
    const w = window.open(${JSON.stringify(`${suite.h.base}/import?via=bookmarklet&nonce=${nonce}`)});
    addEventListener('message', (e) => { if (e.source === w && e.data === 'gourmet-import-ready') w.postMessage({ type: 'gourmet-import', html: '<h1>Evil</h1>', url: location.href, nonce: ${JSON.stringify(nonce)} }, '*'); });
  })()`);
    const target = await opened;
    await target.locator('.handoff .sender-origin').waitFor();
    assert.equal(await target.locator('.handoff .sender-origin').textContent(), new URL(suite.fixtures.url('/')).origin);
    await target.waitForTimeout(500);
    assert.deepEqual(previews, [], 'nothing was read');
    await context.close();
  },
);
