#!/usr/bin/env node
// One-command benchmark: a fresh database, N seeded recipes, the service started with the
// benchmark's rate-limit settings, then ../shared/tools/bench.mjs (READ, READMIX, WRITE, AUTH,
// LOGIN with wrk) against it, then a login storm with READ alongside. Only 127.0.0.1 is ever
// contacted. Several sizes (`--records 5000,1000000`) run one after the other and end with the
// ratio of each workload's req/s at the largest size to the first.
//   npm run bench -- [--records 5000[,1000000]] [--db sqlite|postgres://...] [--workers 1] [--runs 3] [--duration 10]
//                    [--workloads read,readmix,write,auth,login] [--storm false] [--port 5099]
//                    [--keep-db DIR]   SQLite: seed each size once into DIR/seed-N.db and start every run from a copy
//                    [--reference like|fts|none]  SQLite: also run the bare-Node reference (bench/reference/bare.mjs) on the
//                                      same recipes in the same run, so the tables give the service's ratios against it
//                    [--keep-db NAME]  PostgreSQL: seed each size once into the database NAME_N (kept) and start
//                                      every run from a copy of it (CREATE DATABASE ... TEMPLATE)
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { COMMON_INGREDIENTS } from './common-ingredients.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    records: { type: 'string', default: '5000' },
    db: { type: 'string', default: 'sqlite' },
    workers: { type: 'string', default: process.env.WORKERS ?? '1' },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    workloads: { type: 'string', default: 'read,readmix,write,auth,login' },
    storm: { type: 'string', default: 'true' },
    port: { type: 'string', default: '5099' },
    json: { type: 'string', default: '' },
    'keep-db': { type: 'string', default: '' },
    reference: { type: 'string', default: 'none' },
  },
});
const harness = path.resolve(root, '../shared/tools/bench.mjs');
if (!fs.existsSync(harness)) {
  console.error(`missing ${harness}`);
  process.exit(2);
}
try {
  execFileSync('wrk', ['-v'], { stdio: 'ignore' });
} catch (e) {
  if (e.code === 'ENOENT') {
    console.error('wrk not found: apt-get install -y wrk');
    process.exit(2);
  }
}

