#!/usr/bin/env node
// Builds the web app into web/dist with Vite, then writes .br and .gz next to every text asset
// (served pre-compressed by @fastify/static), the app's PNG icons drawn from favicon.svg, and the
// service worker's list of the build's files. `--if-stale` builds only when a source under web/ (or
// this script, or the client) is newer than web/dist/index.html: `npm start` runs it first, so a
// fresh clone serves the app, and a restart after `git pull` picks up new sources.
import crypto from 'node:crypto';
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
  return Math.max(
    st.mtimeMs,
    ...fs
      .readdirSync(p)
      .filter((n) => n !== 'dist' && n !== 'node_modules')
      .map((n) => newest(path.join(p, n))),
  );
}

if (process.argv.includes('--if-stale') && fs.existsSync(index)) {
  const built = fs.statSync(index).mtimeMs;
  const sources = Math.max(newest(web), newest(path.join(root, 'clients', 'typescript')), newest(fileURLToPath(import.meta.url)));
  if (sources <= built) process.exit(0);
}

const started = Date.now();
const { build } = await import('vite');
const built = await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'warn' });

// Installable: PNG icons for the manifest (192 and 512, and a maskable one that fills its square
// and keeps the drawing inside the middle 80%, the part every launcher's mask shows).
const sharp = (await import('sharp')).default;
const svg = fs.readFileSync(path.join(web, 'public', 'favicon.svg'), 'utf8');
const maskable = svg
  .replace(/<circle[^>]*\/>/, '<rect width="32" height="32" fill="#7a3b12"/>')
  .replace(/<path /, '<path transform="translate(3.2 3.2) scale(0.8)" ');
const icons = [
  ['icon-192.png', svg, 192],
  ['icon-512.png', svg, 512],
  ['icon-maskable-512.png', maskable, 512],
];
for (const [name, source, px] of icons) {
  // The SVG is 32 units wide: rasterised at the density that makes it px pixels, not scaled up.
  await sharp(Buffer.from(source), { density: (72 * px) / 32 })
    .resize(px, px)
    .png({ compressionLevel: 9 })
    .toFile(path.join(dist, name));
}

// The service worker keeps every file of this build (web/public/sw.js): their names, and a
// version that changes with them, so a new build installs a new worker and drops the old files.
const assets = fs
  .readdirSync(path.join(dist, 'assets'))
  .filter((n) => !/\.(br|gz)$/.test(n))
  .sort()
  .map((n) => `/assets/${n}`);
const swFile = path.join(dist, 'sw.js');
const swSource = fs.readFileSync(swFile, 'utf8');
const version = crypto
  .createHash('sha256')
  .update(JSON.stringify(assets))
  .update(fs.readFileSync(index))
  .update(swSource)
  .update(fs.readFileSync(path.join(dist, 'manifest.webmanifest')))
  .digest('hex')
  .slice(0, 12);
const swBuilt = swSource
  .replace("const BUILD = 'dev';", `const BUILD = '${version}';`)
  .replace('const ASSETS = [];', `const ASSETS = ${JSON.stringify(assets)};`);
if (swBuilt === swSource) throw new Error('web/public/sw.js: the BUILD and ASSETS lines to fill in were not found');
fs.writeFileSync(swFile, swBuilt);

let js = 0;
let jsGz = 0;
let css = 0;
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
    if (name.endsWith('.js')) {
      js += data.length;
      jsGz += gz.length;
      jsBr[name] = br.length;
    }
    if (name.endsWith('.css')) css += data.length;
  }
}
console.log(
  `web app built in ${((Date.now() - started) / 1000).toFixed(1)} s: JavaScript ${(js / 1024).toFixed(1)} KiB (${(jsGz / 1024).toFixed(1)} KiB gzip), CSS ${(css / 1024).toFixed(1)} KiB`,
);
// What one page load fetches: the entry, the chunks it imports (statically, so always), and one
// language's catalogue (the largest counted). The other chunks (cook mode, the pages loaded on
// demand) are fetched only where they are used. The build's own output says which is which.
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const chunks = (Array.isArray(built) ? built : [built]).flatMap((b) => b.output).filter((o) => o.type === 'chunk');
const byFile = new Map(chunks.map((c) => [c.fileName, c]));
const always = new Set();
const visit = (file) => {
  const c = byFile.get(file);
  if (!c || always.has(file)) return;
  always.add(file);
  for (const i of c.imports) visit(i);
};
for (const c of chunks) if (c.isEntry) visit(c.fileName);
const languages = new Set(
  chunks.filter((c) => c.isDynamicEntry && /[\\/]i18n[\\/][^\\/]+\.ts$/.test(c.facadeModuleId ?? '')).map((c) => c.fileName),
);
const size = (file) => jsBr[path.basename(file)] ?? 0;
const chunkName = (file) => path.basename(file).replace(/-[\w-]{8}\.js$/, '');
const initial = [...always].reduce((a, f) => a + size(f), 0);
const catalogues = [...languages];
const lazy = chunks.map((c) => c.fileName).filter((f) => !always.has(f) && !languages.has(f));
console.log(
  `brotli: entry and its imports ${kib(initial)}; ${catalogues.map((f) => `${chunkName(f)} ${kib(size(f))}`).join(', ')}; a page load at most ${kib(initial + Math.max(0, ...catalogues.map(size)))}` +
    (lazy.length ? `; on demand: ${lazy.map((f) => `${chunkName(f)} ${kib(size(f))}`).join(', ')}` : ''),
);
