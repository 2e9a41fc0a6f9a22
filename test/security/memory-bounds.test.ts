// One ordinary account must not be able to exhaust the process's memory with heavy listings. The
// real server runs with a 512 MB heap on a SQLite file; one user stores recipes as heavy as the
// limits allow (RECIPE_MAX_LINES lines of about 10,000 characters in all), heavy recipes stored
// before that limit existed (5,000 one-character lines: about 735 KB of parsed lines each) are put
// in the database directly, and the user asks many distinct 100-recipe listings, each twice (a
// listing is cached on its second request). Every answer of those is tens of MB; kept by count,
// a few dozen of them are more than the heap.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { test } from 'node:test';
import { createDatabase } from '../../src/db/database.js';
import { recipesRepository } from '../../src/modules/recipes/recipes.repository.js';
import { parseColumns, parseIngredientsText } from '../../src/modules/recipes/ingredient-lines.js';
import { sqliteFileDatabase } from '../helpers/build.js';

const HEAP_MB = 512;
/**
 * What the process may hold after the attack. The old generation is capped at HEAP_MB; the rest
 * of a Node process (code, new space, SQLite's page cache, buffers of the last answers) is well
 * under 250 MB here, so a process whose caches held what they were given would be killed by V8
 * before reaching this, and one that kept its caches bounded stays far below it (measured: about
 * 420 MB after the attack, peaking near 800 MB while two answers of about 70 MB are built and sent
 * at once; see Memory in docs/operations.md).
 */
const RSS_BOUND_MB = HEAP_MB + 250;

function readKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  assert.ok(m, `${field} in /proc/${pid}/status`);
  return Number(m[1]);
}

