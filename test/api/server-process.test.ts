// The real entry point as a user runs it: it creates its database, serves, logs structured JSON
// with request ids and without secrets, and exits cleanly on SIGTERM after in-flight requests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

test('src/server.ts serves on SQLite, logs without secrets and shuts down gracefully', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'server-test-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: `sqlite:${path.join(dir, 'sub', 'recipes.db')}`,
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const base = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  assert.ok(fs.existsSync(path.join(dir, 'sub', 'recipes.db')), 'the database file is created on first start');
  assert.ok(fs.existsSync(path.join(dir, 'sub', '.jwt-secret')), 'a development secret is generated next to it');

  const password = 'Very-Secret-Password-42';
  const reg = await fetch(`${base}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'logcheck', password }),
  });
  assert.equal(reg.status, 201);
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'logcheck', password }),
  });
  const { access_token: token } = (await login.json()) as { access_token: string };
  const me = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-me-123' } });
  assert.equal(me.status, 200);
  assert.equal((await fetch(`${base}/health`)).status, 200);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0, out);

  const lines = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  assert.ok(lines.length > 3, 'structured JSON log lines');
  assert.ok(
    lines.some((l) => l.reqId === 'trace-me-123'),
    'the request id from X-Request-Id is logged',
  );
  assert.ok(!out.includes(password), 'the password is never logged');
  assert.ok(!out.includes(token), 'the token is never logged');
  assert.ok(!out.includes('$argon2id$'), 'no hash is logged');
  assert.ok(
    lines.some((l) => /shutting down/.test(l.msg)),
    'shutdown is logged',
  );
});
