/**
 * The extraction worker pool: same results as extracting in-thread, the event loop stays free
 * while a big page is parsed, and the pool's failure modes (throw, crash, hang, full queue,
 * start-up failure, close) each end the way the service relies on. No assertion on durations:
 * where order matters it is observed through callbacks or held with Atomics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../src/errors.js';
import { extractContent } from '../../src/modules/scrape/extract-content.js';
import { extractRecipe } from '../../src/modules/scrape/extract/index.js';
import { extractTitle } from '../../src/modules/scrape/extract-title.js';
import { createPooledExtractor, inlineExtractor, type Extractor, type ExtractorPoolOptions } from '../../src/modules/scrape/extractor.js';
import type { SafeFetcher } from '../../src/modules/scrape/safe-fetch.js';
import { scrapeContent, scrapeRecipe, scrapeTitle, type ScrapeFetcher } from '../../src/modules/scrape/scrape.service.js';
import {
  PoolBusyError,
  PoolClosedError,
  TaskFailedError,
  WorkerCrashedError,
  WorkerPool,
  type WorkerPoolOptions,
} from '../../src/lib/worker-pool.js';
import { RECIPE_FIXTURES_DIR, realPagesSkip, requireRealPages, testPage } from '../helpers/fixture-server.js';

const MISBEHAVING = new URL('../helpers/misbehaving-extract.worker.ts', import.meta.url);
const PAGE_URL = 'https://cook.example/recipes/stew';
const RECIPE_PAGE = `<html><head><title>Stew</title><script type="application/ld+json">
  {"@type":"Recipe","name":"Stew","recipeIngredient":["1 onion","2 carrots"],"totalTime":"PT1H"}</script></head>
  <body><h1>Stew</h1><p>Warming.</p></body></html>`;

type ExitInfo = Parameters<NonNullable<WorkerPoolOptions['onWorkerExit']>>[0];

function pool(t: { after(fn: () => unknown): void }, opts: Partial<WorkerPoolOptions> = {}) {
  const exits: ExitInfo[] = [];
  const p = new WorkerPool({
    entry: MISBEHAVING,
    size: 1,
    maxQueue: 8,
    taskTimeoutMs: 60_000,
    onWorkerExit: (i) => exits.push(i),
    ...opts,
  });
  t.after(() => p.close());
  return { pool: p, exits };
}

function extractor(t: { after(fn: () => unknown): void }, opts: ExtractorPoolOptions = {}): Extractor {
  const ex = createPooledExtractor(opts);
  t.after(() => ex.close());
  return ex;
}

/** Resolves once `check()` holds, polling on the event loop (not a timed assertion: it only waits). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

/** A page with no structured data, so extraction takes the slow heuristic path over all of it. */
function bigPage(sections: number, items: number): string {
  const parts = ['<!doctype html><html><head><title>Big</title></head><body><h1>Big family stew</h1>'];
  for (let s = 0; s < sections; s++) {
    parts.push(`<div class="card"><h2>Ingredients ${s}</h2><ul>`);
    for (let i = 0; i < items; i++) parts.push(`<li>${i + 1} g of ingredient number ${i} for part ${s}</li>`);
    parts.push('</ul><h2>Method</h2><ol>');
    for (let i = 0; i < items / 4; i++) parts.push(`<li>Stir the pot for a while and then add the next thing, step ${i}.</li>`);
    parts.push(`</ol><p>${'Some long article prose about the dish. '.repeat(20)}</p></div>`);
  }
  parts.push('</body></html>');
  return parts.join('');
}

async function samePoolAndInline(ex: Extractor, pages: Array<{ name: string; html: string }>): Promise<void> {
  for (const { name, html } of pages) {
    const url = `http://127.0.0.1:9/fixtures/${name}.html`;
    const expected = extractRecipe(html, url);
    assert.ok(expected && expected.ingredients.length > 0, name);
    assert.deepEqual(await ex.recipe(html, url), expected, name);
    assert.equal(await ex.title(html), extractTitle(html), name);
    assert.deepEqual(await ex.content(html), extractContent(html), name);
  }
}

test("the pool extracts exactly what in-thread extraction does (the project's own pages)", async (t) => {
  const ex = extractor(t);
  await samePoolAndInline(
    ex,
    ['json-ld-pie', 'microdata-partial', 'plain-html-soup', 'recipe-card-groups'].map((name) => ({ name, html: testPage(name) })),
  );
  assert.equal(await ex.recipe('<html><body><p>No recipe here.</p></body></html>', PAGE_URL), null);
  assert.equal(await ex.title('<html><body></body></html>'), null);
});

