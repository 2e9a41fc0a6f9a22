#!/usr/bin/env node
// Builds the web app into web/dist with Vite, then writes .br and .gz next to every text asset
// (served pre-compressed by @fastify/static). `--if-stale` builds only when a source under web/ (or
// this script, or the client) is newer than web/dist/index.html: `npm start` runs it first, so a
// fresh clone serves the app, and a restart after `git pull` picks up new sources.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const index = path.join(dist, 'index.html');

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).filter((n) => n !== 'dist' && n !== 'node_modules').map((n) => newest(path.join(p, n))));
}

if (process.argv.includes('--if-stale') && fs.existsSync(index)) {
  const built = fs.statSync(index).mtimeMs;
  const sources = Math.max(newest(web), newest(path.join(root, 'clients', 'typescript')), newest(fileURLToPath(import.meta.url)));
  if (sources <= built) process.exit(0);
}

const started = Date.now();
const { build } = await import('vite');
await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'warn' });

let js = 0; let jsGz = 0; let css = 0;
/** Brotli size of each JavaScript file: the app's entry, and one chunk per language catalogue. */
const jsBr = {};
for (const dir of [dist, path.join(dist, 'assets')]) {
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (!/\.(js|css|html|svg|json)$/.test(name) || !fs.statSync(file).isFile()) continue;
    const data = fs.readFileSync(file);
    const gz = zlib.gzipSync(data, { level: 9 });
    fs.writeFileSync(`${file}.gz`, gz);
    const br = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } });
    fs.writeFileSync(`${file}.br`, br);
    if (name.endsWith('.js')) { js += data.length; jsGz += gz.length; jsBr[name] = br.length; }
    if (name.endsWith('.css')) css += data.length;
  }
}
console.log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s: JavaScript ${(js / 1024).toFixed(1)} KiB (${(jsGz / 1024).toFixed(1)} KiB gzip), CSS ${(css / 1024).toFixed(1)} KiB`);
// What one page load fetches: the entry plus one language's catalogue (the largest counted).
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const entry = Object.entries(jsBr).filter(([n]) => n.startsWith('index-')).reduce((a, [, v]) => a + v, 0);
const catalogues = Object.entries(jsBr).filter(([n]) => !n.startsWith('index-'));
console.log(`brotli: entry ${kib(entry)}; ${catalogues.map(([n, v]) => `${n.replace(/-[\w-]{8}\.js$/, '')} ${kib(v)}`).join(', ')}; a page load at most ${kib(entry + Math.max(0, ...catalogues.map(([, v]) => v)))}`);
