// Serving the web app from the API's own process: pages for browsers only, API paths untouched,
// assets pre-compressed and cached for a year, a strict CSP on the pages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { APP_PAGES, APP_CSP, DEFAULT_WEB_DIST, HANDOFF_NONCE } from '../../src/modules/web/web.routes.js';
import { NONCE } from '../../web/src/handoff.js';
import { PAGES } from '../../web/src/routes.js';
import { buildTestApp } from '../helpers/build.js';
import { ensureWebBuilt } from '../helpers/web.js';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

test('the server knows exactly the pages the app routes', () => {
  assert.deepEqual([...APP_PAGES].sort(), Object.values(PAGES).sort());
});

test('a browser gets the app on every page; an API client gets JSON (the index at /, 404 elsewhere)', async (t) => {
  ensureWebBuilt();
  const { app } = await buildTestApp(t);
  for (const page of APP_PAGES) {
    const url = page.replace(':id', '42');
    const res = await app.inject({ method: 'GET', url, headers: HTML });
    assert.equal(res.statusCode, 200, url);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    assert.match(res.body, /<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.equal(res.headers['content-security-policy'], APP_CSP);
    assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin', url);
    const api = await app.inject({ method: 'GET', url, headers: { accept: 'application/json' } });
    if (page === '/') {
      assert.equal(api.statusCode, 200);
      assert.equal(api.json().links.docs.href, '/apidocs');
      assert.match(String(api.headers.vary), /Accept/);
    } else {
      assert.equal(api.statusCode, 404, url);
      assert.equal(api.json().code, 'NOT_FOUND');
    }
  }
  assert.doesNotMatch(APP_CSP, /unsafe-inline|unsafe-eval|https?:/, 'no inline code, no other origin');
  // Pictures: our own, data: URIs and the form's local preview of a chosen file (blob:), nothing else.
  assert.equal(/(?:^|; )img-src ([^;]*)/.exec(APP_CSP)?.[1], "'self' data: blob:");
  for (const directive of APP_CSP.split('; ')) {
    if (!directive.startsWith('img-src ')) assert.doesNotMatch(directive, /blob:/, `blob: only for pictures, not in ${directive}`);
  }
  // API paths are never the app, even for a browser.
  const recipes = await app.inject({ method: 'GET', url: '/recipes', headers: HTML });
  assert.equal(recipes.statusCode, 401);
  const docs = await app.inject({ method: 'GET', url: '/openapi.json', headers: HTML });
  assert.equal(docs.statusCode, 200);
  assert.ok(docs.json().paths['/recipes']);
  const unknown = await app.inject({ method: 'GET', url: '/recipe/1/nothing', headers: HTML });
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().code, 'NOT_FOUND');
});

test('COOP: only the bookmarklet hand-off address (/import?via=bookmarklet&nonce=…) opts out of same-origin', async (t) => {
  ensureWebBuilt();
  const { app } = await buildTestApp(t);
  assert.equal(HANDOFF_NONCE.source, NONCE.source, 'the server and the app agree on the nonce’s form');
  const nonce = 'a'.repeat(32);
  const coop = async (url: string) => (await app.inject({ method: 'GET', url, headers: HTML })).headers['cross-origin-opener-policy'];
  assert.equal(await coop(`/import?via=bookmarklet&nonce=${nonce}`), 'unsafe-none');
  assert.equal(await coop(`/import?nonce=${nonce}&via=bookmarklet&url=x`), 'unsafe-none');
  for (const url of [
    '/import',
    '/import?via=bookmarklet',
    '/import?via=bookmarklet&nonce=short',
    `/import?via=bookmarklet&nonce=${nonce}%3Cx`,
    `/import?via=other&nonce=${nonce}`,
    '/import?handoff=abc',
    `/bookmarklet?via=bookmarklet&nonce=${nonce}`,
    `/?via=bookmarklet&nonce=${nonce}`,
  ]) {
    assert.equal(await coop(url), 'same-origin', url);
  }
});

test('assets: served pre-compressed when accepted, immutable for a year, nothing outside web/dist', async (t) => {
  ensureWebBuilt();
  const { app } = await buildTestApp(t);
  const index = (await app.inject({ method: 'GET', url: '/', headers: HTML })).body;
  const js = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1]!;
  const css = /href="(\/assets\/[^"]+\.css)"/.exec(index)![1]!;
  const plain = await app.inject({ method: 'GET', url: js, headers: { 'accept-encoding': 'identity' } });
  assert.equal(plain.statusCode, 200);
  assert.match(plain.headers['content-type'] as string, /javascript/);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.match(String(plain.headers.vary), /Accept-Encoding/i);
  for (const [enc, expected] of [
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
  ] as const) {
    const res = await app.inject({ method: 'GET', url: js, headers: { 'accept-encoding': enc } });
    assert.equal(res.headers['content-encoding'], expected);
    assert.ok(res.rawPayload.length < plain.rawPayload.length / 2, `${expected} is much smaller`);
  }
  assert.match((await app.inject({ method: 'GET', url: css })).headers['content-type'] as string, /^text\/css/);
  const head = await app.inject({ method: 'HEAD', url: js });
  assert.equal(head.statusCode, 200);
  for (const evil of [
    '/assets/../../package.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/nope.js',
  ]) {
    const res = await app.inject({ method: 'GET', url: evil });
    assert.ok(res.statusCode === 404 || res.statusCode === 403, `${evil}: ${res.statusCode}`);
    assert.ok(res.json().error, 'the usual error shape');
    assert.doesNotMatch(res.body, /gourmet-recipe-catalog/, evil);
  }
  const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
  assert.equal(icon.statusCode, 200);
  assert.equal(icon.headers['content-type'], 'image/svg+xml');
});

