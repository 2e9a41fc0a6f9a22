/**
 * The page bounds checked before parsing: each bound refuses with its own code, the check stops
 * at the first bound crossed (the deep page of the report is refused, not walked to the end),
 * and every saved real recipe page is well within the default bounds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { testConfig } from '../helpers/build.js';
import { checkPageBounds, PageBoundsError, type PageBounds } from '../../src/modules/scrape/page-bounds.js';
import { RECIPE_FIXTURES_DIR } from '../helpers/fixture-server.js';

const { maxElements, maxDepth, maxJsonLdChars } = testConfig().scrape;
const defaults: PageBounds = { maxElements, maxDepth, maxJsonLdChars };

const refusedWith = (code: string) => (err: unknown) => err instanceof PageBoundsError && err.code === code;

test('the defaults: 50,000 elements, 512 deep, 262,144 characters of JSON-LD', () => {
  assert.deepEqual(defaults, { maxElements: 50_000, maxDepth: 512, maxJsonLdChars: 262_144 });
});

test('nesting: 512 deep passes, 513 is PAGE_TOO_DEEPLY_NESTED; void and implied-closed elements do not deepen', () => {
  const nest = (n: number) => `<html><body>${'<div>'.repeat(n - 2)}x${'</div>'.repeat(n - 2)}</body></html>`;
  assert.equal(checkPageBounds(nest(512), defaults).maxDepth, 512);
  assert.throws(() => checkPageBounds(nest(513), defaults), refusedWith('PAGE_TOO_DEEPLY_NESTED'));
  // 2,000 siblings that never close explicitly (<p>, <li>) or cannot have children (<br>, <img>).
  const flat = `<html><body><ul>${'<li>item<br><img src=x>'.repeat(2000)}</ul>${'<p>para'.repeat(2000)}</body></html>`;
  assert.ok(checkPageBounds(flat, defaults).maxDepth < 10);
  // The report's page, unclosed: refused at depth 513 instead of being parsed.
  assert.throws(() => checkPageBounds(`<html><body>${'<div>'.repeat(200_000)}`, defaults), refusedWith('PAGE_TOO_DEEPLY_NESTED'));
});

test('elements: more than the bound is PAGE_TOO_MANY_ELEMENTS', () => {
  const bounds = { ...defaults, maxElements: 1000 };
  const page = (n: number) => `<html><body>${'<span>a</span>'.repeat(n - 2)}</body></html>`;
  assert.equal(checkPageBounds(page(1000), bounds).elements, 1000);
  assert.throws(() => checkPageBounds(page(1001), bounds), refusedWith('PAGE_TOO_MANY_ELEMENTS'));
});

test('JSON-LD: one block over the bound is JSON_LD_TOO_LARGE; other scripts and several small blocks are not counted together', () => {
  const bounds = { ...defaults, maxJsonLdChars: 1000 };
  const ld = (n: number, type = 'application/ld+json') => `<script type="${type}">${'x'.repeat(n)}</script>`;
  assert.equal(checkPageBounds(`<html><head>${ld(1000)}${ld(900)}</head></html>`, bounds).largestJsonLd, 1000);
  assert.throws(() => checkPageBounds(`<html><head>${ld(1001)}</head></html>`, bounds), refusedWith('JSON_LD_TOO_LARGE'));
  assert.throws(
    () => checkPageBounds(`<html><head>${ld(1001, ' Application/LD+JSON; charset=utf-8')}</head></html>`, bounds),
    refusedWith('JSON_LD_TOO_LARGE'),
  );
  assert.equal(checkPageBounds(`<html><head>${ld(5000, 'text/javascript')}</head></html>`, bounds).largestJsonLd, 0);
});

test('every saved real recipe page is well within the default bounds (5× under the element bound, 10× under the others)', (t) => {
  if (!fs.existsSync(RECIPE_FIXTURES_DIR)) {
    if (process.env.CI === 'true') assert.fail(`saved recipe pages missing at ${RECIPE_FIXTURES_DIR}`);
    t.skip(`saved recipe pages not found at ${RECIPE_FIXTURES_DIR}`);
    return;
  }
  const pages = fs.readdirSync(RECIPE_FIXTURES_DIR).filter((f) => f.endsWith('.html'));
  assert.ok(pages.length > 0);
  for (const f of pages) {
    const counts = checkPageBounds(fs.readFileSync(path.join(RECIPE_FIXTURES_DIR, f), 'utf8'), defaults);
    assert.ok(
      counts.elements * 5 <= maxElements && counts.maxDepth * 10 <= maxDepth && counts.largestJsonLd * 10 <= maxJsonLdChars,
      `${f}: ${JSON.stringify(counts)}`,
    );
  }
});