test('the pool extracts exactly what in-thread extraction does (real saved pages)', { skip: realPagesSkip() }, async (t) => {
  requireRealPages();
  const ex = extractor(t);
  const cases = ['kuchnia-domowa-pl', 'latelierderoxane-com', 'minimalistbaker-com', 'eatwell101-com'];
  await samePoolAndInline(
    ex,
    cases.map((name) => ({ name, html: fs.readFileSync(path.join(RECIPE_FIXTURES_DIR, `${name}.html`), 'utf8') })),
  );
});

test('a CPU-heavy extraction runs off the event loop: a setImmediate callback runs while it is in flight', async (t) => {
  const html = bigPage(20, 200);
  const inFlightWhenLoopTurned = async (ex: Extractor) => {
    let done = false;
    const result = ex.recipe(html, PAGE_URL).then((r) => {
      done = true;
      return r;
    });
    const loopTurnedFirst = await new Promise<boolean>((resolve) => setImmediate(() => resolve(!done)));
    return { loopTurnedFirst, recipe: await result };
  };
  const ex = extractor(t);
  await ex.title('<title>warm-up</title>'); // the worker is up, so the big page is all that is in flight
  const pooled = await inFlightWhenLoopTurned(ex);
  assert.equal(pooled.loopTurnedFirst, true, 'the event loop turned while the worker parsed the page');
  assert.equal(pooled.recipe?.title, 'Big family stew');
  assert.equal(pooled.recipe?.ingredients.length, 80);
  // The same probe on in-thread extraction: the loop cannot turn until parsing is over, which
  // is what this test would see if extraction ever ran on the main thread again.
  await inlineExtractor.title('<title>warm-up</title>'); // the extraction code is loaded on first use
  const inline = await inFlightWhenLoopTurned(inlineExtractor);
  assert.equal(inline.loopTurnedFirst, false);
  assert.deepEqual(inline.recipe, pooled.recipe);
});

test('close() terminates the workers and fails running and queued tasks; later runs are refused', async (t) => {
  const { pool: p, exits } = pool(t, { size: 1 });
  const threadId = await p.run<number>('threadId', []);
  const running = p.run('block', [new SharedArrayBuffer(4)]); // never released: only close() ends it
  const queued = p.run('threadId', []);
  const { workers, busy, queued: waiting } = p.stats();
  assert.deepEqual({ workers, busy, waiting }, { workers: 1, busy: 1, waiting: 1 });
  const outcomes = [assert.rejects(running, PoolClosedError), assert.rejects(queued, PoolClosedError)];
  await p.close();
  await Promise.all(outcomes);
  assert.deepEqual(exits, [{ threadId, reason: 'closed' }]);
  assert.equal(p.stats().workers, 0);
  await assert.rejects(p.run('threadId', []), PoolClosedError);
});

test('a task that throws fails alone: the same worker goes on serving', async (t) => {
  const { pool: p, exits } = pool(t);
  const before = await p.run<number>('threadId', []);
  await assert.rejects(
    p.run('recipe', ['<p>EXTRACT:THROW</p>', PAGE_URL]),
    (err: Error) => err instanceof TaskFailedError && /Maximum call stack/.test(err.message),
  );
  assert.equal(await p.run<number>('threadId', []), before);
  assert.deepEqual(exits, []);
});

test('a crashed worker is replaced by a new one', async (t) => {
  const { pool: p, exits } = pool(t);
  const before = await p.run<number>('threadId', []);
  await assert.rejects(p.run('recipe', ['<p>EXTRACT:CRASH</p>', PAGE_URL]), WorkerCrashedError);
  const after = await p.run<number>('threadId', []);
  assert.notEqual(after, before);
  assert.equal((await p.run<{ title: string }>('recipe', [RECIPE_PAGE, PAGE_URL])).title, 'Stew');
  await until(() => exits.length > 0);
  assert.deepEqual(exits, [{ threadId: before, reason: 'crashed' }]);
});

test('with idleTimeoutMs, a worker left without a task ends, and the next task starts a new one; a busy one stays', async (t) => {
  const { pool: p, exits } = pool(t, { idleTimeoutMs: 50 });
  const first = await p.run<number>('threadId', []);
  await until(() => exits.length > 0);
  assert.deepEqual(exits, [{ threadId: first, reason: 'idle' }]);
  assert.equal(p.stats().workers, 0);
  const second = await p.run<number>('threadId', []);
  assert.notEqual(second, first);
  // A task longer than the idle time keeps its worker: the idle clock starts when a task ends.
  assert.equal((await p.run<{ title: string }>('recipe', [bigPage(40, 200), PAGE_URL])).title, 'Big family stew');
  // Checked in the same turn as the answer, before any timer can run.
  assert.equal(exits.length, 1);
  assert.equal(p.stats().workers, 1);
});

