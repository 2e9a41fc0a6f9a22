/**
 * The app's extraction pool end to end: pages that break extraction answer 422 (not 500) on
 * /scrape/* and POST /recipes/import, and closing the app terminates its worker threads.
 * Pages come from the loopback fixture server only.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { createPooledExtractor } from '../../src/modules/scrape/extractor.js';
import { createScrapeFetcher } from '../../src/modules/scrape/scrape.service.js';
import type { WorkerPoolOptions } from '../../src/lib/worker-pool.js';
import { buildTestApp, registerAndLogin, testConfig } from '../helpers/build.js';
import { startFixtureServer } from '../helpers/fixture-server.js';

const srv = await startFixtureServer();
after(() => srv.close());
const env = { SCRAPE_ALLOW_HOSTS: srv.hostPort, SCRAPE_TIMEOUT_MS: '5000' };

const page = (body: string) => `<!doctype html><html><head><title>Broken page</title></head><body>${body}</body></html>`;
srv.routes.set('/breaks-extraction', (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(page('<p>EXTRACT:THROW</p>'));
});
srv.routes.set('/kills-worker', (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(page('<p>EXTRACT:CRASH</p>'));
});

type ExitInfo = Parameters<NonNullable<WorkerPoolOptions['onWorkerExit']>>[0];

async function setup(t: TestContext, entry?: URL) {
  const exits: ExitInfo[] = [];
  const config = testConfig(env);
  const extractor = createPooledExtractor({ entry, onWorkerExit: (i) => exits.push(i) });
  const scrapeFetcher = createScrapeFetcher(config.scrape, { extractor });
  const { app } = await buildTestApp(t, { env, build: { scrapeFetcher } });
  const user = await registerAndLogin(app);
  return { app, user, exits };
}

test('a page that makes extraction throw or kill its worker is 422 on every route, never 500', async (t) => {
  const { app, user } = await setup(t, new URL('../helpers/misbehaving-extract.worker.ts', import.meta.url));
  for (const path of ['/breaks-extraction', '/kills-worker']) {
    for (const route of ['/scrape/title', '/scrape/content', '/scrape/recipe']) {
      const res = await app.inject({ method: 'GET', url: `${route}?url=${encodeURIComponent(srv.url(path))}`, headers: user.auth });
      assert.equal(res.statusCode, 422, `${route} ${path}: ${res.body}`);
      assert.equal(res.json().code, 'UNPROCESSABLE');
    }
    const imported = await app.inject({ method: 'POST', url: '/recipes/import', headers: user.auth, payload: { url: srv.url(path) } });
    assert.equal(imported.statusCode, 422, imported.body);
  }
  // The pool recovered: a good page still imports.
  const ok = await app.inject({
    method: 'POST',
    url: '/recipes/import',
    headers: user.auth,
    payload: { url: srv.url('/pages/microdata-partial.html') },
  });
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(ok.json().owner_id, user.id);
  assert.ok(ok.json().ingredients.split('\n').length > 3);
});

test('closing the app terminates the extraction workers it started', async (t) => {
  const { app, user, exits } = await setup(t);
  const res = await app.inject({
    method: 'GET',
    url: `/scrape/title?url=${encodeURIComponent(srv.url('/page.html'))}`,
    headers: user.auth,
  });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().title, 'Simple page');
  assert.equal(exits.length, 0, 'the worker stays up between requests');
  await app.close();
  assert.deepEqual(
    exits.map((e) => e.reason),
    ['closed'],
  );
});
