/**
 * Recipe-extraction accuracy on the saved real pages (../shared/fixtures/recipe-pages, 70 pages,
 * and recipe-pages-more, 257), by field and by markup, for all pages, the pages rules may be
 * tuned on, and the held-back pages (the split rule is in test/helpers/scrape-score.ts: SHA-256
 * of the site's host, 30% of recipe-pages-more).
 *
 *   npm run score:scrape                        through HTTP: starts the app on a throwaway in-memory
 *                                               database and runs the shared scorer
 *                                               (../shared/tools/score-scrape.mjs) on each folder
 *   npm run score:scrape -- --in-process        extractRecipe() directly (seconds, for iterating)
 *   options: --sets dev,more   --json out.json   --verbose (field misses of the tuning pages)
 *            --by-markup (also each field by markup, for the tuning and the held-back pages)
 *            --strip-markup (in process: every page without its JSON-LD and microdata, to measure
 *            the reading of pages without markup on all of them; see withoutMarkup)
 *            --show-held-back (also the held-back pages' misses: not while changing rules)
 *
 * SCORE_TOOL overrides where the shared scorer is; RECIPE_FIXTURES_ROOT where the folders are.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { extractRecipe } from '../src/modules/scrape/extract/index.js';
import {
  FIELDS,
  loadScoreCases,
  MARKUPS,
  PAGE_SETS,
  scoreCase,
  SHARED_FIXTURES,
  summarise,
  summaryTable,
  type PageSet,
  type ScoreCase,
  type ScoredCase,
  withoutMarkup,
} from '../test/helpers/scrape-score.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tool = process.env.SCORE_TOOL ?? path.resolve(root, '../shared/tools/score-scrape.mjs');

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

/** A port that was free a moment ago, for the scorer's page server (the app must know it up front). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What the extraction answered per page, by `set/name`. */
type Actuals = Map<string, Record<string, unknown> | null>;
const keyOf = (c: ScoreCase) => `${c.set}/${c.name}`;

/** Every page through GET /scrape/recipe of a fresh app, by the shared scorer (its per-case JSON is read back). */
async function throughHttp(cases: ScoreCase[], sets: PageSet[]): Promise<Map<ScoreCase, ScoredCase>> {
  const pagePort = await freePort();
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: 'sqlite::memory:',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    SCRAPE_ALLOW_HOSTS: `127.0.0.1:${pagePort}`,
    // The scorer sends 4 requests at a time as one user; let them all run instead of retrying 429s.
    SCRAPE_MAX_PER_USER: process.env.SCRAPE_MAX_PER_USER ?? '4',
  });
  const app = await buildApp(config);
  const out = new Map<ScoreCase, ScoredCase>();
  try {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    for (const set of sets) {
      const json = path.join(os.tmpdir(), `score-scrape-${process.pid}-${set}.json`);
      const dir = path.join(SHARED_FIXTURES, PAGE_SETS[set]);
      // The tool's own table lists every page, held-back ones included: it is not shown.
      const code = await new Promise<number>((resolve, reject) => {
        const child = spawn(process.execPath, [tool, '--cases', dir, '--base-url', address, '--port', String(pagePort), '--json', json], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        child.once('error', reject);
        child.once('exit', (c) => resolve(c ?? 1));
      });
      if (code !== 0) throw new Error(`the scorer exited with ${code} on ${dir}`);
      const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
        results: Array<{ case: string; actual: Record<string, unknown> | null; fields: Record<string, { score: number }>; score: number }>;
      };
      fs.rmSync(json, { force: true });
      for (const r of report.results) {
        const c = cases.find((x) => x.set === set && x.name === r.case);
        if (!c) continue;
        const fields = Object.fromEntries(Object.entries(r.fields).map(([k, v]) => [k, v.score]));
        out.set(c, { ...c, fields, score: r.score });
        actuals.set(keyOf(c), r.actual);
      }
    }
  } finally {
    await app.close();
  }
  return out;
}

const actuals: Actuals = new Map();

