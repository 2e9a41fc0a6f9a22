/**
 * How long one user's small page waits while another user keeps the extractors busy. User A
 * scrapes heavy pages (two at a time, the per-user limit) in a loop; user B scrapes a small page
 * now and then; B's latencies are printed. Pages come from a server on 127.0.0.1.
 *
 *   node --import tsx bench/scrape-fairness.ts [heavy=deep|flat] [rounds=5]
 *
 * `deep`: the page of the security report (200,000 nested <div>), now refused before parsing.
 * `flat`: 49,000 paragraphs, just under the element bound, so each costs seconds of a worker.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const kind = process.argv[2] === 'flat' ? 'flat' : 'deep';
const rounds = Number(process.argv[3] ?? 5);
const heavy =
  kind === 'deep'
    ? `<html><body>${'<div>'.repeat(200_000)}x${'</div>'.repeat(200_000)}</body></html>`
    : `<html><body><h1>Flat</h1>${'<p>x</p>'.repeat(49_000)}</body></html>`;
const small = '<html><head><title>Small</title></head><body><h1>Small soup</h1><p>Quick.</p></body></html>';

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(req.url === '/heavy' ? heavy : small);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const hostPort = `127.0.0.1:${(server.address() as AddressInfo).port}`;

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  DATABASE_URL: 'sqlite::memory:',
  JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
  LOG_LEVEL: 'silent',
  SCRAPE_ALLOW_HOSTS: hostPort,
});
const app = await buildApp(config, { logger: false });
await app.ready();
const login = async (username: string) => {
  await app.inject({ method: 'POST', url: '/register', payload: { username, password: 'correct horse battery' } });
  const res = await app.inject({ method: 'POST', url: '/login', payload: { username, password: 'correct horse battery' } });
  return { authorization: `Bearer ${res.json().access_token}` };
};
const [a, b] = [await login('heavy_user'), await login('small_user')];
const scrape = (auth: Record<string, string>, path: string) =>
  app.inject({ method: 'GET', url: `/scrape/recipe?url=${encodeURIComponent(`http://${hostPort}${path}`)}`, headers: auth });

// Start every worker first (they start lazily; loading one takes a while on a busy machine).
const warm = await Promise.all(Array.from({ length: config.scrape.extractWorkers }, (_, i) => login(`warm_${i}`)));
await Promise.all(warm.map((auth) => scrape(auth, '/small')));
let stop = false;
const statuses = new Map<number, number>();
const heavyLoop = async () => {
  while (!stop) {
    const res = await scrape(a, '/heavy');
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
  }
};
const loops = [heavyLoop(), heavyLoop()];
await new Promise((r) => setTimeout(r, 200));
const waits: number[] = [];
for (let i = 0; i < rounds; i++) {
  const t0 = performance.now();
  const res = await scrape(b, '/small');
  waits.push(performance.now() - t0);
  void res; // the small page holds no recipe: 422 "No recipe found" is its normal answer
  await new Promise((r) => setTimeout(r, 300));
}
stop = true;
await Promise.all(loops);
console.log(
  `heavy page: ${kind} (${Math.round(heavy.length / 1024)} KB); extract workers: ${config.scrape.extractWorkers}; budget ${config.scrape.extractBudgetMs} ms`,
);
console.log(`user A's heavy scrapes answered: ${JSON.stringify(Object.fromEntries(statuses))}`);
console.log(`user B's small page, ms: ${waits.map((w) => w.toFixed(0)).join(', ')} (max ${Math.max(...waits).toFixed(0)})`);
await app.close();
server.close();
