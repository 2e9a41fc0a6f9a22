// Host allow-list and the session routes' Origin check against DNS rebinding: on a loopback bind
// only loopback names are served (421 MISDIRECTED_REQUEST otherwise); PUBLIC_ORIGIN and
// ALLOWED_HOSTS say what a deployment serves; the Origin of a session request is compared with
// the names the deployment serves, never with the request's own Host alone.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { HostPolicy } from '../../src/lib/host-policy.js';
import { isAllowedOrigin } from '../../src/modules/auth/session.routes.js';
import { buildTestApp, uniqueUsername } from '../helpers/build.js';

const creds = () => ({ username: uniqueUsername('host'), password: 'correct horse battery' });

test('loopback bind: a Host that is not a loopback name is 421 on every kind of route; loopback names on any port are served', async (t) => {
  const { app } = await buildTestApp(t);
  for (const host of [
    'evil.example',
    'evil.example:5000',
    'rebind.attacker.test:80',
    '192.168.1.10:5000',
    '127.0.0.2',
    'localhost.evil.example',
    '[::2]:5000',
  ]) {
    for (const [method, url] of [
      ['GET', '/health'],
      ['GET', '/'],
      ['GET', '/recipes'],
      ['POST', '/login'],
      ['GET', '/openapi.json'],
      ['GET', '/nowhere'],
    ] as const) {
      const res = await app.inject({ method, url, headers: { host } });
      assert.equal(res.statusCode, 421, `${method} ${url} Host ${host}: ${res.statusCode} ${res.body}`);
      assert.equal(res.json().code, 'MISDIRECTED_REQUEST');
      assert.equal(typeof res.json().error, 'string');
    }
  }
  for (const host of ['localhost', 'localhost:5000', 'LOCALHOST:80', '127.0.0.1', '127.0.0.1:49152', '[::1]', '[::1]:5000']) {
    const res = await app.inject({ method: 'GET', url: '/health', headers: { host } });
    assert.equal(res.statusCode, 200, `Host ${host}: ${res.body}`);
  }
});

test('DNS rebinding: a page of another name that now resolves to 127.0.0.1 cannot log in, register or refresh', async (t) => {
  const { app } = await buildTestApp(t);
  const user = creds();
  assert.equal((await app.inject({ method: 'POST', url: '/register', payload: user })).statusCode, 201);
  const rebound = { host: 'rebind.attacker.test:5000', origin: 'http://rebind.attacker.test:5000', 'x-requested-with': 'fetch' };
  for (const [method, url] of [
    ['POST', '/session'],
    ['POST', '/session/refresh'],
    ['POST', '/register'],
    ['POST', '/login'],
  ] as const) {
    const res = await app.inject({ method, url, headers: rebound, payload: url === '/session/refresh' ? undefined : creds() });
    assert.equal(res.statusCode, 421, `${method} ${url}: ${res.body}`);
    assert.equal(res.headers['set-cookie'], undefined);
  }
  // Through a trusted proxy the forwarded name is checked too.
  const { app: proxied } = await buildTestApp(t, { env: { TRUST_PROXY: '127.0.0.1' } });
  const forwarded = await proxied.inject({
    method: 'GET',
    url: '/health',
    headers: { host: 'localhost:5000', 'x-forwarded-host': 'rebind.attacker.test' },
  });
  assert.equal(forwarded.statusCode, 421);
});

