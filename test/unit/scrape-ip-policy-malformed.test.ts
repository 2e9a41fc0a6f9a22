/**
 * checkAddress() refuses anything malformed, whatever part of it would look allowed on its own:
 * zone ids on IPv4, empty or malformed zone ids, stray characters. Pure function calls only:
 * nothing here connects anywhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAddress } from '../../src/modules/scrape/ip-policy.js';

test('an IPv4 address with a zone id is not an address: refused, whatever the address', () => {
  for (const a of ['127.0.0.1%eth0', '10.0.0.1%1', '8.8.8.8%eth0', '8.8.8.8%', '1.1.1.1%25eth0', '93.184.216.34%lo']) {
    const verdict = checkAddress(a);
    assert.equal(verdict.allowed, false, `${a} should be refused`);
    assert.equal(verdict.reason, 'not an IP address', a);
  }
});

test('IPv6 zone ids must be well formed: empty, doubled, spaced or odd zones are refused even on public addresses', () => {
  for (const a of [
    '2606:4700::1%',
    '2606:4700::1%%eth0',
    '2606:4700::1%eth 0',
    '2606:4700::1%eth0%1',
    '2606:4700::1%a:b',
    '2606:4700::1%/x',
    `2606:4700::1%${'z'.repeat(65)}`,
    '::ffff:8.8.8.8%',
    '2606:4700::1%\n',
  ]) {
    assert.equal(checkAddress(a).allowed, false, `${JSON.stringify(a)} should be refused`);
  }
});

test('a well-formed zone id does not change the verdict: the address itself is judged', () => {
  assert.deepEqual(checkAddress('2606:4700:4700::1111%eth0'), { allowed: true });
  assert.equal(checkAddress('fe80::1%eth0').allowed, false);
  assert.equal(checkAddress('::1%lo').allowed, false);
  assert.match(checkAddress('::ffff:127.0.0.1%eth0').reason ?? '', /127\.0\.0\.1/);
});

test('stray characters around an otherwise valid address are refused', () => {
  for (const a of [
    ' 8.8.8.8',
    '8.8.8.8 ',
    '8.8.8.8\n',
    '8.8.8.8/32',
    '8.8.8.8:80',
    '[2606:4700::1]',
    '2606:4700::1/64',
    '08.8.8.8',
    '8.8.8.8.',
  ]) {
    assert.equal(checkAddress(a).allowed, false, `${JSON.stringify(a)} should be refused`);
  }
  assert.equal(checkAddress(undefined as unknown as string).allowed, false);
});