test('installable: every icon of the manifest is served as a PNG of its stated size; the worker keeps every file of the build', async (t) => {
  ensureWebBuilt();
  const { app } = await buildTestApp(t);
  const manifest = await app.inject({ method: 'GET', url: '/manifest.webmanifest' });
  assert.equal(manifest.statusCode, 200);
  assert.equal(manifest.headers['content-type'], 'application/manifest+json');
  const icons = (JSON.parse(manifest.body) as { icons: { src: string; sizes: string; type: string; purpose: string }[] }).icons;
  const pngs = icons.filter((i) => i.type === 'image/png');
  assert.deepEqual(pngs.map((i) => `${i.sizes} ${i.purpose}`).sort(), ['192x192 any', '512x512 any', '512x512 maskable']);
  for (const icon of pngs) {
    const res = await app.inject({ method: 'GET', url: icon.src });
    assert.equal(res.statusCode, 200, icon.src);
    assert.equal(res.headers['content-type'], 'image/png');
    const meta = await sharp(res.rawPayload).metadata();
    assert.equal(meta.format, 'png', icon.src);
    assert.equal(`${meta.width}x${meta.height}`, icon.sizes, icon.src);
    if (icon.purpose === 'maskable') {
      // A maskable icon fills its square: the corners a round mask cuts off are not transparent.
      const { data } = await sharp(res.rawPayload).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      assert.equal(data[3], 255, 'the top left corner is opaque');
    }
  }
  const svg = icons.find((i) => i.type === 'image/svg+xml');
  assert.equal((await app.inject({ method: 'GET', url: svg!.src })).statusCode, 200);

  const sw = await app.inject({ method: 'GET', url: '/sw.js' });
  assert.equal(sw.statusCode, 200);
  assert.match(String(sw.headers['content-type']), /^text\/javascript/);
  assert.match(sw.body, /const BUILD = '[0-9a-f]{12}';/, 'the build wrote its version');
  const kept = JSON.parse(/const ASSETS = (\[.*\]);/.exec(sw.body)?.[1] ?? '[]') as string[];
  const built = fs
    .readdirSync(path.join(DEFAULT_WEB_DIST, 'assets'))
    .filter((n) => !/\.(br|gz)$/.test(n))
    .map((n) => `/assets/${n}`);
  assert.deepEqual([...kept].sort(), built.sort(), 'every script and style of the build, the pages loaded on demand too');
  for (const icon of pngs) assert.ok(sw.body.includes(`'${icon.src}'`), `the worker keeps ${icon.src}`);
});

test('without a built app the API still starts, and / stays the JSON index', async (t) => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-web-'));
  t.after(() => fs.rmSync(empty, { recursive: true, force: true }));
  const { app } = await buildTestApp(t, { build: { webDistDir: empty } });
  const root = await app.inject({ method: 'GET', url: '/', headers: HTML });
  assert.equal(root.statusCode, 200);
  assert.equal(root.json().links.docs.href, '/apidocs');
  assert.equal((await app.inject({ method: 'GET', url: '/sign-in', headers: HTML })).statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/assets/index.js' })).statusCode, 404);
});

test('the page shell speaks the visitor’s language: the switch’s cookie, else Accept-Language, else English', async (t) => {
  ensureWebBuilt();
  const { app } = await buildTestApp(t);
  const shell = async (headers: Record<string, string>) => {
    const res = await app.inject({ method: 'GET', url: '/recipe/7', headers: { ...HTML, ...headers } });
    assert.match(String(res.headers.vary), /Accept-Language/);
    assert.match(String(res.headers.vary), /Cookie/);
    return /<html lang="([^"]+)">[\s\S]*<title>([^<]*)<\/title>/.exec(res.body)?.slice(1, 3);
  };
  assert.deepEqual(await shell({}), ['en', 'Gourmet Recipe Catalog']);
  assert.deepEqual(await shell({ 'accept-language': 'pt-BR,pt;q=0.9,en;q=0.8' }), ['pt-BR', 'Gourmet: catálogo de receitas']);
  assert.deepEqual(await shell({ 'accept-language': 'de-DE, en;q=0.9, pt;q=0.5' }), ['en', 'Gourmet Recipe Catalog']);
  assert.deepEqual(await shell({ 'accept-language': 'pt-BR', cookie: 'gourmet_lang=en' }), ['en', 'Gourmet Recipe Catalog']);
  assert.deepEqual(await shell({ cookie: 'x=1; gourmet_lang=pt-BR' }), ['pt-BR', 'Gourmet: catálogo de receitas']);
  // Each shell preloads its own catalogue only.
  const pt = (await app.inject({ method: 'GET', url: '/', headers: { ...HTML, 'accept-language': 'pt' } })).body;
  assert.match(pt, /<link rel="modulepreload" crossorigin href="\/assets\/pt-BR-[\w-]+\.js">/);
  assert.doesNotMatch(pt, /assets\/en-/);
});