function inProcess(cases: ScoreCase[]): Map<ScoreCase, ScoredCase> {
  const out = new Map<ScoreCase, ScoredCase>();
  for (const c of cases) {
    const raw = fs.readFileSync(c.htmlPath, 'utf8');
    const html = flag('strip-markup') ? withoutMarkup(raw) : raw;
    let actual: Record<string, unknown> | null = null;
    // Served from loopback by the scorer, so the page URL tells nothing about the site.
    try {
      actual = extractRecipe(html, `http://127.0.0.1:18765/${c.name}.html`) as unknown as Record<string, unknown> | null;
    } catch {
      /* scores 0 */
    }
    actuals.set(keyOf(c), actual);
    out.set(c, { ...c, ...scoreCase(c.expected, actual) });
  }
  return out;
}

const short = (v: unknown, n = 220) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > n ? `${s.slice(0, n)}…` : s;
};

async function main(): Promise<number> {
  const sets = (option('sets') ?? 'dev,more').split(',').filter((s): s is PageSet => s in PAGE_SETS);
  const cases = loadScoreCases(sets);
  if (cases.length === 0) {
    console.error(`score-scrape: no saved pages under ${SHARED_FIXTURES}`);
    return 2;
  }
  if (flag('strip-markup') && !flag('in-process')) {
    console.error('score-scrape: --strip-markup needs --in-process');
    return 2;
  }
  const mode = flag('in-process')
    ? `in process (extractRecipe)${flag('strip-markup') ? ', JSON-LD and microdata stripped' : ''}`
    : 'through GET /scrape/recipe (shared scorer)';
  const started = Date.now();
  const scored = flag('in-process') ? inProcess(cases) : await throughHttp(cases, sets);
  const all = cases.map((c) => scored.get(c)).filter((r): r is ScoredCase => !!r);
  const showHeld = flag('show-held-back');
  if (flag('verbose')) {
    for (const r of all) {
      if (r.score === 1 || (r.heldBack && !showHeld)) continue;
      console.log(`${r.set}/${r.name} [${r.markup}] ${r.score.toFixed(2)}`);
      for (const f of FIELDS) {
        if (r.fields[f] === undefined || r.fields[f] === 1) continue;
        console.log(`  ${f} ${r.fields[f]!.toFixed(2)}: expected ${short(r.expected[f])}`);
        console.log(`  ${' '.repeat(f.length + 6)}got      ${short(actuals.get(keyOf(r))?.[f])}`);
      }
    }
  }
  const rows: Array<[string, ReturnType<typeof summarise>]> = [['all', summarise(all)]];
  for (const set of sets) rows.push([`${PAGE_SETS[set]}/`, summarise(all.filter((r) => r.set === set))]);
  if (sets.includes('more')) {
    rows.push(['tuning (all but held back)', summarise(all.filter((r) => !r.heldBack))]);
    rows.push(['held back', summarise(all.filter((r) => r.heldBack))]);
  }
  console.log(`score-scrape: ${all.length} pages ${mode}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  console.log(summaryTable(rows));
  if (flag('by-markup')) {
    const parts: Array<[string, ScoredCase[]]> = [['all', all]];
    if (sets.includes('more')) parts.push(['tuning', all.filter((r) => !r.heldBack)], ['held back', all.filter((r) => r.heldBack)]);
    for (const [label, part] of parts) {
      const byMarkup: Array<[string, ReturnType<typeof summarise>]> = MARKUPS.map(
        (m) => [`${label}, ${m}`, summarise(part.filter((r) => r.markup === m))] as [string, ReturnType<typeof summarise>],
      ).filter(([, s]) => s.pages > 0);
      console.log(`\n${label}: each field by markup\n`);
      console.log(summaryTable(byMarkup, { markupColumns: false }));
    }
  }
  const json = option('json');
  if (json)
    fs.writeFileSync(
      json,
      JSON.stringify(
        { mode, rows, results: all.filter((r) => showHeld || !r.heldBack).map((r) => ({ ...r, actual: actuals.get(keyOf(r)) })) },
        null,
        2,
      ),
    );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('score-scrape:', err);
    process.exit(2);
  },
);
