/**
 * Serves the web app (web/, built into web/dist by `npm run build:web`) from the API's own origin.
 *
 * - `/assets/*`: the bundle's content-hashed files, cached for a year (`immutable`), served
 *   pre-compressed (brotli/gzip, made at build time) when the browser accepts it.
 * - The app's pages (`/`, `/sign-in`, `/recipe/7`, ...): index.html (`no-cache`, so a new build
 *   is picked up at once) for a browser navigation, i.e. a GET that accepts text/html. The page
 *   paths never coincide with an API path, so an API client always gets the API.
 * - `GET /` without text/html keeps answering the JSON index of links (src/modules/home).
 *
 * The page shell comes in each language the app speaks (index.html in English, index.<lang>.html
 * for the others, written by the build from the catalogues): the one the visitor chose with the
 * app's switch (the `gourmet_lang` cookie), else the best match of Accept-Language, so `lang`,
 * the title and the description are right before any script runs.
 *
 * The pages get a stricter Content-Security-Policy than the API default: no 'unsafe-inline'
 * even for styles (the Swagger UI needs that; the app does not), and no other origin at all, so
 * a recipe's image on its source site is linked, never loaded (no third party learns who looks).
 */
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Client-side routes of the web app (kept in step with web/src/routes.ts; a test checks both). */
export const APP_PAGES = [
  '/',
  '/sign-in',
  '/sign-up',
  '/new',
  '/import',
  '/move',
  '/bookmarklet',
  '/recipe/:id',
  '/recipe/:id/edit',
  '/my-household',
  '/admin',
  '/reset-password',
  '/week',
  '/shopping',
  '/shopping/:id',
] as const;

export const APP_CSP = [
  "default-src 'self'",
  "base-uri 'none'",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  // blob: only for the recipe form's preview of a picture chosen on the device (URL.createObjectURL),
  // which is same-document memory, not another origin.
  "img-src 'self' data: blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
  "worker-src 'self'",
].join('; ');

export interface WebOptions {
  distDir?: string;
}

/** The nonce the bookmarklet puts in the address of the window it opens (web/src/handoff.ts checks the same form). */
export const HANDOFF_NONCE = /^[A-Za-z0-9_-]{22,128}$/;

function isBookmarkletHandoff(query: unknown): boolean {
  const q = (query ?? {}) as Record<string, unknown>;
  return q.via === 'bookmarklet' && typeof q.nonce === 'string' && HANDOFF_NONCE.test(q.nonce);
}

/** The shell languages besides English (kept in step with web/src/i18n/index.ts LANGUAGES). */
export const SHELL_LANGUAGES = ['pt-BR'] as const;

/**
 * The shell's language for a request: the app's remembered choice, else the first language of
 * Accept-Language (by q) that the app speaks, any Portuguese counting as pt-BR (the rule of
 * web/src/i18n/index.ts negotiate()); English otherwise.
 */
