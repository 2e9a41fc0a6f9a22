/**
 * `npm run lighthouse`: Lighthouse (12.2.3) in Debian's Chromium against a local server with seeded
 * data (40 recipes, each with its own picture, made here with sharp and uploaded through the API),
 * on the catalog and on a recipe page, signed in as a cook. Prints performance, accessibility and
 * best-practices scores (the goal: each ≥ 95), FCP, LCP, TBT and CLS, and the JavaScript shipped.
 * Exits 1 when a score is below 95. Everything stays on 127.0.0.1; the database is a temporary
 * SQLite file, removed afterwards.
 *
 *   npm run lighthouse                     # mobile (Lighthouse's default: Moto G power, slow 4G, simulated)
 *   npm run lighthouse -- --desktop        # desktop preset
 *   npm run lighthouse -- --json out.json  # also write the scores as JSON
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import sharp from 'sharp';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const desktop = process.argv.includes('--desktop');
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : undefined;
const GOAL = 95;

execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-web.mjs'), '--if-stale'], { stdio: 'inherit' });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gourmet-lighthouse-'));
const config = loadConfig({
  NODE_ENV: 'production',
  DATABASE_URL: `sqlite:${path.join(dir, 'recipes.db')}`,
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'lighthouse-run-secret-0123456789-abcdefghijklmnop',
  RATE_LIMIT_REGISTER_PER_IP: '100',
});
const app = await buildApp(config);
const base = await app.listen({ host: '127.0.0.1', port: 0 });

/**
 * A picture like a phone's photo of a dish (1600 x 1200 JPEG): a plate and a few round shapes on
 * a gradient, softened, so it compresses as a photo does rather than as a flat colour or noise.
 */
