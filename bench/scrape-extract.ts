/**
 * Speed of recipe extraction on the saved real pages (../shared/fixtures/recipe-pages and
 * recipe-pages-more, 327 pages), three ways:
 *
 * 1. in process: extractRecipe() on each page, no HTTP, no worker threads; after one warm-up
 *    pass, each page's time is the median of --rounds passes, as wall time and as this process's
 *    CPU time (on a shared machine the CPU time is what extraction itself costs);
 * 2. end to end: GET /scrape/recipe of the app on 127.0.0.1 (in-memory SQLite, the worker pool
 *    as configured), each page served by a page server on 127.0.0.1, at concurrency 1 and 8
 *    (eight users, so the per-user limit of 2 does not hold requests back);
 * 3. recipe-scrapers' generic schema.org path (Debian's python3-recipe-scrapers, `scrape_html` in
 *    wild mode) on the same pages, per page in its own process (bench/recipe-scrapers-generic.py),
 *    with its accuracy by the same scorer. Skipped with a line when the package is missing.
 *
 *   node --import tsx bench/scrape-extract.ts [--rounds 3] [--skip e2e,python] [--json out.json]
 *     [--extractor path/to/extract/index.ts]   part 1 with another extractRecipe (an older checkout's), for before/after
 *
 * Targets (issue): in process p50 <= 20 ms and p99 <= 150 ms per page; end to end at p50 at
 * least as fast as recipe-scrapers. A benchmark: it prints figures and asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { extractRecipe as ourExtractRecipe } from '../src/modules/scrape/extract/index.js';
import { loadScoreCases, scoreCase, summarise, summaryTable, type ScoreCase } from '../test/helpers/scrape-score.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const rounds = Math.max(1, Number(option('rounds') ?? 3));
const skip = new Set((option('skip') ?? '').split(',').filter(Boolean));

const other = option('extractor');
const extractRecipe: typeof ourExtractRecipe = other
  ? ((await import(path.resolve(other))) as { extractRecipe: typeof ourExtractRecipe }).extractRecipe
  : ourExtractRecipe;
const cases = loadScoreCases();
if (cases.length === 0) {
  console.error('scrape-extract: no saved pages under ../shared/fixtures; nothing to measure');
  process.exit(2);
}
const pages = cases.map((c) => ({ c, html: fs.readFileSync(c.htmlPath, 'utf8') }));
const quantile = (values: number[], q: number) => {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))] ?? NaN;
};
const median = (values: number[]) => quantile(values, 0.5);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const line = (label: string, values: number[]) =>
  `${label.padEnd(38)} p50 ${ms(quantile(values, 0.5)).padStart(9)}  p90 ${ms(quantile(values, 0.9)).padStart(9)}  p99 ${ms(quantile(values, 0.99)).padStart(9)}  max ${ms(Math.max(...values)).padStart(9)}`;
const report: Record<string, unknown> = { pages: pages.length, cpus: os.cpus().length, loadavg: os.loadavg() };

console.log(
  `scrape-extract: ${pages.length} pages, ${(pages.reduce((n, p) => n + p.html.length, 0) / 1e6).toFixed(1)} MB of HTML; load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${os.cpus().length} CPUs\n`,
);

// ------------------------------------------------------------------ 1. in process
{
  const url = (c: ScoreCase) => `http://127.0.0.1:8/${c.name}.html`;
  for (const { c, html } of pages) extractRecipe(html, url(c)); // warm-up: JIT, lazy modules
  const wall: number[][] = pages.map(() => []);
  const cpu: number[][] = pages.map(() => []);
  for (let r = 0; r < rounds; r++) {
    pages.forEach(({ c, html }, i) => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      extractRecipe(html, url(c));
      wall[i]!.push(performance.now() - t0);
      const used = process.cpuUsage(c0);
      cpu[i]!.push((used.user + used.system) / 1000);
    });
  }
  const w = wall.map(median);
  const u = cpu.map(median);
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  // Pages per second of one core: all pages once, by the per-page medians.
  const wallRate = (pages.length * 1000) / sum(w);
  const cpuRate = (pages.length * 1000) / sum(u);
  console.log(`1. in process (extractRecipe, median of ${rounds} passes per page)`);
  console.log(line('   wall time per page', w));
  console.log(line('   CPU time per page', u));
  console.log(`   ${wallRate.toFixed(1)} pages/s by wall time, ${cpuRate.toFixed(1)} pages/s by CPU time (one thread)`);
  const slowest = pages
    .map((p, i) => [p.c.name, u[i]!] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  console.log(`   slowest (CPU): ${slowest.map(([n, t]) => `${n} ${ms(t)}`).join(', ')}\n`);
  report.inProcess = {
    wall: { p50: quantile(w, 0.5), p99: quantile(w, 0.99), pagesPerSecond: wallRate },
    cpu: { p50: quantile(u, 0.5), p99: quantile(u, 0.99), pagesPerSecond: cpuRate },
  };
}

// ------------------------------------------------------------------ 2. end to end
if (!skip.has('e2e')) {
  const byPath = new Map(pages.map((p) => [`/${p.c.set}/${p.c.name}.html`, p.html]));
  const pageServer = http.createServer((req, res) => {
    const body = byPath.get(req.url ?? '');
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body ?? 'not found');
  });
  await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', r));
  const hostPort = `127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: 'sqlite::memory:',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'silent',
    SCRAPE_ALLOW_HOSTS: hostPort,
  });
  const app = await buildApp(config, { logger: false });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const tokens: string[] = [];
  for (let i = 0; i < 8; i++) {
    const username = `bench_${i}_${randomBytes(3).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    await post('/register', { username, password });
    tokens.push(((await (await post('/login', { username, password })).json()) as { access_token: string }).access_token);
  }
  const scrape = async (token: string, p: (typeof pages)[number]) => {
    const t0 = performance.now();
    const res = await fetch(`${base}/scrape/recipe?url=${encodeURIComponent(`http://${hostPort}/${p.c.set}/${p.c.name}.html`)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await res.arrayBuffer();
    return { ms: performance.now() - t0, status: res.status };
  };
  // Start the worker pool (it starts on first use) before measuring.
  await Promise.all(tokens.slice(0, config.scrape.extractWorkers).map((t, i) => scrape(t, pages[i]!)));
  console.log(
    `2. end to end: GET /scrape/recipe on 127.0.0.1, ${config.scrape.extractWorkers} extraction workers, pages from a page server on 127.0.0.1`,
  );
  const e2e: Record<string, unknown> = {};
  for (const concurrency of [1, 8]) {
    const times: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        while (next < pages.length) {
          const r = await scrape(tokens[w]!, pages[next++]!);
          times.push(r.ms);
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    console.log(line(`   concurrency ${concurrency}`, times));
    console.log(`   ${(pages.length / seconds).toFixed(1)} pages/s; answers ${[...statuses].map(([s, n]) => `${n}×${s}`).join(', ')}`);
    e2e[`c${concurrency}`] = { p50: quantile(times, 0.5), p99: quantile(times, 0.99), pagesPerSecond: pages.length / seconds };
  }
  report.endToEnd = e2e;
  console.log('');
  await app.close();
  pageServer.close();
}

// ------------------------------------------------------------------ 3. recipe-scrapers
if (!skip.has('python')) {
  const python = ['/usr/bin/python3', 'python3'].find(
    (p) => spawnSync(p, ['-c', 'import recipe_scrapers'], { stdio: 'ignore' }).status === 0,
  );
  if (!python) {
    console.log('3. recipe-scrapers: not installed (apt-get install -y python3-recipe-scrapers); skipped');
  } else {
    const input = JSON.stringify(pages.map((p) => ({ name: p.c.name, html: p.c.htmlPath })));
    const run = spawnSync(python, [new URL('./recipe-scrapers-generic.py', import.meta.url).pathname], {
      input,
      maxBuffer: 256 * 1024 * 1024,
      encoding: 'utf8',
    });
    if (run.status !== 0) {
      console.log(`3. recipe-scrapers: failed (${run.stderr.trim().split('\n').pop()})`);
    } else {
      const rows = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { name: string; ms: number; cpu_ms: number; actual: Record<string, unknown> | null });
      const version = spawnSync('dpkg-query', ['-W', '-f', '${Version}', 'python3-recipe-scrapers'], { encoding: 'utf8' }).stdout || '?';
      console.log(`3. recipe-scrapers ${version}, generic schema.org path (scrape_html, wild mode), in its own process`);
      console.log(
        line(
          '   wall time per page',
          rows.map((r) => r.ms),
        ),
      );
      console.log(
        line(
          '   CPU time per page',
          rows.map((r) => r.cpu_ms),
        ),
      );
      const scored = pages.map((p, i) => ({ ...p.c, ...scoreCase(p.c.expected, rows[i]?.actual ?? null) }));
      const ours = pages.map((p) => ({
        ...p.c,
        ...scoreCase(p.c.expected, extractRecipe(p.html, `http://127.0.0.1:8/${p.c.name}.html`) as unknown as Record<string, unknown>),
      }));
      console.log("\n   accuracy on the same pages (the shared scorer's rules):\n");
      console.log(
        summaryTable([
          ['this extractor, all', summarise(ours)],
          ['recipe-scrapers generic, all', summarise(scored)],
          ['this extractor, held back', summarise(ours.filter((r) => r.heldBack))],
          ['recipe-scrapers generic, held back', summarise(scored.filter((r) => r.heldBack))],
        ]).replace(/^/gm, '   '),
      );
      report.recipeScrapers = {
        version,
        wall: {
          p50: quantile(
            rows.map((r) => r.ms),
            0.5,
          ),
          p99: quantile(
            rows.map((r) => r.ms),
            0.99,
          ),
        },
        cpu: {
          p50: quantile(
            rows.map((r) => r.cpu_ms),
            0.5,
          ),
        },
        overall: summarise(scored).overall,
      };
    }
  }
}

const json = option('json');
if (json) fs.writeFileSync(json, JSON.stringify(report, null, 2));
