/**
 * A shopping list of 300 items on a phone profile: Debian's Chromium (playwright-core), a 390 px
 * wide touch viewport, the CPU slowed 4× (CDP `Emulation.setCPUThrottlingRate`), the app served by
 * the API on 127.0.0.1 (SQLite in memory, the built web app).
 *
 * 1. Opening the list: from the navigation's start until the 300 rows are in the page, and the
 *    long tasks (over 50 ms, the browser's own measure) of that time; RUNS loads.
 * 2. Checking items: for each of TOGGLES items, from the click until the next task (the handler,
 *    the render, and whatever the browser ran first), and until the frame after the row moved to
 *    the checked ones; the long tasks of those clicks; and the main thread's own accounting per
 *    click (CDP Performance metrics: script, style, layout, and every task, which includes the
 *    answers to the checks, the live events they bring back, paint, and the waits between clicks).
 *    Wall times move with the machine's load; the per-click accounting much less.
 *
 *   node --import tsx bench/list-render.ts            # RUNS=5 TOGGLES=20 by default
 * A benchmark, not a test: it prints figures and asserts nothing. Needs /usr/bin/chromium.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDatabase } from '../src/db/database.js';
import { chromiumAvailable, launchChromium } from '../test/helpers/browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 5);
const TOGGLES = Number(process.env.TOGGLES ?? 20);
const ITEMS = 300;
const THROTTLE = 4;
// Foods of every aisle: "3 zbc onions" is its own food (a name the table does not know), shelved by the food it ends with.
const FOODS = ['onions', 'milk', 'salmon', 'bread', 'rice', 'cumin', 'peas', 'orange juice', 'apples', 'cheddar', 'chicken', 'flour'];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function main() {
  if (!chromiumAvailable()) throw new Error('Chromium is not installed at /usr/bin/chromium');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-web.mjs'), '--if-stale'], { stdio: 'inherit' });
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: 'sqlite::memory:',
    JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
    LOG_LEVEL: 'silent',
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_TIME_COST: '1',
  };
  const database = createDatabase({ url: 'sqlite::memory:' });
  const app = await buildApp(loadConfig(env), { database, logger: false });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  try {
    const user = { username: 'bench_shopper', password: 'bench-password-1' };
    await app.inject({ method: 'POST', url: '/register', payload: user });
    const token = (await app.inject({ method: 'POST', url: '/login', payload: user })).json().access_token;
    const auth = { authorization: `Bearer ${token}` };
    const list = (await app.inject({ method: 'POST', url: '/lists', headers: auth, payload: { name: 'Big shop' } })).json();
    for (let i = 0; i < ITEMS; i++) {
      const mark = `z${String.fromCharCode(97 + Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`;
      const text = `${1 + (i % 5)} ${mark} ${FOODS[i % FOODS.length]}`;
      const res = await app.inject({ method: 'POST', url: `/lists/${list.id}/items`, headers: auth, payload: { text } });
      if (res.statusCode !== 201) throw new Error(`${text}: ${res.statusCode} ${res.body}`);
    }

    const context = await browser.newContext({
      baseURL: base,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    // tsx names the functions of this file with a helper the page does not have.
    await page.addInitScript('window.__name = (f) => f;');
    // Long tasks and the moment the 300th row appears, from the navigation's start.
    await page.addInitScript((count: number) => {
      const w = window as unknown as { __long: { start: number; duration: number }[]; __rows: number | null };
      w.__long = [];
      w.__rows = null;
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      new MutationObserver((_, observer) => {
        if (document.querySelectorAll('.shopping-list .item').length >= count) {
          w.__rows = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, ITEMS);
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    const listPath = `/shopping/${list.id}`;
    await page.goto(listPath);
    await page.waitForFunction(() => (window as unknown as { __rows: number | null }).__rows !== null);

    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });

    const loads: { rows: number; long: number; longest: number; longCount: number }[] = [];
    for (let r = 0; r < RUNS; r++) {
      await page.reload();
      await page.waitForFunction(() => (window as unknown as { __rows: number | null }).__rows !== null, undefined, { timeout: 60_000 });
      // Long tasks are reported a little after they end.
      await page.waitForTimeout(300);
      const got = await page.evaluate(() => {
        const w = window as unknown as { __long: { start: number; duration: number }[]; __rows: number };
        const during = w.__long.filter((t) => t.start <= w.__rows);
        return {
          rows: w.__rows,
          long: during.reduce((a, t) => a + t.duration, 0),
          longest: Math.max(0, ...during.map((t) => t.duration)),
          longCount: during.length,
        };
      });
      loads.push(got);
    }

    // The main thread's own accounting (CDP Performance metrics, seconds), before and after the clicks.
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value])) as Record<string, number>;
    const before = await metrics();
    const toggles = await page.evaluate(async (n: number) => {
      const w = window as unknown as { __long: { start: number; duration: number }[] };
      const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const times: number[] = [];
      const scripts: number[] = [];
      const from = performance.now();
      for (let i = 0; i < n; i++) {
        const box = document.querySelector<HTMLInputElement>('.shopping-list .aisle:not(.done) .item input');
        if (!box) break;
        const name = box.parentElement!.textContent;
        const t0 = performance.now();
        box.click();
        // The click's handler and the render it asks for (Preact renders in a microtask), and what the browser ran before the next task.
        await new Promise((r) => setTimeout(r, 0));
        scripts.push(performance.now() - t0);
        // Until the row shows among the checked ones, and the frame after.
        while (![...document.querySelectorAll('.shopping-list .item.checked')].some((li) => li.textContent === name)) await frame();
        await frame();
        times.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 300));
      const long = w.__long.filter((t) => t.start >= from);
      return { times, scripts, long: long.map((t) => t.duration) };
    }, TOGGLES);

    const after = await metrics();
    const perClick = (name: string) => ms(((after[name]! - before[name]!) * 1000) / Math.max(1, toggles.times.length));
    const rows = loads.map((l) => l.rows);
    console.log(
      `${ITEMS} items, 390 px phone, CPU ${THROTTLE}× slower: opening the list (${RUNS} loads): rows in the page after p50 ${ms(pct(rows, 50))}, worst ${ms(Math.max(...rows))}; ` +
        `long tasks until then: ${loads.map((l) => `${l.longCount} (longest ${ms(l.longest)}, total ${ms(l.long)})`).join(', ')}`,
    );
    console.log(
      `checking an item (${toggles.times.length} clicks): to the next task p50 ${ms(pct(toggles.scripts, 50))}, worst ${ms(Math.max(...toggles.scripts))}; to the next frame p50 ${ms(pct(toggles.times, 50))}, worst ${ms(Math.max(...toggles.times))}; ` +
        `long tasks: ${toggles.long.length}${toggles.long.length ? ` (longest ${ms(Math.max(...toggles.long))})` : ''}; ` +
        `per click, the main thread's script ${perClick('ScriptDuration')}, style ${perClick('RecalcStyleDuration')}, layout ${perClick('LayoutDuration')}, all tasks ${perClick('TaskDuration')}`,
    );
    await context.close();
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
}

await main();
