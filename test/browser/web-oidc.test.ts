// Single sign-on in Debian's Chromium: the "Sign in with …" button on the sign-in page, through a
// real provider on 127.0.0.1 and back, into the same browser session as a password sign-in. The
// app is opened at http://localhost:<port> and the provider answers at http://127.0.0.1:<port>, two
// different sites, so the cookies' SameSite rules are those of a real deployment: the flow cookie
// (Lax) must come back on the provider's redirect, and the session cookie (Strict) must work after it.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test, type TestContext } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { buildTestApp } from '../helpers/build.js';
import { startTestProvider } from '../helpers/oidc-provider.js';
import { WIDTHS, checkPage, ensureWebBuilt, skipWithoutChromium } from '../helpers/web.js';

const skip = skipWithoutChromium;

/** A port free right now, for an app whose redirect URI the provider must know before the app listens. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** One browser for the file, closed after its last test. */
let browser: Browser | undefined;
after(async () => {
  await browser?.close();
});

/** A provider, and an app using it listening on 127.0.0.1 and opened as http://localhost:<port>. */
async function start(t: TestContext, env: Record<string, string> = {}) {
  ensureWebBuilt();
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const provider = await startTestProvider({ redirectUri: `${base}/auth/oidc/callback` });
  t.after(() => provider.close());
  const { app } = await buildTestApp(t, { env: { ...provider.env, RATE_LIMIT_LOGIN_PER_IP: '1000', ...env } });
  await app.listen({ host: '127.0.0.1', port });
  browser ??= await launchChromium();
  return { app, base, provider, browser };
}

test(
  '"Sign in with …" goes through the provider and back into a browser session; the next page is kept; reload keeps the session',
  { skip },
  async (t) => {
    const { base, provider, browser: b } = await start(t);
    const context = await b.newContext({ viewport: WIDTHS.desktop });
    t.after(() => context.close());
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const errors: string[] = [];
    const elsewhere: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(base) && !u.startsWith(provider.issuer) && !u.startsWith('data:')) elsewhere.push(u);
    });

    await page.goto(`${base}/sign-in?next=%2Fnew`);
    const button = page.getByRole('link', { name: 'Sign in with Test ID' });
    await button.waitFor();
    assert.ok(await page.getByLabel('Password').isVisible(), 'the password form is there too');
    await checkPage(page, 'sign-in-sso');

    await button.click();
    await page.waitForURL(`${base}/new`);
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    assert.equal(await page.locator('header .user').textContent(), 'Signed in as ana');
    const cookies = await context.cookies(base);
    const session = cookies.find((c) => c.name === 'gourmet_refresh');
    assert.ok(session, 'the session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.equal(
      cookies.find((c) => c.name === 'gourmet_oidc'),
      undefined,
      'the flow cookie is spent',
    );
    assert.deepEqual(await page.evaluate(() => ({ local: localStorage.length, cookie: document.cookie })), { local: 0, cookie: '' });

    await page.reload();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    assert.equal(await page.locator('header .user').textContent(), 'Signed in as ana');
    assert.deepEqual(errors, []);
    assert.deepEqual(elsewhere, [], 'nothing but the app and the provider was loaded');
  },
);

test("OIDC_ONLY: only the provider's button, no password form and no sign-up link, in English and Portuguese", { skip }, async (t) => {
  const { base, browser: b } = await start(t, { OIDC_ONLY: 'true' });
  for (const [locale, button, note] of [
    ['en-US', 'Sign in with Test ID', 'Accounts here are made when you first sign in with Test ID.'],
    ['pt-BR', 'Entrar com Test ID', 'As contas daqui são criadas na primeira vez que você entra com Test ID.'],
  ] as const) {
    const context = await b.newContext({ viewport: WIDTHS.phone, locale });
    t.after(() => context.close());
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByRole('link', { name: button }).waitFor();
    assert.ok(await page.getByText(note).isVisible(), note);
    assert.equal(await page.locator('input[type=password]').count(), 0, 'no password field');
    assert.equal(await page.locator('header a[href="/sign-up"]').count(), 0, 'no sign-up link in the header');
    await checkPage(page, `sign-in-sso-only-${locale}`);
    // The welcome page asks GET /auth/methods; the answer must be in and rendered before looking.
    await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/methods'), page.goto(`${base}/`)]);
    await page.locator('.welcome').waitFor();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    assert.equal(await page.locator('.welcome a[href="/sign-up"]').count(), 0, 'no "create an account" on the welcome page');
  }
});