test('many distinct heavy listings from one account leave the server alive and its memory bounded', { timeout: 120_000 }, async (t) => {
  const file = sqliteFileDatabase(t, 'memory-bounds-');
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: file.url,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      JWT_SECRET: 'memory-bounds-test-secret-0123456789abcdef',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  // LOG_LEVEL warn hides the "listening" line: wait for the port through /health instead.
  const base = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    const started = Date.now();
    const poll = () => {
      let port: string | undefined;
      try {
        // The only listening socket of the child, from /proc (PORT 0 picks a free one).
        const inodes = new Set(
          fs
            .readdirSync(`/proc/${child.pid}/fd`)
            .map((fd) => {
              try {
                return /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${child.pid}/fd/${fd}`))?.[1];
              } catch {
                return undefined;
              }
            })
            .filter(Boolean),
        );
        for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
          const cols = line.trim().split(/\s+/);
          if (cols[3] === '0A' && inodes.has(cols[9])) port = String(parseInt(cols[1]!.split(':')[1]!, 16));
        }
      } catch {
        /* not started yet */
      }
      if (port) {
        resolve(`http://127.0.0.1:${port}`);
        return;
      }
      if (Date.now() - started > 30_000) {
        reject(new Error(`no listening socket: ${out}`));
        return;
      }
      setTimeout(poll, 100);
    };
    poll();
  });

  const json = { 'content-type': 'application/json' };
  const password = 'Memory-Bounds-Password-42';
  assert.equal(
    (await fetch(`${base}/register`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'heavy', password }) })).status,
    201,
  );
  const login = await fetch(`${base}/login`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'heavy', password }) });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const auth = { ...json, authorization: `Bearer ${token}` };
  const me = (await (await fetch(`${base}/me`, { headers: auth })).json()) as { id: number };

  // Recipes stored before the line limit: 5,000 one-character lines, written with the current
  // parse as the server would have stored it.
  const heavyText = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('\n');
  const heavyColumns = parseColumns(parseIngredientsText(heavyText));
  assert.ok(
    heavyColumns.ingredient_lines.length > 600_000,
    `a stored heavy recipe's lines are ${heavyColumns.ingredient_lines.length} characters`,
  );
  const db = createDatabase({ url: file.url });
  const now = Date.now();
  await db.db.transaction().execute(async (trx) => {
    for (let i = 0; i < 120; i++) {
      const at = new Date(now - (120 - i) * 1000).toISOString();
      await recipesRepository.insert(trx, {
        title: `Stored heavy ${String(i).padStart(3, '0')}`,
        ingredients: heavyText,
        ...heavyColumns,
        time_minutes: 10,
        owner_id: me.id,
        created_at: at,
        updated_at: at,
      });
    }
  });
  await db.close();

  // As heavy as create allows now: RECIPE_MAX_LINES (300) lines filling the 10,000 characters.
  const lines = (n: number, seed: number) =>
    Array.from({ length: n }, (_, i) => `${(i % 9) + 1} 1/2 cups chopped herb ${seed}-${i}`.slice(0, 32)).join('\n');
  for (let i = 0; i < 10; i++) {
    const res = await fetch(`${base}/recipes`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: `Max ${i}`, ingredients: lines(300, i), time_minutes: 5 }),
    });
    assert.equal(res.status, 201, await res.text());
  }

  // The attack: distinct heavy listings, each asked twice, two at a time. (Ten answers of
  // about 70 MB are more than the heap; kept by count, the process dies before the end.)
  const urls: string[] = [];
  for (let offset = 0; offset < 5; offset++)
    urls.push(`/recipes?limit=100&offset=${offset}`, `/recipes?limit=100&offset=${offset}&sort=title`);
  const queue = [...urls, ...urls];
  let bytes = 0;
  // node:http, counting the body as it arrives: fetch's arrayBuffer() of tens of MB is slower than the server.
  const get = (url: string) =>
    new Promise<number>((resolve, reject) => {
      http
        .get(`${base}${url}`, { headers: { authorization: auth.authorization } }, (res) => {
          let n = 0;
          res.on('data', (chunk: Buffer) => {
            n += chunk.length;
          });
          res.on('end', () =>
            res.statusCode === 200 && res.complete
              ? resolve(n)
              : reject(new Error(`${url}: ${res.statusCode}, ${n} bytes, complete ${res.complete}`)),
          );
          res.on('error', reject);
        })
        .on('error', reject);
    });
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      // Not `bytes += await ...`: that reads `bytes` before the await and loses the other worker's sum.
      const n = await get(url);
      bytes += n;
    }
  };
  try {
    await Promise.all([worker(), worker()]);
  } catch (err) {
    assert.fail(
      `the attack failed (server exit code ${child.exitCode}, signal ${child.signalCode}): ${(err as Error).message}\n${out.slice(-2000)}`,
    );
  }
  assert.ok(bytes > 20 * 60e6, `the listings were heavy: ${Math.round(bytes / 1e6)} MB in all`);

  assert.equal(child.exitCode, null, `the server is alive: ${out.slice(-2000)}`);
  assert.equal((await fetch(`${base}/health`)).status, 200);
  const rssMb = readKb(child.pid!, 'VmRSS') / 1024;
  const peakMb = readKb(child.pid!, 'VmHWM') / 1024;
  t.diagnostic(`after ${Math.round(bytes / 1e6)} MB of listings: RSS ${Math.round(rssMb)} MB, peak ${Math.round(peakMb)} MB`);
  assert.ok(rssMb < RSS_BOUND_MB, `RSS ${Math.round(rssMb)} MB stays under ${RSS_BOUND_MB} MB`);

  // Creating heavier ones is refused.
  const over = await fetch(`${base}/recipes`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ title: 'Over', ingredients: lines(301, 99), time_minutes: 5 }),
  });
  assert.equal(over.status, 400, 'one line over RECIPE_MAX_LINES is refused');

  // What the caches hold is what their budgets allow, and says so.
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const gauge = (name: string, cache: string) =>
    Number(new RegExp(`^${name}\\{cache="${cache}"\\} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  for (const cache of ['list_answers', 'recipe_texts']) {
    const held = gauge('gourmet_cache_bytes', cache);
    const budget = gauge('gourmet_cache_budget_bytes', cache);
    assert.ok(Number.isFinite(held) && held <= budget, `${cache}: ${held} bytes held of ${budget}`);
  }
});
