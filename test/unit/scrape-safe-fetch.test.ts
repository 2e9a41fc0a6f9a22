/**
 * The guarded fetcher against a loopback fixture server. Refusals of non-loopback ranges use a
 * stubbed DNS lookup plus an onConnect hook that throws for any non-loopback address, so even a
 * broken guard could never open a connection outside 127.0.0.0/8 and ::1.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../src/errors.js';
import { createSafeFetcher, type ResolvedAddress, type SafeFetcherOptions } from '../../src/modules/scrape/safe-fetch.js';
import { decodeHtml, sniffMetaCharset } from '../../src/modules/scrape/page-body.js';
import { LATIN1_TEXT, startFixtureServer } from '../helpers/fixture-server.js';

const srv = await startFixtureServer();
after(() => srv.close());

const connects: ResolvedAddress[][] = [];
/** Refuses (by throwing before the socket is opened) any connection that is not loopback. */
function loopbackOnly(info: { addresses: ResolvedAddress[] }) {
  connects.push(info.addresses);
  for (const a of info.addresses) {
    if (!/^127\./.test(a.address) && a.address !== '::1') throw new Error(`test guard: refused to connect to ${a.address}`);
  }
}

function fetcher(opts: Partial<SafeFetcherOptions> = {}) {
  const f = createSafeFetcher({
    allowHosts: [srv.hostPort],
    timeoutMs: 2000,
    maxBytes: 256 * 1024,
    maxConcurrent: 8,
    maxPerUser: 8,
    userAgent: 'GourmetRecipeCatalog-test/1.0',
    onConnect: loopbackOnly,
    ...opts,
  });
  after(() => f.close());
  return f;
}

/** Asserts the promise rejects with an AppError of this status and returns it. */
async function rejectsWith(p: Promise<unknown>, status: number, message?: RegExp): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AppError, `expected an AppError, got ${String(err)}`);
    assert.equal(err.statusCode, status, `status of "${err.message}"`);
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected a ${status} rejection`);
}

test('fetches an allow-listed page with an honest User-Agent and reports the final URL', async () => {
  const page = await fetcher().fetchHtml(srv.url('/page.html'), 'u1');
  assert.match(page.html, /<h1>Main heading<\/h1>/);
  assert.equal(page.url, srv.url('/page.html'));
  const req = srv.requests.filter((r) => r.path === '/page.html').at(-1);
  assert.equal(req?.headers['user-agent'], 'GourmetRecipeCatalog-test/1.0');
});

test('accepts application/xhtml+xml and decodes gzip, br, deflate and raw deflate bodies', async () => {
  const f = fetcher();
  for (const path of ['/xhtml', '/gzip-page', '/br-page', '/deflate-page', '/raw-deflate-page']) {
    const page = await f.fetchHtml(srv.url(path), 'u1');
    assert.match(page.html, /Main heading/, path);
  }
});

test('only http and https URLs with a host are accepted (400)', async () => {
  const f = fetcher();
  for (const url of [
    'ftp://127.0.0.1/x',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<p>x</p>',
    'gopher://127.0.0.1:70/',
    'not a url',
    '/relative/path',
    'http://',
    '',
  ]) {
    await rejectsWith(f.fetchHtml(url, 'u1'), 400);
  }
});

test('odd spellings of loopback are refused (403) and never reach the server', async () => {
  const f = fetcher({ allowHosts: [] });
  const before = srv.requests.length;
  const p = srv.port;
  for (const url of [
    `http://127.0.0.1:${p}/page.html`,
    `http://2130706433:${p}/page.html`,
    `http://0177.0.0.1:${p}/page.html`,
    `http://0x7f.1:${p}/page.html`,
    `http://127.1:${p}/page.html`,
    `http://localhost:${p}/page.html`,
    `http://LOCALHOST.:${p}/page.html`,
    `http://[::1]:${p}/page.html`,
    `http://[::ffff:127.0.0.1]:${p}/page.html`,
    `http://[0:0:0:0:0:0:0:1]:${p}/page.html`,
    `http://0.0.0.0:${p}/page.html`,
    `http://0:${p}/page.html`,
  ]) {
    await rejectsWith(f.fetchHtml(url, 'u1'), 403);
  }
  assert.equal(srv.requests.length, before, 'no request may reach the server');
});

test('the allow-list exempts exactly the listed spelling: another spelling of the same address is still refused', async () => {
  const f = fetcher();
  const before = srv.requests.length;
  for (const url of [
    `http://2130706433:${srv.port}/page.html`,
    `http://0177.0.0.1:${srv.port}/page.html`,
    `http://127.0.0.%31:${srv.port}/page.html`,
    `http://localhost:${srv.port}/page.html`,
  ]) {
    await rejectsWith(f.fetchHtml(url, 'u1'), 403);
  }
  assert.equal(srv.requests.length, before);
});

