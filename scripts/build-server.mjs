#!/usr/bin/env node
// Compiles the server (src/) to JavaScript in dist/, one module per source file as tsx would run
// it (esbuild, no bundling: import.meta.url keeps pointing beside each module), and copies the
// files the modules read beside themselves that are not TypeScript (the worker threads' boot
// module, the ingredient tagger's model), so `node dist/server.js` runs without tsx. Types are
// checked by `npm run typecheck`, not here, exactly as under tsx; the build takes about a second. `--if-stale` builds only
// when dist/ is missing or something under src/ (or a tsconfig, or this script) is newer than the
// last build: `npm start` runs it first, so a fresh clone and a restart after `git pull` both run
// what the sources say.
//
// The build goes to a temporary folder that then replaces dist/, so a server already running
// from dist/ never sees half a build, and a failed build leaves dist/ as it was.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newest(path.join(p, n))));
}

const inputs = [src, path.join(root, 'tsconfig.json'), fileURLToPath(import.meta.url)];
if (process.argv.includes('--if-stale') && fs.existsSync(stamp) && fs.existsSync(path.join(dist, 'server.js'))) {
  if (Math.max(...inputs.map(newest)) <= fs.statSync(stamp).mtimeMs) process.exit(0);
}

const started = Date.now();
const out = path.join(root, `dist.tmp-${process.pid}`);
fs.rmSync(out, { recursive: true, force: true });
function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}
try {
  const { build } = await import('esbuild');
  await build({
    entryPoints: sources(src),
    outdir: out,
    outbase: src,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    tsconfig: path.join(root, 'tsconfig.json'),
  });
} catch (err) {
  fs.rmSync(out, { recursive: true, force: true });
  console.error(`server build failed; dist/ left as it was: ${err.message}`);
  process.exit(1);
}

// Every file under src/ that tsc does not emit, at the same relative path.
function copyAssets(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) copyAssets(p);
    else if (!e.name.endsWith('.ts')) {
      const target = path.join(out, path.relative(src, p));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(p, target);
    }
  }
}
copyAssets(src);
fs.writeFileSync(path.join(out, '.build-stamp'), `${new Date().toISOString()}\n`);

const old = `${dist}.old-${process.pid}`;
if (fs.existsSync(dist)) fs.renameSync(dist, old);
fs.renameSync(out, dist);
fs.rmSync(old, { recursive: true, force: true });
console.log(`server built into dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
