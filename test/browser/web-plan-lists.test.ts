// The household's week in the browser: a recipe picked into a slot of the week, the week onto a
// shopping list, an item checked on one page and seen checked on another, live; the list reopened
// offline, an item checked there and sent when the page is back online.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPage, signInUi, skipWithoutChromium, webSuite } from '../helpers/web.js';

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

    // Offline: the list opened once with the service worker in charge reopens without a network.
    await a.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await a.page.reload();
    await a.page.getByRole('checkbox', { name: '2 carrots' }).waitFor();
    await a.context.setOffline(true);
    await a.page.reload();
    // Without a network the refresh fails: the session is offline, not signed out. (The worker
    // answers /me and the list: the server would refuse both without a token.)
    await a.page.getByText('Offline: you are seeing what this device kept').waitFor();
    assert.equal(new URL(a.page.url()).pathname, listPath, 'not sent to sign in');
    assert.equal(await a.page.getByRole('checkbox', { name: '2 carrots' }).isChecked(), true, 'the list as it was');
    await checkPage(a.page, 'shopping-list-offline');
    // A check made offline is kept; meanwhile someone else adds to the list.
    await a.page.getByRole('checkbox', { name: '500 ml stock' }).check();
    // The check is queued once its send has failed for want of a network, a moment after the click.
    await a.page
      .waitForFunction(() => (JSON.parse(localStorage.getItem('gourmet.list-checks') ?? '[]') as unknown[]).length > 0)
      .catch(() => undefined);
    const pending = await a.page.evaluate(() => localStorage.getItem('gourmet.list-checks'));
    assert.equal(JSON.parse(pending ?? '[]').length, 1, 'queued on the device');
    const listId = Number(listPath.split('/').pop());
    const added = await suite.h.app.inject({
      method: 'POST',
      url: `/lists/${listId}/items`,
      headers: { authorization: `Bearer ${token}` },
      payload: { text: '1 loaf bread' },
    });
    assert.equal(added.statusCode, 201, added.body);
    await b.page.getByRole('checkbox', { name: '1 loaf bread' }).waitFor();
    assert.equal(await b.page.getByRole('checkbox', { name: '500 ml stock' }).isChecked(), false, 'not sent while offline');

    // Back online: the check is sent, and both pages show both changes.
    await a.context.setOffline(false);
    await b.page.waitForFunction(() => [...document.querySelectorAll('.item.checked span')].some((s) => s.textContent === '500 ml stock'));
    await a.page.getByRole('checkbox', { name: '1 loaf bread' }).waitFor();
    assert.equal(await a.page.getByRole('checkbox', { name: '500 ml stock' }).isChecked(), true);
    await a.page.getByText('Offline: you are seeing what this device kept').waitFor({ state: 'detached' });
    const stored = (await suite.h.app.inject({ url: `/lists/${listId}`, headers: { authorization: `Bearer ${token}` } })).json();
    assert.deepEqual(stored.items.map((i: { text: string; checked: boolean }) => `${i.text}: ${i.checked}`).sort(), [
      '1 loaf bread: false',
      '2 carrots: true',
      '500 ml stock: true',
    ]);
    assert.equal(await a.page.evaluate(() => localStorage.getItem('gourmet.list-checks')), '[]', 'nothing left to send');
    assert.deepEqual([...a.errors, ...b.errors], []);
    assert.deepEqual([...a.external, ...b.external], []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
