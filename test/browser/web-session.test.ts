// The web app in Debian's Chromium: accounts and the browser session, keyboard use, serving and CSP.
// Every page gets axe-core at phone and desktop width (no serious or critical violation) and screenshots in test-artifacts/web/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { checkPage, skipWithoutChromium, webSuite } from '../helpers/web.js';

const skip = skipWithoutChromium;
const suite = webSuite();
const { newUser } = suite;

const text = (page: Page, selector: string) => page.locator(selector).innerText();

test(
  'register, sign out, sign in: the refresh token only in an HttpOnly cookie, nothing in storage, the session restored on reload',
  { skip },
  async () => {
    const { context, page, errors, external } = await suite.h.open('phone');
    await page.goto('/');
    await page.getByRole('heading', { name: 'Your recipes, in one place' }).waitFor();
    await checkPage(page, 'welcome');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();

    const username = `newcook_${process.pid}`;
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create an account' }).click();
    // The API's validation error, next to the field it concerns.
    await page.locator('#f-password-error').waitFor();
    assert.match(await text(page, '#f-password-error'), /8/);
    assert.equal(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true');
    await checkPage(page, 'sign-up-error');

    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'No recipes yet' }).waitFor();
    assert.equal(await page.locator('header .user').textContent(), `Signed in as ${username}`);

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'gourmet_refresh');
    assert.ok(session, 'the session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(session.path, '/');
    assert.deepEqual(
      cookies.map((c) => c.name),
      ['gourmet_refresh'],
      'no other cookie',
    );
    const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
    assert.deepEqual(
      storage,
      { local: 0, session: 0, cookie: '' },
      'nothing in localStorage/sessionStorage, and the cookie is invisible to scripts',
    );

    await page.reload();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.getByRole('heading', { name: 'No recipes yet' }).waitFor();

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(
      (await context.cookies()).find((c) => c.name === 'gourmet_refresh'),
      undefined,
      'the cookie is cleared',
    );
    await page.reload();
    await page.getByRole('link', { name: 'Sign up' }).waitFor();
    await checkPage(page, 'sign-in');

    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong username or password.').waitFor();
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'No recipes yet' }).waitFor();
    assert.deepEqual(errors, []);
    assert.deepEqual(external, [], 'nothing is loaded from another origin');
    await context.close();
  },
);

test('keyboard only: skip link, sign in, open a page from the navigation', { skip }, async () => {
  const user = await newUser();
  const { context, page } = await suite.h.open('phone');
  await page.goto('/sign-in');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent?.trim() || '');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'Skip to content');
  const box = await page.getByRole('link', { name: 'Skip to content' }).boundingBox();
  assert.ok(box && box.y >= 0, 'the skip link shows when focused');
  for (let i = 0; i < 8 && (await focused()) !== 'f-username'; i += 1) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'f-username');
  await page.keyboard.type(user.username);
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'f-password');
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  // After signing in the focus is on the catalog's heading; the next stops are its actions.
  assert.equal(await focused(), 'Recipes');
  for (let i = 0; i < 5 && (await focused()) !== 'New recipe'; i += 1) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'New recipe');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'New recipe' }).waitFor();
  assert.equal(await focused(), 'New recipe', 'the new page’s heading takes the focus');
  await context.close();
});

