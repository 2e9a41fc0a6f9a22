#!/usr/bin/env node
// Compiles the test files given (default: every test/**/*.test.ts) into .test-build/, bundled with
// the sources they import (src/, web/src/, scripts/, clients/) and split into shared chunks;
// packages stay in node_modules. Running TypeScript through tsx's loader cost each test file's
// process about a second of CPU before its first test (tsx's module hooks, not its transforms),
// and the suite starts some 200 of them.
//
// Every module keeps the URL of its source as import.meta.url, so what a test or a module finds
// from where it lives (the repository's root, ../shared's fixtures, the tagger's model, a worker's
// .ts entry, which the worker loads through tsx as it always has) is found exactly as before.
//
//   node scripts/build-tests.mjs [files...]   prints the compiled path of each file, one per line
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEST_BUILD_DIR = path.join(root, '.test-build');

/** Rewrites `import.meta.url` in every bundled source to that source's own file URL. */
const sourceImportMetaUrl = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.(ts|tsx|mts|mjs|js)$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const text = await fs.promises.readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      const loader = args.path.endsWith('.tsx') ? 'tsx' : /\.m?ts$/.test(args.path) ? 'ts' : 'js';
      return { contents: text.replace(/\bimport\.meta\.url\b/g, url), loader };
    });
  },
};

/** The compiled path of a test file (test/api/x.test.ts → .test-build/test/api/x.test.js). */
export function compiledTestPath(file) {
  return path.join(TEST_BUILD_DIR, path.relative(root, path.resolve(file)).replace(/\.ts$/, '.js'));
}

export async function buildTests(files) {
  const { build } = await import('esbuild');
  fs.rmSync(TEST_BUILD_DIR, { recursive: true, force: true });
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const given = process.argv.slice(2);
  const out = await buildTests(given);
  console.error(`${out.length} test files compiled into .test-build/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(out.join('\n'));
}
