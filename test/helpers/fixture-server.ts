/**
 * A loopback-only HTTP server for scraper tests: the saved real recipe pages plus crafted
 * hostile or unusual responses (slow, huge, compression bombs, redirects, non-HTML, latin-1).
 * It binds 127.0.0.1 on a free port, so tests never need the network.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';

/**
 * The saved real pages are third-party data beside the project (../shared), never copied into it.
 * RECIPE_FIXTURES_DIR overrides where they are (e.g. to check what a clone without them does).
 */
export const RECIPE_FIXTURES_DIR = process.env.RECIPE_FIXTURES_DIR
  ? path.resolve(process.env.RECIPE_FIXTURES_DIR)
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/recipe-pages');

/** Small pages this project wrote for its tests (test/fixtures/pages/<name>.html), served at /pages/<name>.html. */
export const TEST_PAGES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/pages');

/** The text of one of the project's own test pages. */
export function testPage(name: string): string {
  return fs.readFileSync(path.join(TEST_PAGES_DIR, `${name}.html`), 'utf8');
}

const CI = process.env.CI === 'true' || process.env.CI === '1';
const realPagesPresent = fs.existsSync(path.join(RECIPE_FIXTURES_DIR, 'cases.tsv'));

/**
 * The `skip` option for a test over the saved real pages: false when they are there, else the
 * reason, which the test runner prints as the test's one SKIP line. Under CI=true they must be
 * there, so the test runs and fails on their absence (requireRealPages), as a missing PostgreSQL does.
 */
export function realPagesSkip(): string | false {
  if (realPagesPresent || CI) return false;
  return `saved real pages not found at ${RECIPE_FIXTURES_DIR} (no ../shared beside this clone)`;
}

/** Fails with a clear message when the saved real pages are missing (a test over them under CI=true). */
export function requireRealPages(): void {
  if (!realPagesPresent) throw new Error(`the saved real pages are required (CI=true) but ${RECIPE_FIXTURES_DIR} has no cases.tsv`);
}

/** Names of the saved recipe pages (`<case>.html` with `<case>.expected.json`); fails clearly when they are missing. */
export function recipeFixtureCases(): string[] {
  requireRealPages();
  return fs
    .readdirSync(RECIPE_FIXTURES_DIR)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => f.slice(0, -'.expected.json'.length))
    .sort();
}

export interface FixtureRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface FixtureServer {
  port: number;
  /** `127.0.0.1:<port>`, the value for SCRAPE_ALLOW_HOSTS / allowHosts. */
  hostPort: string;
  url(pathname: string): string;
  /** Every request received, in order. */
  requests: FixtureRequest[];
  /** Extra routes a test can add: pathname → handler. */
  routes: Map<string, http.RequestListener>;
  close(): Promise<void>;
}

export const SIMPLE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>  Simple
  page  </title><style>p{color:red}</style><script>var p = "<p>not me</p>";</script></head>
