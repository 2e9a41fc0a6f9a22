/**
 * What one page may cost the shared extraction workers, end to end over the loopback fixture
 * server: a page nested too deep, with too many elements or with a too-long JSON-LD block is
 * refused with its own code before it is parsed; a page that runs past the per-page time budget
 * is 422 EXTRACTION_BUDGET_EXCEEDED, its worker is replaced, and the next small page succeeds;
 * the refusal is logged without the URL's credentials; and the routes hand the caller's user id
 * to the extractor, whose fair queue is keyed by it.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { TestContext } from 'node:test';
import type { Extractor, ExtractOptions } from '../../src/modules/scrape/extractor.js';
import { inlineExtractor } from '../../src/modules/scrape/extractor.js';
import { createScrapeFetcher } from '../../src/modules/scrape/scrape.service.js';
import { buildTestApp, registerAndLogin, testConfig } from '../helpers/build.js';
import { startFixtureServer } from '../helpers/fixture-server.js';

const srv = await startFixtureServer();
after(() => srv.close());

const htmlPage = (body: string, head = '') => `<!doctype html><html><head><title>Limits</title>${head}</head><body>${body}</body></html>`;
const serve = (path: string, body: string) =>
  srv.routes.set(path, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });

// The page of the report: 200,000 nested <div> (2.2 MB, under the 5 MB size limit).
serve('/deep', htmlPage(`${'<div>'.repeat(200_000)}Stew${'</div>'.repeat(200_000)}`));
serve('/many', htmlPage(`<h1>Many</h1>${'<p>x</p>'.repeat(3000)}`));
const recipeLd = (extra: string) =>
  JSON.stringify({ '@type': 'Recipe', name: 'Long stew', recipeIngredient: ['1 onion'], description: extra });
serve('/big-json-ld', htmlPage('<h1>Big</h1>', `<script type="application/ld+json">${recipeLd('x'.repeat(300_000))}</script>`));
serve('/hang', htmlPage('<p>EXTRACT:HANG</p>'));
serve('/small', htmlPage('<h1>Small soup</h1><p>Quick.</p>', `<script type="application/ld+json">${recipeLd('short')}</script>`));

function logCapture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

async function setup(t: TestContext, env: Record<string, string> = {}, entry?: URL) {
  const fullEnv = { SCRAPE_ALLOW_HOSTS: srv.hostPort, ...env };
  const log = logCapture();
  const scrapeFetcher = createScrapeFetcher(testConfig(fullEnv).scrape, { extractorEntry: entry });
  const { app } = await buildTestApp(t, { env: fullEnv, build: { scrapeFetcher, logger: { level: 'warn', stream: log.stream } } });
  const user = await registerAndLogin(app);
  const get = (route: string, url: string) =>
    app.inject({ method: 'GET', url: `${route}?url=${encodeURIComponent(url)}`, headers: user.auth });
  const importing = (url: string) => app.inject({ method: 'POST', url: '/recipes/import', headers: user.auth, payload: { url } });
  return { app, user, get, importing, log };
}

const ROUTES = ['/scrape/title', '/scrape/content', '/scrape/recipe'];

test('a page nested 200,000 deep is refused with 422 PAGE_TOO_DEEPLY_NESTED on every route (default bounds)', async (t) => {
  const { get, importing } = await setup(t);
  for (const route of ROUTES) {
    const res = await get(route, srv.url('/deep'));
    assert.equal(res.statusCode, 422, `${route}: ${res.body}`);
    assert.equal(res.json().code, 'PAGE_TOO_DEEPLY_NESTED');
    assert.match(res.json().error, /512 deep/);
  }
  const imported = await importing(srv.url('/deep'));
  assert.equal(imported.statusCode, 422, imported.body);
  assert.equal(imported.json().code, 'PAGE_TOO_DEEPLY_NESTED');
  // The workers are fine: a small page goes through at once.
  const ok = await get('/scrape/recipe', srv.url('/small'));
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().title, 'Long stew');
});

test('too many elements is 413 PAGE_TOO_MANY_ELEMENTS; a too-long JSON-LD block is 413 JSON_LD_TOO_LARGE', async (t) => {
  const { get, importing } = await setup(t, { SCRAPE_MAX_ELEMENTS: '2000' });
  for (const route of ROUTES) {
    const many = await get(route, srv.url('/many'));
    assert.equal(many.statusCode, 413, `${route}: ${many.body}`);
    assert.equal(many.json().code, 'PAGE_TOO_MANY_ELEMENTS');
    const big = await get(route, srv.url('/big-json-ld'));
    assert.equal(big.statusCode, 413, `${route}: ${big.body}`);
    assert.equal(big.json().code, 'JSON_LD_TOO_LARGE');
  }
  assert.equal((await importing(srv.url('/big-json-ld'))).json().code, 'JSON_LD_TOO_LARGE');
  assert.equal((await get('/scrape/title', srv.url('/small'))).statusCode, 200);
});

test('a page over the time budget is 422 EXTRACTION_BUDGET_EXCEEDED, logged without credentials; the next small page succeeds', async (t) => {
  const { get, importing, log } = await setup(
    t,
    { SCRAPE_EXTRACT_BUDGET_MS: '300' },
    new URL('../helpers/misbehaving-extract.worker.ts', import.meta.url),
  );
  const secretUrl = `http://cook:pa55word@${srv.hostPort}/hang?session=abc987`;
  const res = await get('/scrape/recipe', secretUrl);
  assert.equal(res.statusCode, 422, res.body);
  assert.equal(res.json().code, 'EXTRACTION_BUDGET_EXCEEDED');
  assert.match(res.json().error, /300 ms/);
  const next = await get('/scrape/recipe', srv.url('/small'));
  assert.equal(next.statusCode, 200, next.body);
  assert.equal(next.json().title, 'Long stew');
  assert.equal((await importing(srv.url('/hang'))).json().code, 'EXTRACTION_BUDGET_EXCEEDED');
  assert.equal((await importing(srv.url('/small'))).statusCode, 201);
  const refusals = log.lines().filter((l) => l.msg === 'scraped page refused');
  assert.equal(refusals.length, 2);
  assert.equal(refusals[0]!.url, `http://[redacted]@${srv.hostPort}/hang?[redacted]`);
  assert.equal(refusals[0]!.code, 'EXTRACTION_BUDGET_EXCEEDED');
  const all = JSON.stringify(log.lines());
  assert.ok(!all.includes('pa55word') && !all.includes('abc987'), 'no credential reached the logs');
});

test("the routes pass the caller's user id to the extractor (the fair queue's key)", async (t) => {
  const keys: Array<string | undefined> = [];
  const recording: Extractor = {
    title: (html, o?: ExtractOptions) => {
      keys.push(o?.key);
      return inlineExtractor.title(html);
    },
    content: (html, o?: ExtractOptions) => {
      keys.push(o?.key);
      return inlineExtractor.content(html);
    },
    recipe: (html, url, o?: ExtractOptions) => {
      keys.push(o?.key);
      return inlineExtractor.recipe(html, url);
    },
    recipeFromText: (text, o?: ExtractOptions) => {
      keys.push(o?.key);
      return inlineExtractor.recipeFromText(text);
    },
    close: async () => {},
  };
  const env = { SCRAPE_ALLOW_HOSTS: srv.hostPort };
  const scrapeFetcher = createScrapeFetcher(testConfig(env).scrape, { extractor: recording });
  const { app } = await buildTestApp(t, { env, build: { scrapeFetcher } });
  const [ana, bob] = [await registerAndLogin(app), await registerAndLogin(app)];
  for (const user of [ana, bob]) {
    for (const route of ROUTES) {
      const res = await app.inject({ method: 'GET', url: `${route}?url=${encodeURIComponent(srv.url('/small'))}`, headers: user.auth });
      assert.equal(res.statusCode, 200, res.body);
    }
  }
  const imported = await app.inject({ method: 'POST', url: '/recipes/import', headers: bob.auth, payload: { url: srv.url('/small') } });
  assert.equal(imported.statusCode, 201, imported.body);
  const [a, b] = [String(ana.id), String(bob.id)];
  assert.deepEqual(keys, [a, a, a, b, b, b, b]);
});
