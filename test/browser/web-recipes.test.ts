// The web app in Debian's Chromium: create, view, scale, edit (If-Match, 412) and delete a recipe; 429/503 states.
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
  'create (errors next to their field), view as groups and steps, edit with If-Match and a clear 412, delete after confirming',
  { skip },
  async () => {
    const user = await newUser();
    const { context, page, errors } = await suite.h.open('desktop');
    await signInUi(page, user);
    await page.getByRole('link', { name: 'New recipe' }).first().click();
    await page.getByRole('heading', { name: 'New recipe' }).waitFor();
    await checkPage(page, 'new-recipe');

    await page.getByLabel('Ingredients').fill('For the rice:\n300 g arborio rice\n1 pinch saffron\nTo finish:\n50 g parmesan');
    await page.getByLabel('Time (minutes)').fill('35');
    await page.getByRole('button', { name: 'Create recipe' }).click();
    await page.locator('#f-title-error').waitFor();
    assert.equal(await page.getByLabel('Title').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Title').fill('Saffron risotto');
    await page.getByLabel('Source URL').fill('not a web address');
    await page.getByRole('button', { name: 'Create recipe' }).click();
    await page.locator('#f-source_url-error').waitFor();
    await page.getByLabel('Source URL').fill('');
    await page.getByLabel('Servings', { exact: true }).fill('4');
    await page.getByLabel('Method').fill('1. Toast the rice.\n2. Add the stock slowly.\n3. Stir in the parmesan.');
    await page.getByLabel('Tags').fill('Italian, Comfort');
    await page.getByRole('button', { name: 'Create recipe' }).click();

    await page.getByRole('heading', { level: 1, name: 'Saffron risotto' }).waitFor();
    const id = Number(/\/recipe\/(\d+)$/.exec(page.url())?.[1]);
    assert.ok(id > 0);
    assert.deepEqual(await page.locator('.ingredients h3').allInnerTexts(), ['For the rice', 'To finish']);
    assert.deepEqual(await page.locator('.ingredients li').allInnerTexts(), ['300 g arborio rice', '1 pinch saffron', '50 g parmesan']);
    assert.deepEqual(await page.locator('.steps ol li').allInnerTexts(), [
      'Toast the rice.',
      'Add the stock slowly.',
      'Stir in the parmesan.',
    ]);
    assert.deepEqual(await page.locator('.recipe .tags .tag').allInnerTexts(), ['italian', 'comfort']);
    await checkPage(page, 'recipe');

    // Someone changes the recipe while it is open in the editor.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit “Saffron risotto”' }).waitFor();
    await checkPage(page, 'edit-recipe');
    const token = await tokenOf(user);
    const other = await suite.h.app.inject({
      method: 'PUT',
      url: `/recipes/${id}`,
      headers: { authorization: `Bearer ${token}` },
      payload: { title: 'Saffron risotto alla milanese' },
    });
    assert.equal(other.statusCode, 200);
    await page.getByLabel('Time (minutes)').fill('40');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Someone else changed this recipe while you were editing it.').waitFor();
    await checkPage(page, 'edit-conflict');
    assert.equal(
      (await suite.h.app.inject({ method: 'GET', url: `/recipes/${id}`, headers: { authorization: `Bearer ${token}` } })).json()
        .time_minutes,
      35,
      'nothing was overwritten',
    );
    await page.getByRole('button', { name: 'Load the latest version' }).click();
    // The form is refilled when the latest version arrives from the API: wait for it (up to 10 s).
    const titleField = page.getByLabel('Title');
    for (let i = 0; i < 200 && (await titleField.inputValue()) !== 'Saffron risotto alla milanese'; i++) await page.waitForTimeout(50);
    assert.equal(await titleField.inputValue(), 'Saffron risotto alla milanese');
    await page.getByLabel('Time (minutes)').fill('40');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Saffron risotto alla milanese' }).waitFor();
    assert.match(await text(page, '.recipe .meta'), /40 min/);

    // Delete asks first; Escape and Cancel keep the recipe.
    await page.getByRole('button', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: /Delete “Saffron risotto alla milanese”\?/ });
    await dialog.waitFor();
    await checkPage(page, 'delete-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete…' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Delete…' }).click();
    await dialog.getByRole('button', { name: 'Delete recipe' }).click();
    await page.getByText('“Saffron risotto alla milanese” was deleted.').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    assert.equal(
      (await suite.h.app.inject({ method: 'GET', url: `/recipes/${id}`, headers: { authorization: `Bearer ${token}` } })).statusCode,
      404,
    );

    await page.goto(`/recipe/${id}`);
    await page.getByRole('heading', { name: 'Recipe not found' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test(
  'edit form: a grouped recipe keeps its groups when only the servings change, and when a line is edited; an unknown time is optional and shown as such',
  { skip },
  async () => {
    const user = await newUser();
    const token = await tokenOf(user);
    const auth = { authorization: `Bearer ${token}` };
    const { id } = await apiCreate(token, {
      title: 'Apple tart',
      time_minutes: 50,
      servings: 6,
      ingredient_groups: [
        { name: null, ingredients: ['pinch of salt'] },
        { name: 'For the pastry', ingredients: ['250 g flour', '125 g butter'] },
        { name: 'For the filling', ingredients: ['4 apples', '50 g sugar'] },
      ],
    });
    const stored = async () => (await suite.h.app.inject({ method: 'GET', url: `/recipes/${id}`, headers: auth })).json();
    const before = await stored();
    const { context, page, errors } = await suite.h.open('desktop');
    await signInUi(page, user, `/recipe/${id}/edit`);
    await page.getByRole('heading', { name: 'Edit “Apple tart”' }).waitFor();
    // The form shows the groups as heading lines.
    assert.equal(
      await page.getByLabel('Ingredients').inputValue(),
      'pinch of salt\nFor the pastry:\n250 g flour\n125 g butter\nFor the filling:\n4 apples\n50 g sugar',
    );
    await page.getByLabel('Servings', { exact: true }).fill('8');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Apple tart', exact: true }).waitFor();
    assert.deepEqual(await page.locator('.ingredients h3').allInnerTexts(), ['For the pastry', 'For the filling']);
    const afterServings = await stored();
    assert.equal(afterServings.servings, 8);
    assert.equal(afterServings.ingredients, before.ingredients);
    assert.deepEqual(afterServings.ingredient_lines, before.ingredient_lines, 'lines and groups exactly as they were');

    // Editing one line and clearing the time: the groups stay, the time becomes unknown.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: 'Edit “Apple tart”' }).waitFor();
    const field = page.getByLabel('Ingredients');
    await field.fill((await field.inputValue()).replace('4 apples', '5 apples'));
    await page.getByLabel('Time (minutes)').fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Apple tart', exact: true }).waitFor();
    assert.deepEqual(await page.locator('.ingredients h3').allInnerTexts(), ['For the pastry', 'For the filling']);
    assert.match(await text(page, '.recipe .meta'), /time not given/);
    const edited = await stored();
    assert.equal(edited.time_minutes, null);
    assert.deepEqual(
      edited.ingredient_lines.map((l: { input: string; group: string | null }) => [l.input, l.group]),
      [
        ['pinch of salt', null],
        ['250 g flour', 'For the pastry'],
        ['125 g butter', 'For the pastry'],
        ['5 apples', 'For the filling'],
        ['50 g sugar', 'For the filling'],
      ],
    );
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test('recipe page: servings and units change the request to the API, and the page shows its answer', { skip }, async () => {
  const user = await newUser();
  const token = await tokenOf(user);
  const { id } = await apiCreate(token, {
    title: 'Pancakes',
    ingredients: '200 g flour\n2 cups milk\n2 eggs',
    time_minutes: 20,
    servings: 4,
    instructions: 'Whisk everything.\nFry in butter.',
  });
  const { context, page, errors } = await suite.h.open('phone');
  await signInUi(page, user, `/recipe/${id}`);
  await page.getByRole('heading', { level: 1, name: 'Pancakes' }).waitFor();
  assert.equal(await page.getByLabel('Servings', { exact: true }).inputValue(), '4');

  const scaled = page.waitForRequest((r) => r.url().includes(`/recipes/${id}?`) && new URL(r.url()).searchParams.get('servings') === '5');
  await page.getByRole('button', { name: 'More servings' }).click();
  await scaled;
  assert.equal(new URL(page.url()).searchParams.get('servings'), '5');
  const converted = page.waitForRequest((r) => new URL(r.url()).searchParams.get('units') === 'metric');
  await page.getByLabel('Units').selectOption('metric');
  await converted;
  assert.equal(new URL(page.url()).searchParams.get('units'), 'metric');
  await checkPage(page, 'recipe-scaled');
  // Reload keeps the choice (it lives in the URL).
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Pancakes' }).waitFor();
  assert.equal(await page.getByLabel('Servings', { exact: true }).inputValue(), '5');
  assert.equal(await page.getByLabel('Units').inputValue(), 'metric');
  assert.deepEqual(errors, []);
  await context.close();
});

test(
  'recipe page: the scaled and converted quantities are shown (GET /recipes/{id}?servings=&units=)',
  { skip: skip || undefined },
  async (t) => {
    if (!suite.has.scaling) return t.skip('this branch has no GET /recipes/{id}?servings=; runs on a branch that has it');
    const user = await newUser();
    const token = await tokenOf(user);
    const { id } = await apiCreate(token, { title: 'Rice', ingredients: '300 g arborio rice\n1 cup milk', time_minutes: 20, servings: 4 });
    const { context, page } = await suite.h.open('desktop');
    await signInUi(page, user, `/recipe/${id}?servings=8`);
    await page
      .getByText(/600\s*g/)
      .first()
      .waitFor();
    await page.getByLabel('Units').selectOption('us');
    await page
      .locator('.ingredients li', { hasText: /oz|cup/ })
      .first()
      .waitFor();
    await context.close();
  },
);

test('429 and 503 from the API are explained, with a retry that works once the API is back', { skip }, async () => {
  const user = await newUser();
  const { context, page } = await suite.h.open('phone');
  await signInUi(page, user);
  await page.locator('.results[aria-busy="false"]').waitFor();
  const listing = (u: URL) => u.pathname === '/recipes';
  await page.route(listing, (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      headers: { 'retry-after': '1' },
      body: JSON.stringify({ error: 'Service temporarily unavailable: the database is not reachable', code: 'SERVICE_UNAVAILABLE' }),
    }),
  );
  await page.goto('/?q=nothing-like-this');
  await page.getByText('The catalog is briefly unavailable').waitFor();
  await checkPage(page, 'error-503');
  await page.unroute(listing);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { name: 'No recipe matches these filters' }).waitFor();

  await page.route(listing, (route) =>
    route.fulfill({
      status: 429,
      contentType: 'application/json',
      headers: { 'retry-after': '7' },
      body: JSON.stringify({ error: 'Too many requests, try again later', code: 'TOO_MANY_REQUESTS' }),
    }),
  );
  await page.goto('/?q=stew');
  await page.getByText('Too many requests. Please wait 7 seconds and try again.').waitFor();
  await context.close();
});
