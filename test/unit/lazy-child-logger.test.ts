import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { LazyChildLogger, lazyChildLoggerFactory } from '../../src/lib/lazy-child-logger.js';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      cb();
    },
  });
  const logger = pino({ level, redact: { paths: ['*.token'], censor: '[redacted]' } }, stream);
  return { logger, lines };
}

test('a lazy child writes what the eager child writes: bindings, redaction, message', () => {
  const { logger, lines } = capture('info');
  const lazy = new LazyChildLogger(logger, { reqId: 'r-1' }, {});
  logger.child({ reqId: 'r-1' }).warn({ body: { token: 'secret' } }, 'eager');
  lazy.warn({ body: { token: 'secret' } }, 'lazy');
  assert.equal(lines.length, 2);
  const strip = ({ time: _t, msg: _m, ...rest }: Record<string, unknown>) => rest;
  assert.deepEqual(strip(lines[1]!), strip(lines[0]!));
  assert.equal(lines[1]!.reqId, 'r-1');
  assert.deepEqual(lines[1]!.body, { token: '[redacted]' });
});

test('a disabled level makes no child and writes nothing; an enabled one makes it once', () => {
  const { logger, lines } = capture('warn');
  let made = 0;
  const parent = Object.assign(Object.create(logger), {
    child: (...args: Parameters<typeof logger.child>) => {
      made++;
      return logger.child(...args);
    },
  });
  const lazy = new LazyChildLogger(parent, { reqId: 'r-2' }, {});
  lazy.info('hidden');
  lazy.debug('hidden');
  lazy.trace('hidden');
  assert.equal(made, 0);
  assert.equal(lazy.level, 'warn');
  lazy.error('shown');
  lazy.warn('shown too');
  assert.equal(made, 1);
  assert.deepEqual(
    lines.map((l) => [l.msg, l.reqId]),
    [
      ['shown', 'r-2'],
      ['shown too', 'r-2'],
    ],
  );
});

test("changing the level of a lazy child changes only that request's child", () => {
  const { logger, lines } = capture('warn');
  const lazy = new LazyChildLogger(logger, { reqId: 'r-3' }, {});
  lazy.level = 'debug';
  lazy.debug('now shown');
  assert.equal(logger.level, 'warn');
  assert.equal(lazy.isLevelEnabled('debug'), true);
  assert.deepEqual(
    lines.map((l) => l.msg),
    ['now shown'],
  );
  assert.equal(lazy.child({ sub: 1 }).level, 'debug');
});

test('the factory makes the child at once when a route sets its own level or serializers', () => {
  const { logger } = capture('warn');
  assert.ok(lazyChildLoggerFactory(logger, { reqId: 'a' }, {}) instanceof LazyChildLogger);
  assert.ok(!(lazyChildLoggerFactory(logger, { reqId: 'a' }, { level: 'debug' }) instanceof LazyChildLogger));
});
