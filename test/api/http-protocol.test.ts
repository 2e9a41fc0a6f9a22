/**
 * Protocol-level answers in the contract's `{error, code}` shape: 405 with Allow for a method a
 * known path does not serve (404 stays for unknown paths; CORS preflight keeps working), and
 * 431/400 for requests Node's parser refuses before there is a route (real sockets on 127.0.0.1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/build.js';

async function listening(
  t: Parameters<typeof buildTestApp>[0],
  env: Record<string, string> = {},
): Promise<{ app: FastifyInstance; port: number }> {
  const { app } = await buildTestApp(t, { env });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, port: (app.server.address() as net.AddressInfo).port };
}

/** One request with node:http (fetch refuses TRACE and oversized headers). */
function request(
  port: number,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes raw bytes and reads until the server closes the connection. */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => {
      data += c;
    });
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

test('a method a known path does not serve is 405 with Allow and {error, code}; unknown paths stay 404', async (t) => {
  const { app } = await buildTestApp(t);
  const cases: Array<[string, string, string[]]> = [
    ['PATCH', '/recipes/1', ['DELETE', 'GET', 'HEAD', 'PUT']],
    ['OPTIONS', '/recipes', ['GET', 'HEAD', 'POST']],
    ['PATCH', '/recipes', ['GET', 'HEAD', 'POST']],
    ['DELETE', '/health', ['GET', 'HEAD']],
    ['PUT', '/scrape/title', ['GET', 'HEAD']],
    ['GET', '/login', ['POST']],
    ['OPTIONS', '/recipes/abc', ['DELETE', 'GET', 'HEAD', 'PUT']],
    // A path of its own that /recipes/:id would also match: its own methods only, never "params.id must be integer".
    ['GET', '/recipes/import', ['POST']],
    ['PUT', '/recipes/import', ['POST']],
    ['DELETE', '/recipes/import', ['POST']],
    ['PATCH', '/recipes/import', ['POST']],
    ['OPTIONS', '/recipes/import', ['POST']],
  ];
  for (const [method, url, allow] of cases) {
    const res = await app.inject({ method: method as 'GET', url });
    assert.equal(res.statusCode, 405, `${method} ${url}: ${res.body}`);
    assert.deepEqual(String(res.headers.allow).split(', '), allow, `${method} ${url}`);
    assert.equal(res.json().code, 'METHOD_NOT_ALLOWED');
    assert.match(res.json().error, new RegExp(`${method}`));
  }
  const head = await app.inject({ method: 'HEAD', url: '/recipes/import' });
  assert.equal(head.statusCode, 405);
  assert.equal(head.headers.allow, 'POST');
  for (const [method, url] of [
    ['PATCH', '/nowhere'],
    ['GET', '/recipes/1/extra'],
    ['OPTIONS', '/nope'],
    ['GET', '/scrape'],
  ]) {
    const res = await app.inject({ method: method as 'GET', url });
    assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
    assert.equal(res.json().code, 'NOT_FOUND');
  }
});

test('TRACE and methods Fastify does not route are 405 too (real HTTP)', async (t) => {
  const { port } = await listening(t);
  for (const method of ['TRACE', 'PROPFIND', 'PATCH']) {
    const res = await request(port, method, '/recipes/1');
    assert.equal(res.status, 405, `${method}: ${res.body}`);
    assert.equal(res.headers.allow, 'DELETE, GET, HEAD, PUT');
    assert.equal(JSON.parse(res.body).code, 'METHOD_NOT_ALLOWED');
  }
});

test('with CORS_ORIGINS set, a preflight OPTIONS still works; other methods on known paths are 405', async (t) => {
  const { app } = await buildTestApp(t, { env: { CORS_ORIGINS: 'https://app.example' } });
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/recipes/1',
    headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT' },
  });
  assert.equal(preflight.statusCode, 204, preflight.body);
  assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example');
  const patch = await app.inject({ method: 'PATCH', url: '/recipes/1', headers: { origin: 'https://app.example' } });
  assert.equal(patch.statusCode, 405, patch.body);
  assert.equal(patch.headers.allow, 'DELETE, GET, HEAD, OPTIONS, PUT');
  const unknown = await app.inject({ method: 'PATCH', url: '/nowhere' });
  assert.equal(unknown.statusCode, 404, 'the CORS catch-all OPTIONS route does not make every path known');
});

test('an oversized header block is 431 in the {error, code} shape, and the connection is closed', async (t) => {
  const { port } = await listening(t);
  const res = await request(port, 'GET', '/health', { 'x-big': 'y'.repeat(20_000) });
  assert.equal(res.status, 431);
  assert.match(String(res.headers['content-type']), /application\/json/);
  assert.deepEqual(JSON.parse(res.body), { error: 'Request header fields are too large', code: 'HEADERS_TOO_LARGE' });
  assert.equal(res.headers.connection, 'close');
});

test('bytes that are not HTTP are 400 in the {error, code} shape', async (t) => {
  const { port } = await listening(t);
  const answer = await raw(port, 'HELLO /health HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.match(answer, /^HTTP\/1\.1 400 /);
  assert.deepEqual(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)), { error: 'Malformed HTTP request', code: 'BAD_REQUEST' });
});
