#!/usr/bin/env node
// Launch time and idle memory of the server: starts it N times on a fresh SQLite file each, and
// for each run records the time from spawn to the first 200 from GET /health, the CPU time the
// process had used by then (user + system: steadier than wall time on a busy machine), and its
// resident memory (VmRSS) one second later, with nothing else asked of it. Prints every run and
// the medians.
//
//   node scripts/measure-start.mjs [runs=5] [-- command to start, default: node dist/server.js]
//   node scripts/measure-start.mjs 5 -- node --import tsx src/server.ts   # the TypeScript way
//
// The command is run directly (not through npm), so the figure is the server's own start, not
// npm's or a build's. Linux only (reads /proc/<pid>/status).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const sep = process.argv.indexOf('--');
const args = sep >= 0 ? process.argv.slice(2, sep) : process.argv.slice(2);
const command = sep >= 0 ? process.argv.slice(sep + 1) : ['node', 'dist/server.js'];
const runs = Number(args[0] ?? 5);
const port = 5600 + (process.pid % 300);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** User + system CPU time of a process so far, in ms (/proc/<pid>/stat fields 14 and 15, in ticks of 10 ms). */
function cpuMs(pid) {
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function once() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'measure-start-'));
  const started = performance.now();
  const child = spawn(command[0] === 'node' ? process.execPath : command[0], command.slice(1), {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${path.join(dir, 'recipes.db')}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error(`${command.join(' ')} exited before answering /health`);
      if (performance.now() - started > 60_000) throw new Error('no /health within 60 s');
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      await sleep(10);
    }
    const ms = performance.now() - started;
    const cpu = cpuMs(child.pid);
    await sleep(1000);
    return { ms, cpu, rss: rssMb(child.pid) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (exited ? r() : child.once('exit', r)));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`${command.join(' ')}: ${runs} runs, load average ${os.loadavg()[0].toFixed(1)}`);
const results = [];
for (let i = 0; i < runs; i++) {
  const r = await once();
  results.push(r);
  console.log(`run ${i + 1}: /health 200 after ${r.ms.toFixed(0)} ms (${r.cpu} ms CPU), idle RSS ${r.rss.toFixed(0)} MB`);
}
const med = (key) => median(results.map((r) => r[key])).toFixed(0);
console.log(`median: /health 200 after ${med('ms')} ms (${med('cpu')} ms CPU), idle RSS ${med('rss')} MB`);
