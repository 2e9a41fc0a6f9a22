// The web app in Debian's Chromium: the household page (invite link, joining by it, leaving) and
// the visibility choice on the edit page (default preselected, "Only me" keeps a recipe from the
// household). Pages get axe-core at desktop width (checkPage) and screenshots in test-artifacts/web/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPage, signInUi, skipWithoutChromium, webSuite } from '../helpers/web.js';

const skip = skipWithoutChromium;
const suite = webSuite();

test('a cook invites another through the household page, who joins by the link and leaves again', { skip }, async () => {
  const ana = await suite.newUser();
  const bob = await suite.newUser();
  const a = await suite.h.open('desktop');
  await signInUi(a.page, ana);
  await a.page.getByRole('link', { name: 'Household' }).click();
  await a.page.getByRole('heading', { name: 'Your household' }).waitFor();
  await a.page.getByRole('button', { name: 'Invite someone' }).click();
  const link = await a.page.getByLabel('Invite link (works once, for 7 days)').inputValue();
  assert.match(link, /\/my-household\?join=[A-Za-z0-9_-]{16,}$/);
  await checkPage(a.page, 'household');

  const b = await suite.h.open('phone');
  await signInUi(b.page, bob, new URL(link).pathname + new URL(link).search);
  await b.page.getByRole('heading', { name: 'Your household' }).waitFor();
  await b.page.getByRole('button', { name: 'Join', exact: true }).click();
  await b.page.getByText('You joined the household.').waitFor();
  // The first account of the installation is the admin, and is marked as one.
  const names = await b.page.getByRole('list', { name: 'Members' }).locator('li > span').allInnerTexts();
  assert.deepEqual(names.map((n) => n.replace(' (admin)', '')).sort(), [ana.username, bob.username].sort());
  await checkPage(b.page, 'household-joined');

  b.page.once('dialog', (d) => void d.accept());
  await b.page.getByRole('button', { name: 'Leave' }).click();
  await b.page.getByText('You left the household.').waitFor();
  assert.deepEqual(await b.page.getByRole('list', { name: 'Members' }).locator('li > span').allInnerTexts(), [bob.username]);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});

test('the visibility choice: the default preselected, "Only me" hides the recipe from the household', { skip }, async () => {
  const ana = await suite.newUser();
  const bob = await suite.newUser();
  const anaToken = await suite.tokenOf(ana);
  const code = (
    await suite.h.app.inject({ method: 'POST', url: '/household/invitations', headers: { authorization: `Bearer ${anaToken}` } })
  ).json().code;
  const bobToken = await suite.tokenOf(bob);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  await suite.h.app.inject({ method: 'POST', url: '/household/join', headers: auth(bobToken), payload: { code } });

  const { context, page, errors } = await suite.h.open('desktop');
  await signInUi(page, ana, '/new');
  await page.getByRole('heading', { name: 'New recipe' }).waitFor();
  assert.equal(await page.getByRole('radio', { name: 'Everyone' }).isChecked(), true, 'the default (public) is preselected');
  await page.getByLabel('Title').fill('Secret sauce');
  await page.getByLabel('Ingredients').fill('1 tomato\nsalt');
  await page.getByRole('radio', { name: 'Only me' }).check();
  await page.getByRole('button', { name: 'Create recipe' }).click();
  await page.getByRole('heading', { level: 1, name: 'Secret sauce' }).waitFor();
  const id = Number(/\/recipe\/(\d+)$/.exec(page.url())?.[1]);
  const asBob = () => suite.h.app.inject({ method: 'GET', url: `/recipes/${id}`, headers: auth(bobToken) });
  assert.equal((await asBob()).statusCode, 404, 'private: not even the household sees it');

  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByRole('radio', { name: 'Only me' }).waitFor();
  assert.equal(await page.getByRole('radio', { name: 'Only me' }).isChecked(), true);
  await checkPage(page, 'edit-visibility');
  await page.getByRole('radio', { name: 'My household' }).check();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('heading', { level: 1, name: 'Secret sauce' }).waitFor();
  assert.equal((await asBob()).statusCode, 200, 'household: the household sees it');
  assert.deepEqual(errors, []);
  await context.close();
});