test('a host resolving to any internal address is refused before any connection (stubbed DNS)', async () => {
  const cases: ResolvedAddress[][] = [
    [{ address: '10.0.0.1', family: 4 }],
    [{ address: '169.254.169.254', family: 4 }],
    [{ address: '100.64.1.1', family: 4 }],
    [{ address: '192.168.1.10', family: 4 }],
    [{ address: 'fd00::1', family: 6 }],
    [{ address: '::ffff:10.0.0.1', family: 6 }],
    // One good address does not excuse a bad one: rebinding services answer with both.
    [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ],
  ];
  for (const addresses of cases) {
    const lookups: string[] = [];
    const connectsBefore = connects.length;
    const f = fetcher({
      lookup: async (host) => {
        lookups.push(host);
        return addresses;
      },
    });
    await rejectsWith(f.fetchHtml('http://recipes.example.test/page', 'u1'), 403);
    assert.deepEqual(lookups, ['recipes.example.test']);
    assert.equal(connects.length, connectsBefore, `no connection attempt for ${JSON.stringify(addresses)}`);
  }
});

test('IP literals in URLs are judged without DNS and refused before connecting', async () => {
  const lookups: string[] = [];
  const f = fetcher({
    lookup: async (host) => {
      lookups.push(host);
      return [];
    },
  });
  const connectsBefore = connects.length;
  for (const url of [
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00::1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'https://100.64.0.1/',
    'http://167772161/',
  ]) {
    await rejectsWith(f.fetchHtml(url, 'u1'), 403);
  }
  assert.deepEqual(lookups, []);
  assert.equal(connects.length, connectsBefore);
});

test('a public address passes the guard and is the one pinned for the connection', async () => {
  // The test's onConnect hook stops the fetch before any socket is opened.
  const f = fetcher({ lookup: async () => [{ address: '93.184.216.34', family: 4 }] });
  const connectsBefore = connects.length;
  await rejectsWith(f.fetchHtml('https://public.example.test/recipe', 'u1'), 502);
  assert.deepEqual(connects.slice(connectsBefore), [[{ address: '93.184.216.34', family: 4 }]]);
});

test('connects to exactly the address it resolved, with the original Host header (no second lookup)', async () => {
  let lookups = 0;
  const f = fetcher({
    allowHosts: [`recipes.fixture.test:${srv.port}`],
    lookup: async () => {
      lookups++;
      return [{ address: '127.0.0.1', family: 4 }];
    },
  });
  const page = await f.fetchHtml(`http://recipes.fixture.test:${srv.port}/page.html`, 'u1');
  assert.match(page.html, /Main heading/);
  assert.equal(lookups, 1);
  assert.equal(srv.requests.at(-1)?.headers.host, `recipes.fixture.test:${srv.port}`);
});

test('follows up to 5 redirects and refuses the 6th (502)', async () => {
  const f = fetcher();
  const page = await f.fetchHtml(srv.url('/chain/4'), 'u1'); // 5 redirects
  assert.equal(page.url, srv.url('/page.html'));
  await rejectsWith(f.fetchHtml(srv.url('/chain/5'), 'u1'), 502, /redirects/);
});

test('every redirect hop is checked: a redirect to an internal address is refused (403) and not followed', async () => {
  const f = fetcher();
  const other = http.createServer((_req, res) => res.end('should never be reached'));
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  after(() => new Promise<void>((r) => other.close(() => r())));
  const otherPort = (other.address() as AddressInfo).port;
  let otherHits = 0;
  other.on('request', () => {
    otherHits++;
  });
  for (const to of [
    `http://127.0.0.1:${otherPort}/`,
    `http://localhost:${srv.port}/page.html`,
    `http://[::1]:${srv.port}/`,
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/admin',
  ]) {
    await rejectsWith(f.fetchHtml(srv.url(`/redirect?to=${encodeURIComponent(to)}`), 'u1'), 403);
  }
  assert.equal(otherHits, 0);
  await rejectsWith(f.fetchHtml(srv.url(`/redirect?to=${encodeURIComponent('file:///etc/passwd')}`), 'u1'), 400);
  await rejectsWith(f.fetchHtml(srv.url('/no-location'), 'u1'), 502);
});

test('a body over maxBytes is cut off (413), with or without Content-Length', async () => {
  const f = fetcher({ maxBytes: 64 * 1024 });
  await rejectsWith(f.fetchHtml(srv.url('/huge?bytes=1048576'), 'u1'), 413);
  await rejectsWith(f.fetchHtml(srv.url('/huge-declared'), 'u1'), 413);
});

test('size is counted after decompression: gzip and brotli bombs are refused (413)', async () => {
  const f = fetcher({ maxBytes: 1024 * 1024 });
  await rejectsWith(f.fetchHtml(srv.url('/gzip-bomb'), 'u1'), 413);
  await rejectsWith(f.fetchHtml(srv.url('/br-bomb'), 'u1'), 413);
});

test('a server that is too slow gets 504 (headers never come, or the body stalls)', async () => {
  const f = fetcher({ timeoutMs: 200 });
  await rejectsWith(f.fetchHtml(srv.url('/slow-headers'), 'u1'), 504);
  await rejectsWith(f.fetchHtml(srv.url('/slow-body'), 'u1'), 504);
});

