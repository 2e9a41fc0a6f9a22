/**
 * Moving in and out, timed on a SQLite file in a temporary folder, the app listening on 127.0.0.1:
 *
 * 1. import: POST /imports of ../shared/fixtures/exports/mealie-backup.zip (218 recipes), the time
 *    to the 202 (the file read in the worker pool) and to the job's `done` (every recipe saved);
 * 2. export: GET /export of an account with --recipes recipes (default 1,000), each with a
 *    picture (--pictures distinct 640x480 pictures, default 50, uploaded in turn), read over HTTP
 *    as a stream: time to the first byte and to the last, the zip's size, and the process's peak
 *    RSS while it streams (it should not grow with the archive).
 *
 *   node --import tsx bench/moving.ts [--recipes 1000] [--pictures 50] [--skip import,export]
 *
 * A benchmark: it prints figures and asserts nothing.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { EXPORTS_DIR } from '../test/helpers/export-fixtures.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const recipes = Number(option('recipes') ?? 1000);
const distinctPictures = Number(option('pictures') ?? 50);
const skip = new Set((option('skip') ?? '').split(',').filter(Boolean));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-moving-'));
const config = loadConfig({
  NODE_ENV: 'test',
  DATABASE_URL: `sqlite:${path.join(dir, 'db.sqlite')}`,
  JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789',
  LOG_LEVEL: 'silent',
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
});
const app = await buildApp(config, { logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

async function user(name: string) {
  const body = JSON.stringify({ username: name, password: 'correct horse battery' });
  const headers = { 'content-type': 'application/json' };
  const reg = await fetch(`${base}/register`, { method: 'POST', headers, body });
  const id = ((await reg.json()) as { id: number }).id;
  const login = await fetch(`${base}/login`, { method: 'POST', headers, body });
  const token = ((await login.json()) as { access_token: string }).access_token;
  return { id, auth: { authorization: `Bearer ${token}` } };
}

const ms = (from: bigint) => Number((process.hrtime.bigint() - from) / 1_000_000n);

try {
  if (!skip.has('import')) {
    const file = path.join(EXPORTS_DIR, 'mealie-backup.zip');
    if (!fs.existsSync(file)) console.log(`import: skipped, ${file} not found`);
    else {
      const u = await user('importer');
      const bytes = fs.readFileSync(file);
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}/imports`, {
        method: 'POST',
        headers: { ...u.auth, 'content-type': 'application/zip' },
        body: bytes,
      });
      const job = (await res.json()) as { id: string; total: number };
      const read = ms(t0);
      await app.importsService.idle();
      const done = ms(t0);
      const final = (await (await fetch(`${base}/imports/${job.id}`, { headers: u.auth })).json()) as {
        imported: number[];
        status: string;
      };
      console.log(
        `import mealie-backup.zip (${(bytes.length / 1e6).toFixed(2)} MB, ${job.total} recipes): 202 after ${read} ms, ` +
          `${final.status} after ${done} ms (${final.imported.length} imported, ${(done / final.imported.length).toFixed(1)} ms per recipe)`,
      );
    }
  }
  if (!skip.has('export')) {
    const u = await user('exporter');
    const pictures = await Promise.all(
      Array.from({ length: distinctPictures }, (_, i) =>
        sharp({
          create: { width: 640, height: 480, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128 + i, sigma: 40 } },
        })
          .jpeg({ quality: 80 })
          .toBuffer(),
      ),
    );
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < recipes; i++) {
      const row = await app.recipesService.create(u.id, {
        title: `Bench recipe ${i}`,
        ingredient_groups: [
          { name: 'Dough', ingredients: ['500 g flour', '1 tsp salt', `${i % 9} eggs`] },
          { name: null, ingredients: ['2 apples, sliced', '100 ml cream'] },
        ],
        instructions: 'Mix the dough.\nRest an hour.\nBake 40 minutes at 180 °C.',
        time_minutes: 30 + (i % 90),
        servings: 1 + (i % 8),
        tags: ['bench', `t${i % 20}`],
      });
      await app.imagesService.setFromBytes(u.id, row.id, pictures[i % pictures.length]!);
    }
    console.log(`export: seeded ${recipes} recipes with pictures (${distinctPictures} distinct) in ${ms(t0)} ms`);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t1 = process.hrtime.bigint();
    const res = await fetch(`${base}/export`, { headers: u.auth });
    let first = -1;
    let size = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (first < 0) first = ms(t1);
      size += chunk.length;
    }
    const total = ms(t1);
    clearInterval(sampler);
    console.log(
      `export ${recipes} recipes with pictures: first byte after ${first} ms, whole zip (${(size / 1e6).toFixed(1)} MB) after ${total} ms; ` +
        `RSS ${(rssBefore / 1e6).toFixed(0)} MB before, peak ${(peak / 1e6).toFixed(0)} MB while streaming`,
    );
  }
} finally {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