<body><h1>Main heading</h1><p>First paragraph.</p><h2>Second</h2><p>   </p><p>Second &amp; last</p><h3>Third</h3><h4>Not me</h4></body></html>`;

/** Portuguese text whose accents are single bytes in ISO-8859-1 and invalid as UTF-8. */
export const LATIN1_TEXT = 'Feijoada à moda: açúcar, pão e coração';
const latin1Page = (head: string) =>
  Buffer.from(`<!doctype html><html><head>${head}<title>${LATIN1_TEXT}</title></head><body><p>${LATIN1_TEXT}</p></body></html>`, 'latin1');

function send(res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body?: string | Buffer) {
  res.writeHead(status, headers);
  res.end(body);
}

const html = { 'content-type': 'text/html; charset=utf-8' };

/** Starts the server; `close()` also drops hanging connections so slow routes never keep a test alive. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const requests: FixtureRequest[] = [];
  const routes = new Map<string, http.RequestListener>();
  // ~50 KB that inflate to 50 MB: the classic bomb. A gzip stream may hold many members, so one
  // compressed MiB repeated 50 times is a valid body that is cheap to build.
  let bombs: { gzip: Buffer; br: Buffer } | undefined;
  const bomb = () => {
    if (!bombs) {
      const mib = Buffer.alloc(1024 * 1024, 0x20);
      const head = zlib.gzipSync(Buffer.from('<html><body><p>'));
      bombs = {
        gzip: Buffer.concat([head, ...new Array<Buffer>(50).fill(zlib.gzipSync(mib, { level: 9 }))]),
        br: zlib.brotliCompressSync(Buffer.alloc(50 * 1024 * 1024, 0x20), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }),
      };
    }
    return bombs;
  };
  // Built before the first request: compressing 50 MB on demand could outlast a test's short timeout.
  bomb();

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://fixture.invalid');
    const p = u.pathname;
    requests.push({ path: `${p}${u.search}`, headers: req.headers });
    const custom = routes.get(p);
    if (custom) return custom(req, res);

    const own = /^\/pages\/([\w.-]+)\.html$/.exec(p);
    if (own) {
      const file = path.join(TEST_PAGES_DIR, `${own[1]}.html`);
      if (!fs.existsSync(file)) return send(res, 404, html, 'not found');
      return send(res, 200, html, fs.readFileSync(file));
    }
    const fixture = /^\/fixtures\/([\w.-]+)\.html$/.exec(p);
    if (fixture) {
      const file = path.join(RECIPE_FIXTURES_DIR, `${fixture[1]}.html`);
      if (!fs.existsSync(file)) return send(res, 404, html, 'not found');
      return send(res, 200, html, fs.readFileSync(file));
    }
    switch (p) {
      case '/page.html':
        return send(res, 200, html, SIMPLE_PAGE);
      case '/xhtml':
        return send(res, 200, { 'content-type': 'application/xhtml+xml' }, SIMPLE_PAGE);
      case '/gzip-page':
        return send(res, 200, { ...html, 'content-encoding': 'gzip' }, zlib.gzipSync(SIMPLE_PAGE));
      case '/br-page':
        return send(res, 200, { ...html, 'content-encoding': 'br' }, zlib.brotliCompressSync(SIMPLE_PAGE));
      case '/deflate-page':
        return send(res, 200, { ...html, 'content-encoding': 'deflate' }, zlib.deflateSync(SIMPLE_PAGE));
      case '/raw-deflate-page':
        return send(res, 200, { ...html, 'content-encoding': 'deflate' }, zlib.deflateRawSync(SIMPLE_PAGE));
      case '/gzip-bomb':
        return send(res, 200, { ...html, 'content-encoding': 'gzip' }, bomb().gzip);
      case '/br-bomb':
        return send(res, 200, { ...html, 'content-encoding': 'br' }, bomb().br);
      case '/huge': {
        // Streamed without Content-Length so only counting can stop it.
        const total = Number(u.searchParams.get('bytes') ?? 10 * 1024 * 1024);
        res.writeHead(200, html);
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        let sent = 0;
        const pump = () => {
          while (sent < total) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => {});
        return pump();
      }
      case '/huge-declared':
        res.writeHead(200, { ...html, 'content-length': String(100 * 1024 * 1024) });
        return res.write('<html>');
      case '/slow-headers':
        return; // never answers
      case '/slow-body':
        res.writeHead(200, html);
        return res.write('<html><head><title>never ends');
      case '/json':
        return send(res, 200, { 'content-type': 'application/json' }, '{"title":"not html"}');
      case '/image':
        return send(res, 200, { 'content-type': 'image/png' }, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      case '/no-type':
        return send(res, 200, {}, SIMPLE_PAGE);
      case '/latin1-header':
        return send(res, 200, { 'content-type': 'text/html; charset=ISO-8859-1' }, latin1Page(''));
      case '/latin1-meta':
        return send(res, 200, { 'content-type': 'text/html' }, latin1Page('<meta charset="iso-8859-1">'));
      case '/latin1-http-equiv':
        return send(
          res,
          200,
          { 'content-type': 'text/html' },
          latin1Page('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'),
        );
      case '/utf8-no-charset':
        return send(
          res,
          200,
          { 'content-type': 'text/html' },
          Buffer.from(`<html><head><title>${LATIN1_TEXT}</title></head></html>`, 'utf8'),
        );
      case '/redirect': {
        // /redirect?to=<absolute or relative URL>&status=302
        const to = u.searchParams.get('to') ?? '/page.html';
        return send(res, Number(u.searchParams.get('status') ?? 302), { location: to }, '');
      }
      case '/no-location':
        return send(res, 302, {}, '');
      default: {
        const chain = /^\/chain\/(\d+)$/.exec(p);
        if (chain) {
          const n = Number(chain[1]);
          return send(res, 301, { location: n > 0 ? `/chain/${n - 1}` : '/page.html' }, '');
        }
        const status = /^\/status\/(\d{3})$/.exec(p);
        if (status) return send(res, Number(status[1]), html, '<html><title>error</title></html>');
        return send(res, 404, html, 'not found');
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    hostPort: `127.0.0.1:${port}`,
    url: (pathname) => `http://127.0.0.1:${port}${pathname.startsWith('/') ? '' : '/'}${pathname}`,
    requests,
    routes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