const run = (cmd, args, env = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
const sizes = opt.records.split(',').map((x) => Number(x.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 0)) {
  console.error('--records is a number or a comma-separated list');
  process.exit(2);
}
if (!(opt.db === 'sqlite' || /^postgres(ql)?:\/\//.test(opt.db))) {
  console.error('--db is sqlite or a postgres:// URL');
  process.exit(2);
}
const workloads = opt.workloads.split(',').map((w) => w.trim().toLowerCase());
if (!['none', 'like', 'fts'].includes(opt.reference)) {
  console.error('--reference is like, fts or none');
  process.exit(2);
}
if (opt.reference !== 'none' && opt.db !== 'sqlite') {
  console.error('--reference runs on SQLite only (it copies the seeded SQLite database)');
  process.exit(2);
}

const perSize = [];
for (const records of sizes) perSize.push({ records, results: await benchmark(records) });
if (perSize.length > 1) {
  const [first, last] = [perSize[0], perSize[perSize.length - 1]];
  console.log(
    `\n${first.records} -> ${last.records} recipes (${opt.db === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${opt.workers} worker(s); medians):\n`,
  );
  console.log('| workload | req/s at ' + first.records + ' (p99 ms) | req/s at ' + last.records + ' (p99 ms) | ratio |');
  console.log('|---|---|---|---|');
  for (const wl of workloads) {
    const a = first.results[wl],
      b = last.results[wl];
    if (!a || !b) continue;
    console.log(
      `| ${wl.toUpperCase()} | ${a.rps.toFixed(0)} (${a.p99.toFixed(1)}) | ${b.rps.toFixed(0)} (${b.p99.toFixed(1)}) | ${((b.rps / a.rps) * 100).toFixed(0)}% |`,
    );
  }
}

/** One size: a database seeded with `records` recipes, the service on it, the workloads; returns median req/s and p99 per workload. */
async function benchmark(records) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recipes-bench-'));
  let databaseUrl;
  let dropPg = null;
  let seededFile = null;
  if (opt.db === 'sqlite') {
    const file = path.join(tmp, 'bench.db');
    seededFile = file;
    databaseUrl = `sqlite:${file}`;
    if (opt['keep-db']) {
      // Seeded once per size, then every run starts from a copy (WRITE adds rows).
      fs.mkdirSync(opt['keep-db'], { recursive: true });
      const kept = path.resolve(opt['keep-db'], `seed-${records}.db`);
      if (!fs.existsSync(kept)) {
        console.log(`seeding ${records} recipes into ${kept} (kept for later runs)`);
        run(process.execPath, ['--import', 'tsx', 'bench/seed.ts', '--db', `sqlite:${kept}`, '--records', String(records)]);
      } else console.log(`starting from a copy of ${kept}`);
      fs.copyFileSync(kept, file);
    }
  } else {
    // A database of its own, dropped at the end, so runs never see each other's rows.
    const u = new URL(opt.db);
    const name = `bench_${Date.now().toString(36)}`;
    const pg = (await import('pg')).default;
    const admin = async (text) => {
      const c = new pg.Client({ connectionString: opt.db });
      await c.connect();
      try {
        return await c.query(text);
      } finally {
        await c.end();
      }
    };
    if (opt['keep-db']) {
      if (!/^[a-z_][a-z0-9_]*$/.test(opt['keep-db'])) {
        console.error('--keep-db is a database name prefix on PostgreSQL (a-z, 0-9, _)');
        process.exit(2);
      }
      const kept = `${opt['keep-db']}_${records}`;
      const exists = (await admin(`SELECT 1 FROM pg_database WHERE datname = '${kept}'`)).rowCount > 0;
      if (!exists) {
        await admin(`CREATE DATABASE ${kept}`);
        const k = new URL(opt.db);
        k.pathname = `/${kept}`;
        console.log(`seeding ${records} recipes into the database ${kept} (kept for later runs)`);
        run(process.execPath, ['--import', 'tsx', 'bench/seed.ts', '--db', k.toString(), '--records', String(records)]);
      } else console.log(`starting from a copy of the database ${kept}`);
      // A file copy: no WAL for the copied pages (the default WAL_LOG strategy logs every one).
      await admin(`CREATE DATABASE ${name} TEMPLATE ${kept} STRATEGY FILE_COPY`);
    } else await admin(`CREATE DATABASE ${name}`);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropPg = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  if (!opt['keep-db']) {
    console.log(`seeding ${records} recipes into ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
    run(process.execPath, ['--import', 'tsx', 'bench/seed.ts', '--db', databaseUrl, '--records', String(records)]);
  }

  // The bare reference copies the seeded recipes before the service starts writing.
  const reference = opt.reference === 'none' ? null : await startReference(seededFile, tmp);

  // The login limiter stays on; the benchmark raises its limits so LOGIN measures hashing, not 429s.
  const env = {
    DATABASE_URL: databaseUrl,
    PORT: opt.port,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    WORKERS: opt.workers,
    RATE_LIMIT_LOGIN_PER_USER: '1000000',
    RATE_LIMIT_LOGIN_PER_IP: '1000000',
    RATE_LIMIT_REGISTER_PER_IP: '1000000',
    RATE_LIMIT_GLOBAL_PER_IP: '0',
  };
  console.log(
    'service settings for the benchmark: login/register rate limits raised to 10^6 per window (still on), global per-client limit off',
  );
  // The compiled server, as `npm start` and `npm run start:cluster` run it in production.
  run(process.execPath, ['scripts/build-server.mjs', '--if-stale']);
  const server = spawn(process.execPath, [Number(opt.workers) > 1 ? 'dist/cluster.js' : 'dist/server.js'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${opt.port}`;
  const stop = async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    if (reference) await reference.stop();
    if (dropPg) await dropPg();
    fs.rmSync(tmp, { recursive: true, force: true });
  };

  function rss() {
    // Resident memory of the server and its workers, from /proc (Linux).
    const pids = [
      server.pid,
      ...execFileSync('sh', ['-c', `pgrep -P ${server.pid} || true`])
        .toString()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    ];
    return pids.map((pid) => {
      try {
        return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
      } catch {
        return 0;
      }
    });
  }

  try {
    if (workloads.includes('readmix')) await firstSearches(base);
    const jsonOut = opt.json ? opt.json.replace(/(\.json)?$/, sizes.length > 1 ? `-${records}$1` : '$1') : path.join(tmp, 'results.json');
    run(process.execPath, [
      harness,
      '--records',
      '0',
      '--runs',
      opt.runs,
      '--duration',
      opt.duration,
      '--workloads',
      workloads.join(','),
      '--json',
      jsonOut,
      `project=${base}`,
      ...(reference ? [`bare-${opt.reference}=${reference.base}`] : []),
    ]);
    console.log(
      `\nserver RSS after the workloads (MB per process): ${rss()
        .map((x) => x.toFixed(0))
        .join(', ')}`,
    );
    if (opt.storm === 'true') await loginStorm(base, tmp);
    const raw = JSON.parse(fs.readFileSync(jsonOut, 'utf8')).results.project;
    const median = (xs) => {
      const v = [...xs].sort((a, b) => a - b);
      const m = v.length >> 1;
      return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
    };
    return Object.fromEntries(
      Object.entries(raw).map(([wl, runs]) => [wl, { rps: median(runs.map((r) => r.rps)), p99: median(runs.map((r) => r.p99_us)) / 1000 }]),
    );
  } finally {
    await stop();
  }
}

/**
 * The bare-Node reference (bench/reference/bare.mjs) on its own port and database, holding a copy
 * of the seeded recipes; resolves once it answers.
 */
async function startReference(seededFile, tmp) {
  const port = String(Number(opt.port) + 100);
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'bench/reference/bare.mjs'),
      '--db',
      path.join(tmp, 'bare.db'),
      '--seed-from',
      seededFile,
      '--port',
      port,
      '--workers',
      opt.workers,
      '--search',
      opt.reference,
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/health`);
      break;
    } catch {
      if (i > 240) throw new Error('reference did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  console.log(
    `bare-Node reference (${opt.reference === 'fts' ? 'FTS5 trigram' : 'LIKE scan'}) on ${base} with a copy of the seeded recipes`,
  );
  return {
    base,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    },
  };
}

/**
 * One search per READMIX ingredient, timed and reported, before the measured runs. The seed has
 * built the common terms' search summaries (summary-warmup.ts); a term without one is answered
 * from indexes while its summary is built in the background. Nothing is cached by this: every
 * READMIX request is still answered by the database (1,650 distinct queries).
 */
async function firstSearches(base) {
  const user = { username: `warm_${Date.now().toString(36)}`, password: 'warm-password-123' };
  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/health`);
      break;
    } catch {
      if (i > 120) throw new Error('service did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  await fetch(`${base}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  const login = await (
    await fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) })
  ).json();
  const started = performance.now();
  let slowest = 0;
  for (const w of COMMON_INGREDIENTS) {
    const t = performance.now();
    const res = await fetch(`${base}/recipes?ingredient=${encodeURIComponent(w)}&limit=20`, {
      headers: { authorization: `Bearer ${login.access_token}` },
    });
    await res.arrayBuffer();
    slowest = Math.max(slowest, performance.now() - t);
  }
  console.log(
    `first search of each of the ${COMMON_INGREDIENTS.length} READMIX ingredients: ${((performance.now() - started) / 1000).toFixed(1)} s in all, slowest ${slowest.toFixed(0)} ms`,
  );
}

