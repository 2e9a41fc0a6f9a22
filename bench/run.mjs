#!/usr/bin/env node
// One-command benchmark: a fresh database, N seeded recipes, the service started with the
// benchmark's rate-limit settings, then ../shared/tools/bench.mjs (READ, WRITE, AUTH, LOGIN with
// wrk) against it, then a login storm with READ alongside. Only 127.0.0.1 is ever contacted.
//   npm run bench -- [--records 5000] [--db sqlite|postgres://...] [--workers 1] [--runs 3] [--duration 10]
//                    [--workloads read,write,auth,login] [--storm false] [--port 5099]
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({
  options: {
    records: { type: 'string', default: '5000' }, db: { type: 'string', default: 'sqlite' }, workers: { type: 'string', default: process.env.WORKERS ?? '1' },
    runs: { type: 'string', default: '3' }, duration: { type: 'string', default: '10' }, workloads: { type: 'string', default: 'read,write,auth,login' },
    storm: { type: 'string', default: 'true' }, port: { type: 'string', default: '5099' }, json: { type: 'string', default: '' },
  },
});
const harness = path.resolve(root, '../shared/tools/bench.mjs');
if (!fs.existsSync(harness)) { console.error(`missing ${harness}`); process.exit(2); }
try { execFileSync('wrk', ['-v'], { stdio: 'ignore' }); } catch (e) { if (e.code === 'ENOENT') { console.error('wrk not found: apt-get install -y wrk'); process.exit(2); } }

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'recipes-bench-'));
let databaseUrl;
let dropPg = null;
if (opt.db === 'sqlite') {
  databaseUrl = `sqlite:${path.join(tmp, 'bench.db')}`;
} else if (/^postgres(ql)?:\/\//.test(opt.db)) {
  // A database of its own, dropped at the end, so runs never see each other's rows.
  const u = new URL(opt.db);
  const name = `bench_${Date.now().toString(36)}`;
  const pg = (await import('pg')).default;
  const admin = new pg.Client({ connectionString: opt.db });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  u.pathname = `/${name}`;
  databaseUrl = u.toString();
  dropPg = async () => {
    const c = new pg.Client({ connectionString: opt.db });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  };
} else { console.error('--db is sqlite or a postgres:// URL'); process.exit(2); }

const run = (cmd, args, env = {}) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
console.log(`seeding ${opt.records} recipes into ${databaseUrl.replace(/\/\/[^@]*@/, '//')}`);
run(process.execPath, ['--import', 'tsx', 'bench/seed.ts', '--db', databaseUrl, '--records', opt.records]);

// The login limiter stays on; the benchmark raises its limits so LOGIN measures hashing, not 429s.
const env = {
  DATABASE_URL: databaseUrl, PORT: opt.port, HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789', WORKERS: opt.workers,
  RATE_LIMIT_LOGIN_PER_USER: '1000000', RATE_LIMIT_LOGIN_PER_IP: '1000000', RATE_LIMIT_REGISTER_PER_IP: '1000000', RATE_LIMIT_GLOBAL_PER_IP: '0',
};
console.log('service settings for the benchmark: login/register rate limits raised to 10^6 per window (still on), global per-client limit off');
const server = spawn(process.execPath, ['--import', 'tsx', Number(opt.workers) > 1 ? 'src/cluster.ts' : 'src/server.ts'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
const base = `http://127.0.0.1:${opt.port}`;
const stop = async () => {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  if (dropPg) await dropPg();
  fs.rmSync(tmp, { recursive: true, force: true });
};

function rss() {
  // Resident memory of the server and its workers, from /proc (Linux).
  const pids = [server.pid, ...execFileSync('sh', ['-c', `pgrep -P ${server.pid} || true`]).toString().split(/\s+/).filter(Boolean).map(Number)];
  return pids.map((pid) => {
    try { return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024; } catch { return 0; }
  });
}

try {
  const jsonOut = opt.json || path.join(tmp, 'results.json');
  run(process.execPath, [harness, '--records', '0', '--runs', opt.runs, '--duration', opt.duration, '--workloads', opt.workloads, '--json', jsonOut, `project=${base}`]);
  console.log(`\nserver RSS after the workloads (MB per process): ${rss().map((x) => x.toFixed(0)).join(', ')}`);
  if (opt.storm === 'true') await loginStorm(base);
} finally {
  await stop();
}

// READ alone, then READ while LOGIN runs at full load: hashing must stay off the event loop.
async function loginStorm(base) {
  const call = async (p, body, token) => {
    const res = await fetch(base + p, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
    return res.json();
  };
  const user = { username: `storm_${Date.now().toString(36)}`, password: 'storm-password-123' };
  await call('/register', user);
  const { access_token: token } = await call('/login', user);
  const lua = (method, body, bearer) => {
    const f = path.join(tmp, `w${Math.random().toString(36).slice(2)}.lua`);
    fs.writeFileSync(f, [`wrk.method = "${method}"`, body ? `wrk.body = [==[${JSON.stringify(body)}]==]\nwrk.headers["Content-Type"] = "application/json"` : '',
      bearer ? `wrk.headers["Authorization"] = "Bearer ${bearer}"` : '',
      'done = function(s, lat, req) io.write(string.format("\\nP99 %d RPS %f NON2XX %d\\n", lat:percentile(99), s.requests / (s.duration / 1e6), s.errors.status)) end'].join('\n'));
    return f;
  };
  const wrk = (url, script, conns, secs) => new Promise((resolve, reject) => {
    const p = spawn('wrk', ['-t', '1', '-c', String(conns), '-d', `${secs}s`, '--timeout', '30s', '-s', script, url]);
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
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
  console.log(`  READ during storm: ${storm.rps.toFixed(0)} req/s, p99 ${storm.p99ms.toFixed(2)} ms (${(storm.p99ms / quiet.p99ms).toFixed(2)}x quiet)`);
  console.log(`  LOGIN meanwhile:   ${login.rps.toFixed(0)} req/s, non-2xx ${login.non2xx}`);
}