test('a hung extraction is cut off by the task time limit and its worker replaced', async (t) => {
  const { pool: p, exits } = pool(t, { taskTimeoutMs: 300 });
  const before = await p.run<number>('threadId', []);
  await assert.rejects(
    p.run('title', ['<p>EXTRACT:HANG</p>']),
    (err: Error) => err instanceof WorkerCrashedError && /took longer/.test(err.message),
  );
  assert.notEqual(await p.run<number>('threadId', []), before);
  await until(() => exits.length > 0);
  assert.deepEqual(exits, [{ threadId: before, reason: 'timeout' }]);
});

test('the queue is bounded: past maxQueue waiting tasks, run() refuses with PoolBusyError', async (t) => {
  const { pool: p } = pool(t, { size: 1, maxQueue: 2 });
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const held = p.run('block', [flag.buffer]);
  const waiting = [p.run<number>('threadId', []), p.run<number>('threadId', [])];
  await assert.rejects(p.run('threadId', []), PoolBusyError);
  assert.equal(p.stats().queued, 2);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  assert.equal(await held, 'released');
  const [a, b] = await Promise.all(waiting);
  assert.equal(a, b, 'both queued tasks ran on the one worker');
});

test("a worker that cannot start fails its tasks as an internal error, not as the page's fault", async (t) => {
  const { pool: p, exits } = pool(t, { entry: new URL('./no-such-worker.ts', import.meta.url) });
  const err = await p.run('title', ['<title>x</title>']).then(
    () => null,
    (e: Error) => e,
  );
  assert.ok(err instanceof Error);
  assert.ok(!(err instanceof WorkerCrashedError) && !(err instanceof TaskFailedError), String(err));
  assert.match(err.message, /could not start/);
  await until(() => exits.length > 0);
  assert.equal(exits[0]?.reason, 'start-failed');
});

/** A fetcher that "fetches" the given HTML, with the given extractor (or none, like a bare SafeFetcher). */
function stubFetcher(html: string, extractor?: Extractor): SafeFetcher | ScrapeFetcher {
  const base: SafeFetcher = { fetchHtml: async (url) => ({ url, html, charset: 'utf-8' }), close: async () => {} };
  return extractor ? { ...base, extractor } : base;
}

const isStatus = (status: number) => (err: unknown) => err instanceof AppError && err.statusCode === status;

test('the service turns pool failures into contract errors: throw and crash 422, busy 429, closed 502', async (t) => {
  const ex = extractor(t, { entry: MISBEHAVING, workers: 1, maxQueue: 0 });
  const call = (html: string) => scrapeRecipe(stubFetcher(html, ex), PAGE_URL, 'u1');
  await assert.rejects(call('<p>EXTRACT:THROW</p>'), isStatus(422));
  await assert.rejects(scrapeTitle(stubFetcher('<p>EXTRACT:THROW</p>', ex), PAGE_URL, 'u1'), isStatus(422));
  await assert.rejects(scrapeContent(stubFetcher('<p>EXTRACT:THROW</p>', ex), PAGE_URL, 'u1'), isStatus(422));
  await assert.rejects(call('<p>EXTRACT:CRASH</p>'), isStatus(422));
  assert.equal((await call(RECIPE_PAGE)).title, 'Stew', 'a fresh worker took over after the crash');
  // One worker busy (its answer needs a turn of the event loop; the stub fetch does not) and
  // no queue: the next extraction is refused at once.
  const title = ex.title('<title>first</title>');
  const second = call(RECIPE_PAGE);
  await assert.rejects(second, (err: unknown) => isStatus(429)(err) && (err as AppError).headers?.['retry-after'] === '1');
  assert.equal(await title, 'first');
  await ex.close();
  await assert.rejects(call(RECIPE_PAGE), isStatus(502));
});

test('a bare SafeFetcher (no pool) still extracts, on the calling thread', async () => {
  const recipe = await scrapeRecipe(stubFetcher(RECIPE_PAGE), PAGE_URL, 'u1');
  assert.deepEqual(recipe.ingredients, ['1 onion', '2 carrots']);
  assert.equal(recipe.time_minutes, 60);
  assert.equal(recipe.source_url, PAGE_URL);
  assert.deepEqual(await scrapeTitle(stubFetcher(RECIPE_PAGE), PAGE_URL, 'u1'), { title: 'Stew', url: PAGE_URL });
  await assert.rejects(scrapeRecipe(stubFetcher('<p>nothing</p>'), PAGE_URL, 'u1'), isStatus(422));
});
