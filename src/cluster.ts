/**
 * `npm run start:cluster`: one primary and WORKERS worker processes (default one per core),
 * each running src/server.ts on the same port; the kernel-level round robin of node:cluster
 * spreads connections over them. The primary migrates once before forking (so workers do not
 * queue on the migration lock), restarts a worker that dies, sums every worker's metrics for
 * /metrics, and on SIGTERM/SIGINT lets every worker finish its in-flight requests and exit.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createDatabase } from './db/database.js';
import { serveClusterMetrics } from './plugins/metrics.js';

const log = (level: 'info' | 'warn' | 'error', msg: string, extra: Record<string, unknown> = {}) =>
  console[level === 'info' ? 'log' : 'error'](
    JSON.stringify({ level, time: Date.now(), pid: process.pid, role: 'primary', msg, ...extra }),
  );

let config: Config;
try {
  config = loadConfig();
  // Each worker would open its own private in-memory database: requests would see different data.
  if (config.databaseUrl === 'sqlite::memory:')
    throw new ConfigError('start:cluster needs a shared database: DATABASE_URL=sqlite:<file> or postgres://...');
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

const database = createDatabase({
  url: config.databaseUrl,
  poolSize: 1,
  connectTimeoutMs: config.dbConnectTimeoutMs,
  statementTimeoutMs: 600_000,
});
try {
  await database.migrate();
} catch (err) {
  log('error', 'migration failed; not starting workers', { err: (err as Error).message });
  process.exit(1);
} finally {
  await database.close();
}

// Workers run the ordinary entry point beside this module: dist/server.js when compiled
// (`npm run start:cluster`), src/server.ts under tsx, whose --import is inherited via execArgv.
cluster.setupPrimary({ exec: fileURLToPath(new URL(`./server.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)) });
serveClusterMetrics();

let shuttingDown = false;
let failures = 0;
const fork = () => cluster.fork();
for (let i = 0; i < config.workers; i++) fork();
log('info', `started ${config.workers} workers`, { port: config.port });

cluster.on('exit', (worker: Worker, code, signal) => {
  if (shuttingDown) return;
  failures += 1;
  log('warn', 'worker died; starting a new one', { worker: worker.process.pid, code, signal });
  // A worker that cannot start (port taken, bad database) would otherwise be reforked in a hot loop.
  if (failures > config.workers * 5) {
    log('error', 'workers keep dying; giving up');
    process.exit(1);
  }
  setTimeout(fork, Math.min(200 * failures, 5000)).unref();
});
// A worker that stays up for a minute resets the failure budget.
setInterval(() => {
  failures = 0;
}, 60_000).unref();

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    log('info', 'shutting down: workers finish in-flight requests', { signal, workers: workers.length });
    // Each worker's own handler (src/server.ts) stops accepting, drains and exits within 10 s.
    for (const w of workers) w.process.kill('SIGTERM');
    const force = setTimeout(() => {
      log('error', 'workers did not exit in time; killing them');
      for (const w of workers) w.process.kill('SIGKILL');
      process.exit(1);
    }, 15_000);
    let clean = true;
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const w of workers) {
      w.once('exit', (code, sig) => {
        if (code !== 0) {
          clean = false;
          log('warn', 'worker exited uncleanly', { worker: w.process.pid, code, signal: sig });
        }
        if (--left === 0) {
          clearTimeout(force);
          log('info', 'all workers exited', { clean });
          process.exit(clean ? 0 : 1);
        }
      });
    }
  });
}