test(
  'pages: unknown app paths show a not-found page, API paths keep answering JSON, the app runs under a strict CSP',
  { skip },
  async () => {
    const { context, page, errors } = await suite.h.open('desktop');
    const res = await page.goto('/recipe/abc/nothing');
    assert.equal(res?.status(), 404, 'not an app page: the API 404');
    const app = await page.goto('/sign-up');
    const csp = String(app?.headers()['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(app?.headers()['cache-control'], 'no-cache');
    const script = await page.locator('script[src^="/assets/"]').getAttribute('src');
    const asset = await page.request.get(script!, { headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(asset.headers()['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(asset.headers()['content-encoding'], 'br');
    const json = await page.request.get('/', { headers: { accept: 'application/json' } });
    assert.equal((await json.json()).name, 'Gourmet Recipe Catalog API');
    await page.goto('/sign-up');
    assert.deepEqual(errors, []);
    await context.close();
  },
);

test('sign-in with a hostile ?next= lands on the catalog of this origin, not on "Please wait…"', { skip }, async () => {
  const user = await newUser();
  const { context, page, errors } = await suite.h.open('desktop');
  for (const next of [
    '%2F%5Cevil.example',
    '%2F%2Fevil.example',
    '%2F%09%2Fevil.example',
    'javascript%3Aalert(1)',
    '%2F%255Cevil.example',
  ]) {
    await page.goto(`/sign-in?next=${next}`);
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'No recipes yet' }).waitFor();
    assert.equal(new URL(page.url()).origin, suite.h.base, next);
    assert.equal(new URL(page.url()).pathname, '/', next);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  }
  // A path of the app still works as the destination.
  await page.goto(`/sign-in?next=${encodeURIComponent('/new')}`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'New recipe' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('without Web Locks (plain http on a LAN name), four tabs refreshing at once all stay signed in', { skip }, async (t) => {
  const user = await newUser();
  // A slow link: each refresh answers 250 ms after the server spent the cookie, so refreshes that
  // are not serialised overlap and present the same cookie twice (reuse detection ends the session).
  const { port } = new URL(suite.h.base);
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(port) }, { responseDelayMs: 250 });
  t.after(() => proxy.close());
  const base = `http://127.0.0.1:${proxy.port}`;
  const { context, page, errors } = await suite.h.open('desktop');
  await context.addInitScript(() => {
    delete (Navigator.prototype as { locks?: unknown }).locks;
  });
  await page.goto(`${base}/sign-in`);
  assert.equal(await page.evaluate(() => 'locks' in navigator), false, 'no Web Locks in these tabs');
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'No recipes yet' }).waitFor();
  const tabs = [page, ...(await Promise.all([1, 2, 3].map(() => context.newPage())))];
  for (const tab of tabs.slice(1)) {
    tab.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await tab.goto(`${base}/`);
    await tab.getByRole('heading', { name: 'No recipes yet' }).waitFor();
  }
  for (let round = 0; round < 2; round++) {
    const refreshes: Promise<unknown>[] = [];
    for (const tab of tabs) refreshes.push(tab.waitForResponse((r) => r.url().endsWith('/session/refresh')));
    await Promise.all(tabs.map((tab) => tab.reload()));
    const answers = (await Promise.all(refreshes)) as { status(): number }[];
    assert.deepEqual(
      answers.map((a) => a.status()),
      [200, 200, 200, 200],
      `round ${round}: every tab's refresh succeeded`,
    );
    for (const tab of tabs) await tab.getByRole('heading', { name: 'No recipes yet' }).waitFor();
    for (const tab of tabs) assert.equal(await tab.locator('header .user').textContent(), `Signed in as ${user.username}`);
  }
  // A tab that died holding the lock (its lease still running, never released) delays the others
  // until the lease runs out, and no longer.
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('gourmet', 1);
        open.onsuccess = () => {
          const tx = open.result.transaction('locks', 'readwrite');
          tx.objectStore('locks').put({ owner: 'a-crashed-tab', expires: Date.now() + 3000 }, 'gourmet-session-refresh');
          tx.oncomplete = () => resolve(null);
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  const started = Date.now();
  const refreshed = tabs[1]!.waitForResponse((r) => r.url().endsWith('/session/refresh'), { timeout: 20_000 });
  await tabs[1]!.reload();
  assert.equal((await refreshed).status(), 200);
  await tabs[1]!.getByRole('heading', { name: 'No recipes yet' }).waitFor();
  assert.ok(Date.now() - started >= 2500, 'the refresh waited for the dead tab’s lease');
  assert.deepEqual(errors, []);
  await context.close();
});
