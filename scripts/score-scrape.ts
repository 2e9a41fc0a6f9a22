/**
 * Recipe-extraction accuracy on the saved real pages: starts the app on a throwaway in-memory
 * database with the page server's address allow-listed, then runs the shared scorer
 * (../shared/tools/score-scrape.mjs), which serves the pages, registers a user and prints
 * per-field accuracy.
 *
 *   node --import tsx scripts/score-scrape.ts [--verbose] [--json out.json] [--only a,b]
 *
 * SCORE_CASES_DIR and SCORE_TOOL override where the cases and the scorer are.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const casesDir = process.env.SCORE_CASES_DIR ?? path.resolve(root, '../shared/fixtures/recipe-pages');
const tool = process.env.SCORE_TOOL ?? path.resolve(root, '../shared/tools/score-scrape.mjs');

/** A port that was free a moment ago, for the scorer's page server (the app must know it up front). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function main(): Promise<number> {
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
  try {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const child = spawn(
      process.execPath,
      [tool, '--cases', casesDir, '--base-url', address, '--port', String(pagePort), ...process.argv.slice(2)],
      { stdio: 'inherit' },
    );
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => resolve(code ?? 1));
    });
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('score-scrape:', err);
    process.exit(2);
  },
);
