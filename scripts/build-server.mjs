#!/usr/bin/env node
// Compiles the server (src/) to JavaScript in dist/, one module per source file as tsx would run
// it (what the worker threads load), then the entry points (server.js, cluster.js) bundled over
// those, and copies the files the modules read beside themselves that are not TypeScript (the
// worker threads' boot module, the models), so `node dist/server.js` runs without tsx. Types are
// checked by `npm run typecheck`, not here, exactly as under tsx; the build takes a few seconds. `--if-stale` builds only
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
/** Packages left out of the bundle: native code, files read from beside themselves, or loaded lazily. */
const BUNDLE_EXTERNAL = [
  'better-sqlite3',
  '@node-rs/argon2',
  'sharp',
  'pg',
  'ioredis',
  'undici',
  'openid-client',
  '@fastify/swagger-ui',
  '@fastify/static',
  'esbuild',
  'vite',
  'yauzl',
  'yazl',
];

/** Rewrites `import.meta.url` in a bundled source to the URL of its per-file module in dist/. */
const perFileImportMetaUrl = {
  name: 'per-file-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!args.path.startsWith(src + path.sep)) return undefined;
      const rel = path.relative(src, args.path).replace(/\.ts$/, '.js').split(path.sep).join('/');
      const text = await fs.promises.readFile(args.path, 'utf8');
      // Chunks live one folder down (dist/chunks/), entry points at the top: resolve from dist/.
      const distUrl = `new URL(${JSON.stringify(rel)}, new URL('.', import.meta.url).pathname.endsWith('/chunks/') ? new URL('..', import.meta.url) : import.meta.url).href`;
      return { contents: text.replace(/\bimport\.meta\.url\b/g, `(${distUrl})`), loader: 'ts' };
    });
  },
};

try {
  const { build } = await import('esbuild');
  const common = {
    outdir: out,
    outbase: src,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    tsconfig: path.join(root, 'tsconfig.json'),
  };
  await build({ ...common, entryPoints: sources(src) });
  // The entry points again, bundled with our own modules and most packages: loading some 300 of
  // our modules and the packages' hundreds one by one was most of the launch time. The bundle replaces the
  // per-file server.js and cluster.js; the worker threads and the assets keep using the per-file
  // modules. Each source's import.meta.url is rewritten to the URL its per-file module has, so
  // what a module finds beside itself (a worker's entry, the tagger's model) is found from the
  // bundle too.
  await build({
    ...common,
    entryPoints: ['server.ts', 'cluster.ts'].map((f) => path.join(src, f)),
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // The packages too, but those with native code, files of their own, or loaded only on use.
    external: BUNDLE_EXTERNAL,
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
    plugins: [perFileImportMetaUrl],
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
