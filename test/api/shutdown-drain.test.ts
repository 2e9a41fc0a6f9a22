// close() lets a handler that has started finish before the database closes, even when its
// client has already gone: an import whose page arrives after the client hung up is still saved
// whole, instead of meeting a closed database halfway.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { buildApp } from '../../src/app.js';
import type { SafeFetcher } from '../../src/modules/scrape/safe-fetch.js';
import { CHEAP_HASHING_ENV, registerAndLogin, testConfig, testDatabaseUrl } from '../helpers/build.js';

const skip = testDatabaseUrl
  ? 'runs in the SQLite pass: the app must own its database file here (the drain itself does not depend on the database)'
  : false;

const PAGE = `<html><head><script type="application/ld+json">${JSON.stringify({
  '@context': 'https://schema.org',
  '@type': 'Recipe',
  name: 'Late saffron buns',
  recipeIngredient: ['flour', 'saffron'],
  totalTime: 'PT40M',
})}</script></head><body></body></html>`;

test('a handler whose client hung up finishes before the database closes', { skip }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drain-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'db.sqlite');

  let fetchStarted!: () => void;
  const started = new Promise<void>((r) => {
    fetchStarted = r;
  });
  let releasePage!: () => void;
  const page = new Promise<void>((r) => {
    releasePage = r;
  });
  const fetcher: SafeFetcher = {
    async fetchHtml(url) {
      fetchStarted();
      await page;
      return { url, html: PAGE, charset: 'utf-8' };
    },
    async close() {},
  };
  const app = await buildApp(testConfig({ DATABASE_URL: `sqlite:${file}`, ...CHEAP_HASHING_ENV }), {
    logger: false,
    scrapeFetcher: fetcher,
  });
  const user = await registerAndLogin(app);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });

  // The client sends the import and hangs up while the page is still "downloading".
  const req = http.request(`${base}/recipes/import`, { method: 'POST', headers: { ...user.auth, 'content-type': 'application/json' } });
  req.on('error', () => {});
  req.end(JSON.stringify({ url: 'https://recipes.example/buns' }));
  await started;
  req.destroy();

  const closing = app.close();
  let closed = false;
  void closing.then(() => {
    closed = true;
  });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(closed, false, 'close() waits for the running handler');
  releasePage();
  await closing;

  const db = new SQLite(file, { readonly: true });
  t.after(() => db.close());
  const saved = db.prepare('SELECT title, ingredients FROM recipes').all();
  assert.deepEqual(saved, [{ title: 'Late saffron buns', ingredients: 'flour\nsaffron' }]);
});