test("the session Origin check compares with the names the deployment serves, not with the request's Host", () => {
  const request = (host: string, origin: string, protocol = 'http') =>
    ({ headers: { origin }, host, protocol }) as unknown as FastifyRequest;
  const loopback = new HostPolicy({ host: '127.0.0.1', allowedHosts: [] });
  assert.equal(isAllowedOrigin(request('rebind.attacker.test:5000', 'http://rebind.attacker.test:5000'), [], loopback), false);
  assert.equal(isAllowedOrigin(request('localhost:5000', 'http://localhost:5000'), [], loopback), true);
  assert.equal(isAllowedOrigin(request('localhost:5000', 'http://localhost:3000'), [], loopback), false, 'another port is another origin');
  assert.equal(isAllowedOrigin(request('localhost:5000', 'https://localhost:5000'), [], loopback), false, 'another scheme too');
  const deployed = new HostPolicy({ host: '0.0.0.0', publicOrigin: 'https://recipes.example.org', allowedHosts: ['recipes.lan:8080'] });
  // Behind a proxy that passes its own upstream name as Host, PUBLIC_ORIGIN is the own origin.
  assert.equal(isAllowedOrigin(request('127.0.0.1:5000', 'https://recipes.example.org'), ['https://recipes.example.org'], deployed), true);
  assert.equal(isAllowedOrigin(request('recipes.lan:8080', 'http://recipes.lan:8080'), [], deployed), true);
  assert.equal(isAllowedOrigin(request('evil.example', 'http://evil.example'), ['https://recipes.example.org'], deployed), false);
  assert.equal(isAllowedOrigin(request('recipes.lan:9999', 'http://recipes.lan:9999'), [], deployed), false, 'only the port listed');
});

test('PUBLIC_ORIGIN and ALLOWED_HOSTS set what a deployment serves; a non-loopback bind without them serves any name', async (t) => {
  const { app } = await buildTestApp(t, {
    env: { PUBLIC_ORIGIN: 'https://Recipes.Example.org', ALLOWED_HOSTS: 'recipes.lan, 192.168.1.20:5000, [fd00::1]' },
  });
  const status = async (host: string) => (await app.inject({ method: 'GET', url: '/health', headers: { host } })).statusCode;
  for (const host of [
    'recipes.example.org',
    'RECIPES.example.org:443',
    'recipes.lan',
    'recipes.lan:8080',
    '192.168.1.20:5000',
    '[fd00::1]:5000',
    'localhost:5000',
  ]) {
    assert.equal(await status(host), 200, host);
  }
  for (const host of ['evil.example', '192.168.1.20:5001', '192.168.1.20', 'example.org', 'sub.recipes.lan'])
    assert.equal(await status(host), 421, host);

  // The session routes take PUBLIC_ORIGIN as their own origin (a proxy may pass another Host).
  const user = creds();
  await app.inject({ method: 'POST', url: '/register', payload: user });
  const viaProxy = await app.inject({
    method: 'POST',
    url: '/session',
    headers: { host: 'localhost:5000', origin: 'https://recipes.example.org', 'x-requested-with': 'fetch' },
    payload: user,
  });
  assert.equal(viaProxy.statusCode, 200, viaProxy.body);
  const foreign = await app.inject({
    method: 'POST',
    url: '/session',
    headers: { host: 'recipes.lan', origin: 'https://evil.example', 'x-requested-with': 'fetch' },
    payload: user,
  });
  assert.equal(foreign.statusCode, 403);

  const { app: open } = await buildTestApp(t, { env: { HOST: '0.0.0.0' } });
  assert.equal((await open.inject({ method: 'GET', url: '/health', headers: { host: 'anything.example' } })).statusCode, 200);
  const { app: star } = await buildTestApp(t, { env: { ALLOWED_HOSTS: '*' } });
  assert.equal((await star.inject({ method: 'GET', url: '/health', headers: { host: 'anything.example' } })).statusCode, 200);
});

test('over a real connection: an HTTP/1.0 request without Host is served, a foreign Host is 421 in the {error, code} shape', async (t) => {
  const { app } = await buildTestApp(t);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as net.AddressInfo;
  const send = (raw: string) =>
    new Promise<string>((resolve, reject) => {
      let data = '';
      const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(raw));
      socket.on('data', (chunk) => {
        data += chunk;
      });
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
  assert.match(await send('GET /health HTTP/1.0\r\n\r\n'), /^HTTP\/1\.1 200 /);
  const refused = await send('GET /health HTTP/1.1\r\nHost: rebind.attacker.test\r\nConnection: close\r\n\r\n');
  assert.match(refused, /^HTTP\/1\.1 421 Misdirected Request/);
  assert.equal(JSON.parse(refused.slice(refused.indexOf('\r\n\r\n') + 4)).code, 'MISDIRECTED_REQUEST');
});
