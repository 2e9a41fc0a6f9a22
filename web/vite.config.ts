import path from 'node:path';
import { defineConfig } from 'vite';
import { shells } from './shells.ts';
import openapi from '../clients/typescript/openapi.json' with { type: 'json' };

/** `/recipes`, `/lists`, `/plan.ics`…: the first segment of every path the API serves. */
function apiPrefixes(): string[] {
  return [...new Set(Object.keys(openapi.paths).map((p) => `/${p.split('/')[1]}`))].filter((p) => p !== '/');
}

// The web app: Preact + TypeScript, bundled by Vite into web/dist (served by the API at /).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: 'public',
  // The project's own generated, typed client (clients/typescript, `npm run client:generate`).
  resolve: { alias: { '@gourmet/client': path.resolve(import.meta.dirname, '../clients/typescript/index.ts') } },
  // index.html in each language (the shell's lang, title and description from the catalogues).
  plugins: [shells()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One small bundle: no modulepreload polyfill (every supported browser has modulepreload).
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev:web`: the API on :5000 behind Vite's dev server.
    // Every API path (the first segment of each path in the OpenAPI document); a page the browser
    // navigates to (`/admin`, a page and an API prefix) stays with Vite.
    proxy: Object.fromEntries(
      apiPrefixes().map((p) => [
        p,
        { target: 'http://127.0.0.1:5000', bypass: (req) => (req.headers.accept?.includes('text/html') ? req.url : undefined) },
      ]),
    ),
  },
});