// READ alone, then READ while LOGIN runs at full load: hashing must stay off the event loop.
async function loginStorm(base, tmp) {
  const call = async (p, body, token) => {
    const res = await fetch(base + p, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.json();
  };
  const user = { username: `storm_${Date.now().toString(36)}`, password: 'storm-password-123' };
  await call('/register', user);
  const { access_token: token } = await call('/login', user);
  const lua = (method, body, bearer) => {
    const f = path.join(tmp, `w${Math.random().toString(36).slice(2)}.lua`);
    fs.writeFileSync(
      f,
      [
        `wrk.method = "${method}"`,
        body ? `wrk.body = [==[${JSON.stringify(body)}]==]\nwrk.headers["Content-Type"] = "application/json"` : '',
        bearer ? `wrk.headers["Authorization"] = "Bearer ${bearer}"` : '',
        'done = function(s, lat, req) io.write(string.format("\\nP99 %d RPS %f NON2XX %d\\n", lat:percentile(99), s.requests / (s.duration / 1e6), s.errors.status)) end',
      ].join('\n'),
    );
    return f;
  };
  const wrk = (url, script, conns, secs) =>
    new Promise((resolve, reject) => {
      const p = spawn('wrk', ['-t', '1', '-c', String(conns), '-d', `${secs}s`, '--timeout', '30s', '-s', script, url]);
      let out = '';
      p.stdout.on('data', (d) => {
        out += d;
      });
      p.on('exit', () => {
        const m = /P99 (\d+) RPS ([\d.]+) NON2XX (\d+)/.exec(out);
        if (m) resolve({ p99ms: Number(m[1]) / 1000, rps: Number(m[2]), non2xx: Number(m[3]) });
        else reject(new Error(out));
      });
    });
  const readUrl = `${base}/recipes?ingredient=saffron&max_time=60&limit=20`;
  const readScript = lua('GET', null, token);
  const secs = Number(opt.duration);
  const quiet = await wrk(readUrl, readScript, 16, secs);
  const [storm, login] = await Promise.all([wrk(readUrl, readScript, 16, secs), wrk(`${base}/login`, lua('POST', user), 8, secs)]);
  console.log(`\nlogin storm (READ at 16 connections; LOGIN at 8 connections alongside, ${secs} s each):`);
  console.log(`  READ quiet:        ${quiet.rps.toFixed(0)} req/s, p99 ${quiet.p99ms.toFixed(2)} ms`);
  console.log(
    `  READ during storm: ${storm.rps.toFixed(0)} req/s, p99 ${storm.p99ms.toFixed(2)} ms (${(storm.p99ms / quiet.p99ms).toFixed(2)}x quiet)`,
  );
  console.log(`  LOGIN meanwhile:   ${login.rps.toFixed(0)} req/s, non-2xx ${login.non2xx}`);
}