test('anything but HTML is refused with 415', async () => {
  const f = fetcher();
  for (const path of ['/json', '/image', '/no-type']) await rejectsWith(f.fetchHtml(srv.url(path), 'u1'), 415);
});

test('upstream failures map to 502: error statuses and refused connections', async () => {
  const f = fetcher();
  await rejectsWith(f.fetchHtml(srv.url('/status/500'), 'u1'), 502, /500/);
  await rejectsWith(f.fetchHtml(srv.url('/status/404'), 'u1'), 502, /404/);
  const closed = http.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const g = fetcher({ allowHosts: [`127.0.0.1:${port}`] });
  await rejectsWith(g.fetchHtml(`http://127.0.0.1:${port}/`, 'u1'), 502);
});

test('charset: HTTP header, then <meta charset>, then <meta http-equiv>, else UTF-8', async () => {
  const f = fetcher();
  for (const path of ['/latin1-header', '/latin1-meta', '/latin1-http-equiv', '/utf8-no-charset']) {
    const page = await f.fetchHtml(srv.url(path), 'u1');
    assert.ok(page.html.includes(LATIN1_TEXT), `${path} decoded as ${page.charset}`);
    assert.ok(!page.html.includes('\ufffd'), `${path} has no replacement characters`);
  }
});

test('decodeHtml and sniffMetaCharset follow the precedence rules', () => {
  const latin1 = Buffer.from('<meta charset="iso-8859-1"><p>café</p>', 'latin1');
  assert.equal(sniffMetaCharset(latin1), 'iso-8859-1');
  assert.equal(decodeHtml(latin1).html.includes('café'), true);
  // The HTTP header wins over the page's own declaration.
  assert.equal(decodeHtml(Buffer.from('<meta charset="iso-8859-1"><p>café</p>', 'utf8'), 'utf-8').html.includes('café'), true);
  // A byte order mark wins over everything.
  assert.equal(decodeHtml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>café</p>')]), 'iso-8859-1').charset, 'utf-8');
  // An unknown label falls through to the next source.
  assert.equal(decodeHtml(Buffer.from('<p>x</p>'), 'no-such-charset').charset, 'utf-8');
  assert.equal(sniffMetaCharset(Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')), 'windows-1252');
  assert.equal(sniffMetaCharset(Buffer.from('<meta name="description" content="charset=koi8-r is not a declaration">')), undefined);
});

test('per-user concurrency: one request too many gets 429 with Retry-After; other users are unaffected', async () => {
  const held: http.ServerResponse[] = [];
  srv.routes.set('/hold-user', (_req, res) => {
    held.push(res);
  });
  const f = fetcher({ maxPerUser: 1 });
  const first = f.fetchHtml(srv.url('/hold-user'), 'alice');
  while (held.length === 0) await new Promise((r) => setImmediate(r));
  const err = await rejectsWith(f.fetchHtml(srv.url('/page.html'), 'alice'), 429);
  assert.ok(Number(err.headers?.['retry-after']) >= 1);
  const bob = await f.fetchHtml(srv.url('/page.html'), 'bob');
  assert.match(bob.html, /Main heading/);
  held[0]!.writeHead(200, { 'content-type': 'text/html' }).end('<title>released</title>');
  assert.match((await first).html, /released/);
  // The slot is free again.
  assert.match((await f.fetchHtml(srv.url('/page.html'), 'alice')).html, /Main heading/);
});

test('global concurrency: extra fetches wait in a bounded queue, and overflow gets 429', async () => {
  const held: http.ServerResponse[] = [];
  srv.routes.set('/hold-global', (_req, res) => {
    held.push(res);
  });
  const f = fetcher({ maxConcurrent: 1, maxPerUser: 10 });
  const running = f.fetchHtml(srv.url('/hold-global'), 'u1');
  while (held.length === 0) await new Promise((r) => setImmediate(r));
  // Capacity 1 running + 4 waiting; these four queue behind the held request.
  const queued = [1, 2, 3, 4].map((i) => f.fetchHtml(srv.url('/page.html'), `q${i}`));
  await rejectsWith(f.fetchHtml(srv.url('/page.html'), 'overflow'), 429);
  held[0]!.writeHead(200, { 'content-type': 'text/html' }).end('<title>done</title>');
  await running;
  for (const page of await Promise.all(queued)) assert.match(page.html, /Main heading/);
});

test('close() aborts fetches in flight and refuses new ones', async () => {
  const held: http.ServerResponse[] = [];
  srv.routes.set('/hold-close', (_req, res) => {
    held.push(res);
  });
  const f = fetcher();
  const pending = f.fetchHtml(srv.url('/hold-close'), 'u1');
  while (held.length === 0) await new Promise((r) => setImmediate(r));
  await f.close();
  await rejectsWith(pending, 502);
  await rejectsWith(f.fetchHtml(srv.url('/page.html'), 'u1'), 502);
});