async function dishPhoto(i: number): Promise<Buffer> {
  const hue = (i * 47) % 360;
  const blobs = Array.from({ length: 7 }, (_, k) => {
    const x = 300 + ((i * 131 + k * 197) % 1000);
    const y = 250 + ((i * 89 + k * 151) % 700);
    return `<circle cx="${x}" cy="${y}" r="${40 + ((i + k * 13) % 90)}" fill="hsl(${(hue + k * 35) % 360},65%,${35 + ((k * 9) % 30)}%)"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},35%,80%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},30%,45%)"/></linearGradient></defs>
    <rect width="1600" height="1200" fill="url(#g)"/><ellipse cx="800" cy="620" rx="560" ry="440" fill="#f6f1ea"/><ellipse cx="800" cy="620" rx="430" ry="330" fill="#e9dfd2"/>${blobs}</svg>`;
  return sharp(Buffer.from(svg)).blur(1.2).jpeg({ quality: 85 }).toBuffer();
}

// Seed: one cook, 40 recipes with tags, groups, steps and a picture each.
const user = { username: 'lighthouse_cook', password: 'correct horse battery' };
await app.inject({ method: 'POST', url: '/register', payload: user });
const token = (await app.inject({ method: 'POST', url: '/login', payload: user })).json().access_token as string;
const dishes = [
  'Saffron risotto',
  'Lentil soup',
  'Lemon tart',
  'Mushroom ragout',
  'Tomato salad',
  'Pancakes',
  'Chickpea curry',
  'Focaccia',
];
let recipeId = 0;
for (let i = 0; i < 40; i += 1) {
  const res = await app.inject({
    method: 'POST',
    url: '/recipes',
    headers: { authorization: `Bearer ${token}` },
    payload: {
      title: `${dishes[i % dishes.length]} ${Math.floor(i / dishes.length) + 1}`,
      time_minutes: 10 + (i % 9) * 10,
      servings: 2 + (i % 4),
      ingredients:
        'For the base:\n300 g arborio rice\n1 onion, finely chopped\n1 l vegetable stock\nTo finish:\n50 g parmesan\n1 pinch saffron',
      instructions:
        'Soften the onion in butter.\nToast the rice for two minutes.\nAdd the stock a ladle at a time, stirring.\nFinish with parmesan and saffron.',
      tags: i % 2 ? ['vegetarian', 'dinner'] : ['quick'],
    },
  });
  if (res.statusCode !== 201) throw new Error(`seeding failed: ${res.statusCode} ${res.body}`);
  const id = res.json().id as number;
  recipeId ||= id;
  const put = await app.inject({
    method: 'PUT',
    url: `/recipes/${id}/image`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
    payload: await dishPhoto(i),
  });
  if (put.statusCode !== 200) throw new Error(`picture upload failed: ${put.statusCode} ${put.body}`);
}

const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ],
});
let failed = false;
const results: Record<string, Record<string, number>> = {};
try {
  // Sign in once through the app, so the browser holds the session cookie as a cook's browser would.
  const cdp = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
  const page = await cdp.contexts()[0]!.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await page.close();

  const pages = { catalog: `${base}/`, recipe: `${base}/recipe/${recipeId}` };
  console.log(`\nLighthouse 12.2.3, ${desktop ? 'desktop' : 'mobile (simulated slow 4G, 4x CPU slowdown)'}, ${CHROMIUM}\n`);
  console.log('page      performance  accessibility  best-practices  JS transferred  JS requests  images transferred');
  for (const [name, url] of Object.entries(pages)) {
    const run = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      // The default reset empties the HTTP cache (a cold load) but keeps cookies: the pages are for signed-in cooks.
      ...(desktop
        ? {
            formFactor: 'desktop',
            screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
            throttling: {
              rttMs: 40,
              throughputKbps: 10240,
              cpuSlowdownMultiplier: 1,
              requestLatencyMs: 0,
              downloadThroughputKbps: 0,
              uploadThroughputKbps: 0,
            },
          }
        : {}),
    });
    if (!run) throw new Error(`Lighthouse gave no result for ${url}`);
    const { lhr } = run;
    const score = (c: string) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
    const requests =
      (lhr.audits['network-requests']?.details as { items?: { resourceType?: string; transferSize?: number; url: string }[] } | undefined)
        ?.items ?? [];
    const scripts = requests.filter((r) => r.resourceType === 'Script');
    const jsBytes = scripts.reduce((n, r) => n + (r.transferSize ?? 0), 0);
    const images = requests.filter((r) => r.resourceType === 'Image');
    const imageBytes = images.reduce((n, r) => n + (r.transferSize ?? 0), 0);
    results[name] = {
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      jsTransferBytes: jsBytes,
      imageTransferBytes: imageBytes,
      imageRequests: images.length,
      lcpMs: Math.round(lhr.audits['largest-contentful-paint']?.numericValue ?? 0),
      cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? 0,
    };
    const title = lhr.finalDisplayedUrl;
    if (!/\/(recipe\/\d+)?$/.test(new URL(title).pathname)) throw new Error(`${name} ended at ${title}: not signed in?`);
    console.log(
      `${name.padEnd(10)}${String(score('performance')).padEnd(13)}${String(score('accessibility')).padEnd(15)}${String(score('best-practices')).padEnd(16)}${(jsBytes / 1024).toFixed(1).padStart(7)} KiB     ${String(scripts.length).padEnd(13)}${(imageBytes / 1024).toFixed(1)} KiB (${images.length})`,
    );
    for (const c of ['performance', 'accessibility', 'best-practices']) {
      if (score(c) < GOAL) {
        failed = true;
        const misses = Object.values(lhr.audits).filter(
          (a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual',
        );
        console.log(
          `  ${c} below ${GOAL}; audits that lost points: ${misses.map((a) => `${a.id} (${a.displayValue ?? a.score})`).join(', ')}`,
        );
      }
    }
    if (process.env.LIGHTHOUSE_DEBUG) {
      // Each layout shift with the boxes it moved (what CLS counts, and why).
      const arts = run.artifacts as unknown as { Trace?: { traceEvents: { name: string; ts: number; args?: { data?: unknown } }[] } };
      for (const e of arts.Trace?.traceEvents ?? [])
        if (e.name === 'LayoutShift') console.log('LayoutShift', e.ts, JSON.stringify(e.args?.data).slice(0, 800));

      for (const id of ['mainthread-work-breakdown', 'bootup-time', 'long-tasks'])
        console.log(id, JSON.stringify((lhr.audits[id]?.details as { items?: unknown[] } | undefined)?.items?.slice(0, 6)));
    }
    const m = (id: string) => lhr.audits[id]?.displayValue ?? '';
    console.log(
      `  FCP ${m('first-contentful-paint')}, LCP ${m('largest-contentful-paint')}, TBT ${m('total-blocking-time')}, CLS ${m('cumulative-layout-shift')}`,
    );
    // What the largest paint was (a picture, or text), and the picture audits' verdicts.
    const lcpItems = (
      lhr.audits['largest-contentful-paint-element']?.details as { items?: { items?: { node?: { snippet?: string } }[] }[] } | undefined
    )?.items;
    const lcpNode = lcpItems?.[0]?.items?.[0]?.node?.snippet;
    if (lcpNode) console.log(`  LCP element: ${lcpNode.slice(0, 160)}`);
    for (const id of ['uses-responsive-images', 'offscreen-images', 'prioritize-lcp-image', 'lcp-lazy-loaded', 'unsized-images']) {
      const a = lhr.audits[id];
      if (a && a.score !== null && a.score < 1) console.log(`  ${id}: ${a.displayValue ?? a.score}`);
    }
  }
  await cdp.close();
} finally {
  await chrome.kill();
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const assets = path.join(ROOT, 'web/dist/assets');
const js = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
const raw = js.reduce((n, f) => n + fs.statSync(path.join(assets, f)).size, 0);
const br = js.reduce((n, f) => n + (fs.existsSync(path.join(assets, `${f}.br`)) ? fs.statSync(path.join(assets, `${f}.br`)).size : 0), 0);
console.log(
  `\nJavaScript shipped: ${js.length} file(s), ${(raw / 1024).toFixed(1)} KiB minified, ${(br / 1024).toFixed(1)} KiB brotli (what a browser downloads)`,
);
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ results, jsMinifiedBytes: raw, jsBrotliBytes: br }, null, 2));
process.exit(failed ? 1 : 0);
