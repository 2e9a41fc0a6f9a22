/**
 * Slow clients cannot hold a connection: a body trickled one byte at a time, a header block
 * trickled the same way, and an idle keep-alive connection are each cut off by the server
 * (408 in the {error, code} shape where a request was under way). The app listens on
 * 127.0.0.1 with small configured timeouts; the client is a raw TCP socket. No durations are
 * asserted: the proof is that the server closed the connection long before the client would
 * have finished sending.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { buildTestApp, testConfig } from '../helpers/build.js';

const env = {
  HTTP_HEADERS_TIMEOUT_MS: '400',
  HTTP_REQUEST_TIMEOUT_MS: '800',
  HTTP_KEEP_ALIVE_TIMEOUT_MS: '300',
  HTTP_CONNECTION_TIMEOUT_MS: '5000',
};

async function listening(t: Parameters<typeof buildTestApp>[0]): Promise<number> {
  const { app } = await buildTestApp(t, { env });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as net.AddressInfo).port;
}

interface Trickle {
  /** Everything the server sent. */
  received: string;
  /** Bytes of `rest` written before the server closed the connection. */
  trickled: number;
}

/**
 * Sends `head` at once, then `rest` one byte every `everyMs`, until the server closes the
 * connection or everything is sent (which would take `rest.length * everyMs`).
 */
function trickle(port: number, head: string, rest: string, everyMs: number): Promise<Trickle> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    let trickled = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (trickled >= rest.length) {
          clearInterval(timer);
          return;
        }
        if (!socket.destroyed && socket.writable) socket.write(rest[trickled++]!);
      }, everyMs);
    });
    socket.on('data', (c: string) => {
      received += c;
    });
    socket.on('error', () => {
      /* a reset after the server gave up is an acceptable ending */
    });
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ received, trickled });
    });
    socket.on('timeout', () => reject(new Error('test guard: the server never closed the connection')));
    socket.setTimeout(60_000);
  });
}

function assert408(received: string) {
  assert.match(received, /^HTTP\/1\.1 408 /, received);
  assert.deepEqual(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4)), {
    error: 'The request was not received in time',
    code: 'REQUEST_TIMEOUT',
  });
}

test('a body trickled one byte at a time is cut off with 408 by the request timeout', async (t) => {
  const port = await listening(t);
  const body = JSON.stringify({ username: 'slowpoke', password: 'x'.repeat(200) });
  const head = `POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
  // Sending all of it would take over 20 s; the request timeout is 0.8 s.
  const { received, trickled } = await trickle(port, head, body, 100);
  assert408(received);
  assert.ok(trickled < body.length, `closed after ${trickled} of ${body.length} bytes`);
});

test('a header block trickled one byte at a time is cut off with 408 by the header timeout', async (t) => {
  const port = await listening(t);
  const headers = `X-Slow: ${'a'.repeat(300)}\r\n\r\n`;
  const { received, trickled } = await trickle(port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n', headers, 100);
  assert408(received);
  assert.ok(trickled < headers.length, `closed after ${trickled} of ${headers.length} bytes`);
});

test('an idle keep-alive connection is closed by the server after the keep-alive timeout', async (t) => {
  const port = await listening(t);
  const { received } = await new Promise<{ received: string }>((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => {
      data += c;
    });
    socket.on('close', () => resolve({ received: data }));
    socket.on('error', reject);
    socket.setTimeout(60_000, () => reject(new Error('test guard: the idle connection was never closed')));
  });
  assert.match(received, /^HTTP\/1\.1 200 /);
  assert.match(received, /keep-alive/i, 'the response offered keep-alive; the server closed it when idle');
});

test('the timeouts are configurable and validated at start', () => {
  const defaults = testConfig().http;
  assert.deepEqual(defaults, {
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    keepAliveTimeoutMs: 72_000,
    connectionTimeoutMs: 60_000,
  });
  assert.throws(() => testConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' }), /HTTP_HEADERS_TIMEOUT_MS/);
  assert.throws(() => testConfig({ HTTP_REQUEST_TIMEOUT_MS: '0' }), /HTTP_REQUEST_TIMEOUT_MS/);
});
