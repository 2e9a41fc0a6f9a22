#!/usr/bin/env node
// Compiles the test files given into .test-build/run-<pid>/ (removed when the process exits), bundled with
// the sources they import (src/, web/src/, scripts/, clients/) and split into shared chunks;
// packages stay in node_modules. Running TypeScript through tsx's loader cost each test file's
// process about a second of CPU before its first test (tsx's module hooks, not its transforms),
// and the suite starts some 200 of them.
//
// Every module keeps its source's import.meta.url (and .dirname, .filename), so what a test or a module finds
// from where it lives (the repository's root, ../shared's fixtures, the tagger's model, a worker's
// .ts entry, which the worker loads through tsx as it always has) is found exactly as before.
// Used by scripts/run-tests.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILDS = path.join(root, '.test-build');
/**
 * This process's build: each run has its own folder, so two runs in one checkout (the suite and a
 * file run by hand beside it) never replace each other's files. Inside the checkout, so the
 * compiled modules find the packages in its node_modules.
 */
export const TEST_BUILD_DIR = path.join(BUILDS, `run-${process.pid}`);

/** Removes the builds of runs whose process is gone (a run removes its own at exit). */
function removeStaleBuilds() {
  if (!fs.existsSync(BUILDS)) return;
  for (const name of fs.readdirSync(BUILDS)) {
    const pid = Number(/^run-(\d+)$/.exec(name)?.[1]);
    let alive = false;
    try {
      alive = pid > 0 && process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) fs.rmSync(path.join(BUILDS, name), { recursive: true, force: true });
  }
}

/** Rewrites `import.meta.url`, `.dirname` and `.filename` in every bundled source to that source's own. */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx|mts|mjs|js)$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!/\bimport\.meta\.(url|dirname|filename)\b/.test(text)) return undefined;
      const own = {
        url: JSON.stringify(pathToFileURL(args.path).href),
        dirname: JSON.stringify(path.dirname(args.path)),
        filename: JSON.stringify(args.path),
      };
      const loader = args.path.endsWith('.tsx') ? 'tsx' : /\.m?ts$/.test(args.path) ? 'ts' : 'js';
      return { contents: text.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key) => own[key]), loader };
    });
  },
};

/** The compiled path of a test file (test/api/x.test.ts → .test-build/test/api/x.test.js). */
export function compiledTestPath(file) {
  return path.join(TEST_BUILD_DIR, path.relative(root, path.resolve(file)).replace(/\.ts$/, '.js'));
}

export async function buildTests(files) {
  const { build } = await import('esbuild');
  removeStaleBuilds();
  fs.rmSync(TEST_BUILD_DIR, { recursive: true, force: true });
  process.on('exit', () => fs.rmSync(TEST_BUILD_DIR, { recursive: true, force: true }));
  await build({
    entryPoints: files.map((f) => path.resolve(root, f)),
    outdir: TEST_BUILD_DIR,
    outbase: root,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
    tsconfig: path.join(root, 'tsconfig.json'),
    // Bundled CommonJS code calls require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __testRequire } from 'node:module'; const require = __testRequire(import.meta.url);" },
    plugins: [sourceImportMetaUrl],
  });
  return files.map(compiledTestPath);
}
