// The web app in Debian's Chromium: English and Brazilian Portuguese (from the browser's languages,
// a remembered switch), API errors in plain words, forms that report every problem at once,
// the unsaved-changes question, a recipe that does not exist and another cook's edit page.
// Every page gets axe-core at phone and desktop width (no serious or critical violation) and screenshots in test-artifacts/web/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dialog, Page } from 'playwright-core';
import { checkPage, signInUi, skipWithoutChromium, webSuite } from '../helpers/web.js';

const skip = skipWithoutChromium;
const suite = webSuite();
const { newUser, tokenOf } = suite;

const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);
/** Words a cook should never be shown: the API's schema messages, patterns, codes. */
/** The app moves the focus in the frame after it marks the fields: wait (bounded) for it, then say where it is. */
async function focusSettlesOn(page: Page, id: string): Promise<string> {
  await page.waitForFunction((want) => document.activeElement?.id === want, id, { timeout: 5000 }).catch(() => undefined);
  return page.evaluate(() => document.activeElement?.id ?? '');
}

const TECHNICAL = /must|NOT have|pattern|\^https|VALIDATION|INVALID_|body\.|format "uri"/;

test(
  'a browser that prefers pt-BR gets the app in Portuguese; the switch changes it and is remembered across reloads',
  { skip },
  async () => {
    const user = await newUser();
    const token = await tokenOf(user);
    await suite.createRecipe(token, {
      title: 'Feijoada',
      ingredients: '1 kg feijão preto\n500 g linguiça',
      time_minutes: 150,
      servings: 8,
    });
    await suite.createRecipe(token, { title: 'Pão de queijo', ingredients: '500 g polvilho\n2 ovos', time_minutes: 40, servings: 1 });
    const { context, page, errors } = await suite.h.open('phone', { locale: 'pt-BR' });

    const shell = await page.goto('/');
    // The server's page shell is already Portuguese, before any script runs.
    const html = await shell!.text();
    assert.match(html, /<html lang="pt-BR">/);
    assert.match(html, /<title>Gourmet: catálogo de receitas<\/title>/);
    assert.match(String(shell!.headers().vary), /Accept-Language/);
    await page.getByRole('heading', { name: 'Suas receitas, num só lugar' }).waitFor();
    assert.equal(await lang(page), 'pt-BR');
    assert.equal(await page.title(), 'Boas-vindas · Gourmet');
    await checkPage(page, 'welcome-pt-BR');

    await page.getByRole('link', { name: 'Entrar', exact: true }).first().click();
    await page.getByLabel('Nome de usuário').fill(user.username);
    await page.getByLabel('Senha').fill('wrong password!');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByText('Usuário ou senha incorretos.').waitFor();
    await page.getByLabel('Senha').fill(user.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('button', { name: 'Sair' }).waitFor();
    await page.locator('.result-count', { hasText: /^2 receitas$/ }).waitFor();
    assert.deepEqual(await page.locator('.card .meta').allInnerTexts(), ['40 min · rende 1 porção', '2 h 30 min · rende 8 porções']);
    await checkPage(page, 'catalog-pt-BR');

    await page.getByRole('link', { name: 'Feijoada' }).click();
    await page.getByRole('heading', { level: 1, name: 'Feijoada' }).waitFor();
    // The date the recipe was added, written the Brazilian way (Intl.DateTimeFormat).
    assert.match(
      await page.locator('.recipe .meta').innerText(),
      /^2 h 30 min · rende 8 porções · adicionada em \d{1,2} de [a-zç]+ de \d{4}$/,
    );
    await page.getByRole('heading', { name: 'Ingredientes' }).waitFor();
    await checkPage(page, 'recipe-pt-BR');

    // Nothing is written before the switch is used; then one cookie, readable by the server for the shell.
    assert.equal(
      (await context.cookies()).some((c) => c.name === 'gourmet_lang'),
      false,
    );
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('heading', { name: 'Ingredients' }).waitFor();
    assert.equal(await lang(page), 'en');
    assert.equal(await page.title(), 'Feijoada · Gourmet');
    const cookie = (await context.cookies()).find((c) => c.name === 'gourmet_lang');
    assert.equal(cookie?.value, 'en');
    assert.equal(cookie?.sameSite, 'Lax');
    assert.ok(cookie!.expires > Date.now() / 1000 + 300 * 86400, 'kept for about a year');

    // The browser still prefers Portuguese; the choice wins after a reload, in the shell too.
    const reloaded = await page.reload();
    assert.match(await reloaded!.text(), /<html lang="en">/);
    await page.getByRole('heading', { name: 'Ingredients' }).waitFor();
    assert.equal(await lang(page), 'en');
    assert.match(await page.locator('.recipe .meta').innerText(), /^2 hr 30 min · serves 8 · added [A-Z][a-z]+ \d{1,2}, \d{4}$/);
    await page.getByLabel('Language').selectOption('pt-BR');
    await page.getByRole('heading', { name: 'Ingredientes' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Modo de preparo' }).waitFor();
    assert.equal(await lang(page), 'pt-BR');
    assert.deepEqual(errors, []);
    await context.close();

    // An English-speaking browser gets English.
    const english = await suite.h.open('desktop');
    const res = await english.page.goto('/');
    assert.match(await res!.text(), /<html lang="en">/);
    await english.page.getByRole('heading', { name: 'Your recipes, in one place' }).waitFor();
    assert.equal(await lang(english.page), 'en');
    await english.context.close();
  },
);

test(
  'a form with several problems: each in plain words under its field, aria-invalid, described, focus on the first; the API’s own words never shown',
  { skip },
  async () => {
    const user = await newUser();
    const { context, page, errors } = await suite.h.open('desktop');
    await signInUi(page, user, '/new');
    await page.getByRole('heading', { name: 'New recipe' }).waitFor();
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/recipes') posts.push(r.url());
    });

    await page.getByLabel('Time (minutes)').fill('-5');
    await page.getByLabel('Source URL').fill('not a web address');
    await page.getByLabel('Tags').fill(Array.from({ length: 21 }, (_, i) => `tag ${i}`).join(', '));
    await page.getByRole('button', { name: 'Create recipe' }).click();
    await page.locator('#f-title-error').waitFor();
    const expected: Record<string, string> = {
      title: 'Give the recipe a title (up to 200 characters).',
      ingredients: 'List the ingredients, one per line (up to 10,000 characters in all).',
      time_minutes: 'Enter the time in whole minutes, from 0 to 10,080 (a week).',
      tags: 'Use at most 20 tags, separated by commas, each up to 40 characters.',
      source_url: 'Enter a full web address starting with http:// or https://, or leave it empty.',
    };
    for (const [field, message] of Object.entries(expected)) {
      const control = page.locator(`#f-${field}`);
      assert.equal(await control.getAttribute('aria-invalid'), 'true', field);
      assert.ok(
        (await control.getAttribute('aria-describedby'))!.split(' ').includes(`f-${field}-error`),
        `${field}: the message is tied to the field`,
      );
      assert.equal(await page.locator(`#f-${field}-error`).innerText(), message);
    }
    assert.equal(await page.locator('#f-servings').getAttribute('aria-invalid'), null, 'a field without a problem is not marked');
    assert.equal(await page.locator('.banner-error').innerText(), '5 entries need fixing: see the marked fields.');
    assert.equal(await focusSettlesOn(page, 'f-title'), 'f-title', 'the focus is on the first marked field');
    assert.deepEqual(posts, [], 'nothing was sent');
    await checkPage(page, 'form-problems');

    // What only the API can find is said in the same plain words (here: its answer is made up).
    await page.route(
      (u) => u.pathname === '/recipes',
      (route) =>
        route.request().method() === 'POST'
          ? route.fulfill({
              status: 400,
              contentType: 'application/json',
              body: JSON.stringify({
                error: 'Invalid request: body.ingredients must match pattern "\\S"',
                code: 'VALIDATION_FAILED',
                details: [{ path: 'body.ingredients', message: 'must match pattern "\\S"' }],
              }),
            })
          : route.continue(),
    );
    await page.getByLabel('Title').fill('Soup');
    await page.getByLabel('Ingredients').fill('water\nsalt');
    await page.getByLabel('Time (minutes)').fill('10');
    await page.getByLabel('Source URL').fill('');
    await page.getByLabel('Tags').fill('quick');
    await page.getByRole('button', { name: 'Create recipe' }).click();
    await page.locator('#f-ingredients-error').waitFor();
    assert.equal(await page.locator('#f-ingredients-error').innerText(), expected.ingredients);
    assert.equal(await page.locator('#f-title').getAttribute('aria-invalid'), null);
    assert.equal(await focusSettlesOn(page, 'f-ingredients'), 'f-ingredients');
    assert.doesNotMatch(await page.locator('main').innerText(), TECHNICAL);
    assert.equal(posts.length, 1);

    // A refusal without a field (a made-up 413): one sentence, no code, no byte count.
    await page.unroute((u) => u.pathname === '/recipes');
    await page.route(
      (u) => u.pathname === '/recipes',
      (route) =>
        route.fulfill({
          status: 413,
          contentType: 'application/json',
          body: JSON.stringify({ error: 'Request body is too large (1048577 bytes)', code: 'PAYLOAD_TOO_LARGE' }),
        }),
    );
    await page.getByRole('button', { name: 'Create recipe' }).click();
    await page.getByText('That is more than the catalog can take at once. Make it shorter and try again.').waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /PAYLOAD|bytes|1048577|413/);
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  'leaving a form with unsaved changes asks first (links, back, closing the tab); a saved or untouched form does not',
  { skip },
  async () => {
    const user = await newUser();
    const { id } = await suite.createRecipe(await tokenOf(user), { title: 'Lentil soup', ingredients: 'lentils\nonion', time_minutes: 30 });
    const { context, page, errors } = await suite.h.open('desktop');
    const dialogs: { type: string; message: string }[] = [];
    const taken = () => dialogs.splice(0);
    let answer: 'accept' | 'dismiss' = 'dismiss';
    page.on('dialog', (d: Dialog) => {
      dialogs.push({ type: d.type(), message: d.message() });
      void (answer === 'accept' ? d.accept() : d.dismiss());
    });
    await signInUi(page, user, `/recipe/${id}/edit`);
    const title = page.getByLabel('Title');
    for (let i = 0; i < 200 && (await title.inputValue()) !== 'Lentil soup'; i++) await page.waitForTimeout(50);

    // Untouched: no question.
    await page.getByRole('link', { name: '← Back to the recipe' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lentil soup' }).waitFor();
    assert.equal(dialogs.length, 0, 'no question');

    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit “Lentil soup”' }).waitFor();
    await title.fill('Red lentil soup');
    // A link in the app: asked, and staying keeps the text.
    await page.getByRole('link', { name: 'Recipes', exact: true }).click();
    assert.deepEqual(taken(), [{ type: 'confirm', message: 'You have changes that are not saved. Leave this page and lose them?' }]);
    assert.equal(new URL(page.url()).pathname, `/recipe/${id}/edit`);
    assert.equal(await title.inputValue(), 'Red lentil soup');
    // Back: asked, and staying puts the address back.
    await page.goBack().catch(() => undefined);
    await page.waitForFunction(() => location.pathname.endsWith('/edit'));
    assert.equal(taken()[0]?.type, 'confirm');
    assert.equal(await title.inputValue(), 'Red lentil soup');
    // Closing the tab or reloading: the browser's own question.
    const closing = page.waitForEvent('dialog');
    await page.close({ runBeforeUnload: true });
    await closing;
    assert.equal(taken()[0]?.type, 'beforeunload');
    assert.equal(page.isClosed(), false, 'the user chose to stay');
    assert.equal(await title.inputValue(), 'Red lentil soup');
    // Leaving after saying yes.
    answer = 'accept';
    await page.getByRole('link', { name: 'Recipes', exact: true }).click();
    await page.getByRole('heading', { name: 'Recipes' }).waitFor();
    assert.equal(taken().length, 1);

    // Saving is not leaving.
    answer = 'dismiss';
    await page.goto(`/recipe/${id}/edit`);
    for (let i = 0; i < 200 && (await title.inputValue()) !== 'Lentil soup'; i++) await page.waitForTimeout(50);
    await title.fill('Red lentil soup');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Red lentil soup' }).waitFor();
    assert.equal(dialogs.length, 0, 'no question');
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  '/recipe/abc and a missing recipe say the recipe does not exist; another cook’s edit page says it is not yours',
  { skip },
  async () => {
    const me = await newUser();
    const other = await newUser();
    const { id: theirs } = await suite.createRecipe(await tokenOf(other), {
      title: 'Their stew',
      ingredients: 'beef\ncarrots',
      time_minutes: 120,
    });
    const { context, page, errors } = await suite.h.open('phone');
    await signInUi(page, me);
    const asked: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/recipes/')) asked.push(new URL(r.url()).pathname);
    });

    for (const path of ['/recipe/abc', '/recipe/abc/edit', '/recipe/0', '/recipe/1e3']) {
      await page.goto(path);
      await page.getByRole('heading', { name: 'Recipe not found' }).waitFor();
      assert.match(await page.locator('main').innerText(), /There is no recipe at this address/, path);
    }
    assert.deepEqual(asked, [], 'an address that cannot name a recipe is not sent to the API');
    await checkPage(page, 'recipe-not-found');
    await page.goto('/recipe/2147483000');
    await page.getByRole('heading', { name: 'Recipe not found' }).waitFor();

    await page.goto(`/recipe/${theirs}/edit`);
    await page.getByRole('heading', { name: 'This recipe is not yours' }).waitFor();
    assert.match(await page.locator('main').innerText(), /“Their stew” belongs to another cook/);
    assert.equal(await page.getByLabel('Title').count(), 0, 'no form');
    await checkPage(page, 'edit-not-yours');
    await page.getByRole('link', { name: 'Open the recipe' }).click();
    await page.getByRole('heading', { level: 1, name: 'Their stew' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Edit' }).count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  },
);