export function shellLanguage(cookieHeader: string | undefined, acceptLanguage: string | undefined): string {
  const chosen = /(?:^|;\s*)gourmet_lang=([^;]*)/.exec(cookieHeader ?? '')?.[1];
  if (chosen === 'en' || (SHELL_LANGUAGES as readonly string[]).includes(chosen ?? '')) return chosen!;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .slice(0, 50)
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(/^\s*q=([\d.]+)\s*$/.exec(params.find((p) => /^\s*q=/.test(p)) ?? '')?.[1] ?? 1);
      return { primary: tag.trim().toLowerCase().split(/[-_]/)[0], q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { primary } of ranked) {
    if (primary === 'pt') return 'pt-BR';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

function acceptsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/.test(request.headers.accept ?? '');
}

async function webRoutes(app: FastifyInstance, opts: WebOptions) {
  const distDir = opts.distDir ?? DEFAULT_WEB_DIST;
  const indexFile = path.join(distDir, 'index.html');
  let indexHtml: Buffer | undefined;
  try {
    indexHtml = fs.readFileSync(indexFile);
  } catch {
    app.log.warn(`the web app is not built (${indexFile} is missing): run "npm run build:web"; / answers JSON only until then`);
  }
  const shells = new Map<string, Buffer>();
  for (const lang of SHELL_LANGUAGES) {
    const file = path.join(distDir, `index.${lang}.html`);
    if (indexHtml && fs.existsSync(file)) shells.set(lang, fs.readFileSync(file));
  }
  const shellFor = (request: FastifyRequest) =>
    shells.get(shellLanguage(request.headers.cookie, request.headers['accept-language'])) ?? indexHtml;

  if (indexHtml) {
    await app.register(fastifyStatic, {
      root: path.join(distDir, 'assets'),
      prefix: '/assets/',
      preCompressed: true,
      immutable: true,
      maxAge: '365d',
      index: false,
      // Our own route below: it returns the reply, which the drain plugin's async wrapper of every
      // handler needs (the plugin's callback-style route would be answered empty).
      serve: false,
    });
  }

  const hidden = { schema: { hide: true } };
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    reply.status(404).send({ error: `Route ${request.method} ${request.url.split('?')[0]} not found`, code: 'NOT_FOUND' });
  const sendApp = (request: FastifyRequest, reply: FastifyReply, page?: string, query?: unknown) =>
    reply
      // The bookmarklet opens /import from the recipe's site and hands it the page by postMessage,
      // which needs the window reference that COOP same-origin would sever. Only the hand-off's own
      // address opts out (/import?via=bookmarklet&nonce=…); once the page has arrived, the app moves
      // to a same-origin address, so the recipe's site cannot navigate the window afterwards.
      .header('cross-origin-opener-policy', page === '/import' && isBookmarkletHandoff(query) ? 'unsafe-none' : 'same-origin')
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', APP_CSP)
      .header('vary', 'Accept, Accept-Language, Cookie')
      .send(shellFor(request));

  // GET / stays the API's JSON index (home.routes.ts) for API clients; a browser navigation
  // (Accept: text/html) gets the app instead, before the index route runs.
  // A callback hook: it runs on every request, and most only pass through (no promise for them).
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.url === '/') {
      // Answered here: the reply is sent and done is not called, so the index route does not run.
      if (indexHtml && request.method === 'GET' && acceptsHtml(request)) {
        sendApp(request, reply);
        return;
      }
      reply.header('vary', 'Accept');
    }
    done();
  });
  for (const page of APP_PAGES.filter((p) => p !== '/')) {
    app.get(page, hidden, async (request, reply) =>
      indexHtml && acceptsHtml(request) ? sendApp(request, reply, page, request.query) : notFound(request, reply),
    );
  }

  app.get<{ Params: { '*': string } }>('/assets/*', hidden, async (request, reply) => {
    if (!indexHtml) return notFound(request, reply);
    return reply.header('vary', 'Accept-Encoding').sendFile(request.params['*']);
  });

  const favicon = path.join(distDir, 'favicon.svg');
  app.get('/favicon.svg', hidden, async (request, reply) => {
    if (!indexHtml || !fs.existsSync(favicon)) return notFound(request, reply);
    return reply.header('content-type', 'image/svg+xml').header('cache-control', 'public, max-age=86400').send(fs.readFileSync(favicon));
  });
  appFiles(app, distDir, hidden, notFound);
}

/** The PNG icons the build draws from favicon.svg (scripts/build-web.mjs), named in the manifest. */
export const APP_ICONS = ['icon-192.png', 'icon-512.png', 'icon-maskable-512.png'] as const;

/** The installable app's manifest, service worker and icons, from the build (web/public, scripts/build-web.mjs). */
export function appFiles(
  app: FastifyInstance,
  distDir: string,
  hidden: object,
  notFound: (request: FastifyRequest, reply: FastifyReply) => unknown,
) {
  // The worker and the manifest are checked for updates on every visit; no-cache keeps that cheap
  // and current. The icons change only with the drawing.
  const files: [string, string, string, string][] = [
    ['/sw.js', 'sw.js', 'text/javascript; charset=utf-8', 'no-cache'],
    ['/manifest.webmanifest', 'manifest.webmanifest', 'application/manifest+json', 'no-cache'],
    ...APP_ICONS.map((name): [string, string, string, string] => [`/${name}`, name, 'image/png', 'public, max-age=86400']),
  ];
  for (const [url, name, type, caching] of files) {
    const file = path.join(distDir, name);
    app.get(url, hidden, async (request, reply) => {
      if (!fs.existsSync(file)) return notFound(request, reply);
      return reply.header('content-type', type).header('cache-control', caching).send(fs.readFileSync(file));
    });
  }
}

/** Not encapsulated: the hook for GET / must see the index route of home.routes.ts. */
export default fp(webRoutes, { name: 'web' });
