// The household's week in the browser: a recipe picked into a slot of the week, the week onto a
// shopping list, an item checked on one page and seen checked on another, live.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signInUi, skipWithoutChromium, webSuite } from '../helpers/web.js';

const skip = skipWithoutChromium;
const suite = webSuite();

test('plan a week, build the list, check on one page and see it on another', { skip }, async () => {
  const user = await suite.newUser();
  const token = await suite.tokenOf(user);
  const soup = await suite.createRecipe(token, {
    title: 'Carrot soup',
    ingredients: '2 carrots\n500 ml stock',
    time_minutes: 30,
    servings: 2,
  });
  const a = await suite.h.open('desktop');
  const b = await suite.h.open('phone');
  try {
    await signInUi(a.page, user, '/week');
    await a.page.waitForURL(/\/week/);
    const monday = a.page.locator('.day').first();
    await monday.getByLabel('Recipe').selectOption(String(soup.id));
    await monday.getByRole('button', { name: 'Add' }).click();
    await monday.getByRole('link', { name: 'Carrot soup' }).waitFor();

    await a.page.getByRole('button', { name: 'Add the week to a list' }).click();
    await a.page.waitForURL(/\/shopping\/\d+$/);
    const listPath = new URL(a.page.url()).pathname;
    await a.page.getByText('2 carrots').waitFor();
    await a.page.getByRole('region', { name: 'Produce' }).waitFor();

    await signInUi(b.page, user, listPath);
    await b.page.waitForURL(new RegExp(`${listPath}$`));
    const onB = b.page.getByRole('checkbox', { name: '2 carrots' });
    await onB.waitFor();
    assert.equal(await onB.isChecked(), false);
    // Let B's live stream open before the change.
    // (A's page has one stream too: both are open when the hub counts two.)
    for (let i = 0; i < 100 && suite.h.app.listEvents.count() < 2; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(suite.h.app.listEvents.count(), 2, 'both pages follow the list live');

    await a.page.getByRole('checkbox', { name: '2 carrots' }).check();
    await b.page.waitForFunction(() => (document.querySelector('.item.checked span')?.textContent ?? '') === '2 carrots');
    assert.equal(await onB.isChecked(), true, 'seen checked on the other page, live');
    assert.deepEqual([...a.errors, ...b.errors], []);
    assert.deepEqual([...a.external, ...b.external], []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
