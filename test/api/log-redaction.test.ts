/**
 * Credentials in a URL to scrape never reach the logs: the request log of /scrape/*?url=… keeps
 * the target's scheme, host and path but not its userinfo, query or fragment. Log output is
 * captured from the app's own pino logger.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { redactRequestUrlForLog, redactUrlForLog } from '../../src/lib/log-redaction.js';
import { buildTestApp, registerAndLogin } from '../helpers/build.js';
import { startFixtureServer } from '../helpers/fixture-server.js';

const srv = await startFixtureServer();
after(() => srv.close());

function logCapture(): { stream: Writable; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean) };
}

test('request logs of /scrape/* keep the target host and path, never its userinfo or query', async (t) => {
  const log = logCapture();
  const { app } = await buildTestApp(t, {
    env: { SCRAPE_ALLOW_HOSTS: srv.hostPort },
    build: { logger: { level: 'info', stream: log.stream } },
  });
  const user = await registerAndLogin(app);
  const target = `http://alice:s3cr3t-pass@${srv.hostPort}/page.html?api_token=tok-123456&x=1#frag-secret`;
  for (const route of ['/scrape/title', '/scrape/content', '/scrape/recipe']) {
    await app.inject({ method: 'GET', url: `${route}?url=${encodeURIComponent(target)}`, headers: user.auth });
  }
  // A URL that does not even parse is masked too (it is refused with 400, but logged first).
  await app.inject({ method: 'GET', url: `/scrape/title?url=${encodeURIComponent('http://bob:hunter2@[bad')}`, headers: user.auth });
  const lines = log.lines();
  const incoming = lines.map((l) => JSON.parse(l)).filter((l) => l.req?.url?.startsWith('/scrape/'));
  assert.equal(incoming.length, 4, 'every scrape request was logged');
  const all = lines.join('\n');
  for (const secret of ['s3cr3t-pass', 'alice', 'tok-123456', 'frag-secret', 'hunter2', 'bob']) {
    assert.ok(!all.includes(secret), `"${secret}" leaked into the logs`);
  }
  assert.ok(
    incoming.some((l) => l.req.url === `/scrape/title?url=http://[redacted]@${srv.hostPort}/page.html?[redacted]#[redacted]`),
    JSON.stringify(incoming[0]),
  );
});

test('redaction of single URLs and of request targets', () => {
  assert.equal(redactUrlForLog('https://u:p@example.com:8443/a/b?c=d#e'), 'https://[redacted]@example.com:8443/a/b?[redacted]#[redacted]');
  assert.equal(redactUrlForLog('https://example.com/recipe'), 'https://example.com/recipe');
  assert.equal(redactUrlForLog('not a url'), 'not a url');
  assert.equal(redactUrlForLog('nope://x@y z'), '[redacted] (unparseable URL)');
  assert.equal(redactRequestUrlForLog('/recipes?q=saffron&limit=5'), '/recipes?q=saffron&limit=5');
  assert.equal(
    redactRequestUrlForLog('/x?access_token=abc&next=https%3A%2F%2Fu%3Ap%40h%2Fp%3Fq'),
    '/x?access_token=[redacted]&next=https://[redacted]@h/p?[redacted]',
  );
  assert.equal(redactRequestUrlForLog('/x?url=%E0%A4%A'), '/x?url=[redacted]');
  assert.equal(redactRequestUrlForLog('/health'), '/health');
});

test('X-Request-Id becomes the request id only when short and plain; anything else is replaced by a generated id', async (t) => {
  const log = logCapture();
  const { app } = await buildTestApp(t, { build: { logger: { level: 'info', stream: log.stream } } });
  const given = ['trace-me-123', 'a.b:c_d-9', 'x'.repeat(64)];
  const refused = ['x'.repeat(65), 'y'.repeat(3000), '<script>alert(1)</script>', 'two words', 'naïve', 'a\u0007b', '', '{"json":1}'];
  for (const id of [...given, ...refused])
    await app.inject({ method: 'GET', url: `/health?case=${given.includes(id) ? 'given' : 'refused'}`, headers: { 'x-request-id': id } });
  const incoming = log
    .lines()
    .map((l) => JSON.parse(l))
    .filter((l) => l.req?.url?.startsWith('/health?case='));
  assert.equal(incoming.length, given.length + refused.length);
  assert.deepEqual(
    incoming.filter((l) => l.req.url.endsWith('given')).map((l) => l.reqId),
    given,
  );
  const generated = incoming.filter((l) => l.req.url.endsWith('refused')).map((l) => l.reqId as string);
  assert.equal(generated.length, refused.length);
  for (const id of generated) assert.match(id, /^[0-9a-f]{12}-[0-9a-z]+$/, 'a generated id');
  assert.equal(new Set(generated).size, generated.length);
  const all = log.lines().join('\n');
  assert.ok(!all.includes('<script>') && !all.includes('y'.repeat(100)), 'nothing of a refused id reaches the log');
});
