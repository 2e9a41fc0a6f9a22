/**
 * The web app in real Chromium: one API server (listening on 127.0.0.1) and one browser per test
 * file, a fresh browser context (cookies, storage) per test, an axe-core check and screenshots at
 * phone and desktop width saved under test-artifacts/web/<database>/.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { after, before } from 'node:test';
import { chromiumAvailable, launchChromium } from './browser.js';
import { startFixtureServer, type FixtureServer } from './fixture-server.js';
import { buildTestApp, type TestApp } from './build.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'web', process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite');
export const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 860 } } as const;

/** Builds web/dist when a source is newer (the same step `npm start` runs first). */
export function ensureWebBuilt(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-web.mjs'), '--if-stale'], { stdio: 'inherit' });
}

export interface WebHarness extends TestApp {
  base: string;
  browser: Browser;
  /** A fresh context and page; `errors` collects console errors other than failed requests, and page errors. `options` e.g. `{ locale: 'pt-BR' }`. */
  open(
    width?: keyof typeof WIDTHS,
    options?: BrowserContextOptions,
  ): Promise<{ context: BrowserContext; page: Page; errors: string[]; external: string[] }>;
}

export async function startWebHarness(t: { after: (fn: () => unknown) => void }, env: Record<string, string> = {}): Promise<WebHarness> {
  ensureWebBuilt();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const testApp = await buildTestApp(t, { env });
  const base = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  t.after(() => browser.close());
  return {
    ...testApp,
    base,
    browser,
    async open(width = 'desktop', options = {}) {
      const context = await browser.newContext({ viewport: WIDTHS[width], baseURL: base, ...options });
      // Long enough for two browsers and their servers sharing two cores in CI; a missing element
      // still fails the test, only later.
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      const errors: string[] = [];
      const external: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        // A 401 from the refresh of a signed-out visitor, or a 4xx a test provokes, is logged by Chromium as a failed resource.
        if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
      });
      page.on('request', (r) => {
        if (!r.url().startsWith(base) && !r.url().startsWith('data:')) external.push(r.url());
      });
      return { context, page, errors, external };
    },
  };
}

/** axe-core (WCAG 2.1 A/AA rules) at both widths, no serious or critical violation; a screenshot at each width. */
export async function checkPage(page: Page, name: string): Promise<void> {
  const original = page.viewportSize();
  for (const [label, size] of Object.entries(WIDTHS)) {
    await page.setViewportSize(size);
    const results = await new AxeBuilder({ page: page as never })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      bad.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')}`,
      ),
      [],
      `axe on ${name} at ${label} width`,
    );
    // No horizontal scrolling at phone width: everything fits.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name} at ${label}: ${overflow}px wider than the viewport`);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${label}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

/** Registers a user through the API (fast); the browser then signs in through the UI or the session cookie. */
export async function registerUser(
  app: FastifyInstance,
  username: string,
  password = 'correct horse battery',
): Promise<{ id: number; username: string; password: string }> {
  const res = await app.inject({ method: 'POST', url: '/register', payload: { username, password } });
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().id, username, password };
}

export async function signInUi(page: Page, user: { username: string; password: string }, next = '/'): Promise<void> {
  await page.goto(`/sign-in${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

/** The OpenAPI document of the app under test, to see which routes this branch has. */
export async function openapi(
  app: FastifyInstance,
): Promise<{ paths: Record<string, Record<string, { parameters?: { name: string }[] }>> }> {
  return (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
}

export const skipWithoutChromium = chromiumAvailable()
  ? false
  : 'Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium); .ci/run installs it';

export interface WebSuite {
  h: WebHarness;
  fixtures: FixtureServer;
  /** Which routes being added by other branches this one has (their flows are tested when they are). */
  has: { htmlImport: boolean; scaling: boolean };
  newUser(): Promise<{ id: number; username: string; password: string }>;
  tokenOf(user: { username: string; password: string }): Promise<string>;
  createRecipe(token: string, recipe: Record<string, unknown>): Promise<{ id: number }>;
}

/**
 * One API server, fixture server and browser for the whole test file (the tests in a file run one
 * after another), torn down after it. Nothing is started when Chromium is missing.
 */
export function webSuite(setup?: (suite: WebSuite) => void): WebSuite {
  const cleanups: (() => unknown)[] = [];
  let users = 0;
  const suite = {
    has: { htmlImport: false, scaling: false },
    async newUser() {
      return registerUser(suite.h.app, `cook_${process.pid}_${++users}`);
    },
    async tokenOf(user: { username: string; password: string }) {
      return (
        await suite.h.app.inject({ method: 'POST', url: '/login', payload: { username: user.username, password: user.password } })
      ).json().access_token as string;
    },
    async createRecipe(token: string, recipe: Record<string, unknown>) {
      const res = await suite.h.app.inject({
        method: 'POST',
        url: '/recipes',
        headers: { authorization: `Bearer ${token}` },
        payload: recipe,
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as { id: number };
    },
  } as WebSuite;
  before(async () => {
    if (skipWithoutChromium) return;
    suite.fixtures = await startFixtureServer();
    cleanups.push(() => suite.fixtures.close());
    suite.h = await startWebHarness(
      { after: (fn) => cleanups.push(fn) },
      {
        SCRAPE_ALLOW_HOSTS: suite.fixtures.hostPort,
        RATE_LIMIT_REGISTER_PER_IP: '1000',
        RATE_LIMIT_LOGIN_PER_IP: '1000',
      },
    );
    const doc = await openapi(suite.h.app);
    suite.has.htmlImport = Boolean(doc.paths['/scrape/recipe']?.post);
    suite.has.scaling = Boolean(doc.paths['/recipes/{id}']?.get?.parameters?.some((p) => p.name === 'servings'));
    setup?.(suite);
  });
  after(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });
  return suite;
}
