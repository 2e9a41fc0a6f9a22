// `npm run start:cluster` as an operator runs it: a primary and two workers on one port,
// metrics summed over the workers, and SIGTERM letting an in-flight request finish before
// every process exits cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { CHEAP_HASHING_ENV, createTestSchema, testDatabaseUrl, TEST_SECRET } from '../helpers/build.js';

/** One request on its own connection, so the cluster's round robin spreads them over workers. */
function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      })
      .on('error', reject);
  });
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.on('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', () => resolve(true));
  });

test('start:cluster: two workers, summed metrics, graceful SIGTERM with a request in flight', async (t) => {
  let databaseUrl: string;
  if (testDatabaseUrl) {
    const schema = await createTestSchema(t);
    const u = new URL(testDatabaseUrl);
    u.searchParams.set('options', `-c search_path=${schema},public`);
    databaseUrl = u.toString();
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-test-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    databaseUrl = `sqlite:${path.join(dir, 'recipes.db')}`;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cluster.ts'], {
    env: {
      ...process.env,
      WORKERS: '2',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      JWT_SECRET: TEST_SECRET,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ...CHEAP_HASHING_ENV,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // Workers share the port the primary picked for PORT=0; both log it once listening.
  const port = await new Promise<number>((resolve, reject) => {
    const check = () => {
      const ports = [...out.matchAll(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
      if (ports.length >= 2) {
        child.stdout.off('data', check);
        resolve(ports[0]!);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`cluster exited early (${code}): ${out}`)));
  });
  const pids = new Set([...out.matchAll(/"pid":(\d+)[^\n]*Server listening/g)].map((m) => m[1]));
  assert.equal(pids.size, 2, 'two worker processes');

  assert.equal((await get(port, '/health')).status, 200);
  for (let i = 0; i < 10; i++) assert.equal((await get(port, '/recipes')).status, 401);
  const metrics = await get(port, '/metrics');
  assert.equal(metrics.status, 200);
  // Each worker counts only what it served; the sum over both is every request made.
  assert.match(metrics.body, /^http_requests_total\{method="GET",route="\/recipes",status_code="401"\} 10$/m);

  // A registration whose body is still arriving when SIGTERM comes must still be answered.
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let response = '';
  socket.on('data', (d) => {
    response += d;
  });
  const closed = new Promise((resolve) => socket.once('close', resolve));
  const body = JSON.stringify({ username: 'in_flight', password: 'in-flight-password' });
  socket.write(
    `POST /register HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
  );
  // The signal must come after the worker has taken the request in: wait for its log line.
  for (let i = 0; i < 400 && !/"url":"\/register"/.test(out); i++) await new Promise((r) => setTimeout(r, 25));
  assert.match(out, /"url":"\/register"/, 'the worker logged the incoming request');
  child.kill('SIGTERM');
  // Shutdown has begun once the shared port stops taking new connections.
  for (let i = 0; i < 200 && !(await refused(port)); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(await refused(port), 'new connections are refused during shutdown');
  socket.write(body.slice(10));
  await closed;
  assert.match(response, /^HTTP\/1\.1 201 /, `in-flight request answered: ${response}`);
  assert.equal(await exited, 0, out);
  assert.match(out, /"msg":"all workers exited","clean":true/);
});
