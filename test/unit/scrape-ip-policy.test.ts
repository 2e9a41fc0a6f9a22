import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAddress, embeddedIPv4, isAddressAllowed } from '../../src/modules/scrape/ip-policy.js';

const refused: Record<string, string[]> = {
  loopback: ['127.0.0.1', '127.255.255.254', '::1', '0:0:0:0:0:0:0:1'],
  'private (RFC 1918)': ['10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255', '192.168.0.1', '192.168.255.255'],
  'link-local and cloud metadata': ['169.254.169.254', '169.254.0.1', 'fe80::1', 'fe80::1%eth0', 'febf:ffff::1'],
  'carrier-grade NAT': ['100.64.0.1', '100.127.255.255'],
  unspecified: ['0.0.0.0', '0.1.2.3', '::', '0:0:0:0:0:0:0:0'],
  multicast: ['224.0.0.1', '239.255.255.250', 'ff02::1', 'ff0e::1'],
  'reserved, broadcast, benchmark, documentation': [
    '240.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '198.19.255.255',
    '192.0.2.1',
    '198.51.100.7',
    '203.0.113.9',
    '192.0.0.8',
    '2001:db8::1',
    '3fff::1',
  ],
  'unique-local IPv6': ['fc00::1', 'fd12:3456:789a::1', 'fdff:ffff::1'],
  'IPv4-mapped / compatible / translated IPv6 of refused IPv4': [
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:0:a00:1',
    '::127.0.0.1',
    '::a9fe:a9fe',
  ],
  'NAT64, 6to4 and Teredo of refused IPv4': [
    '64:ff9b::a00:1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::1',
    '2002:a9fe:a9fe::',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '64:ff9b:1::1',
  ],
  'not an IP at all': ['localhost', 'example.com', '', '1.2.3', '127.1', '2130706433', '[::1]'],
};

for (const [kind, addresses] of Object.entries(refused)) {
  test(`refuses ${kind}`, () => {
    for (const a of addresses) {
      const verdict = checkAddress(a);
      assert.equal(verdict.allowed, false, `${a} should be refused`);
      assert.ok(verdict.reason, `${a} should have a reason`);
    }
  });
}

test('allows public unicast addresses, including mapped/NAT64/6to4 forms of public IPv4', () => {
  for (const a of [
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '100.63.255.255',
    '100.128.0.1',
    '172.15.255.255',
    '172.32.0.1',
    '192.167.1.1',
    '169.253.1.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ]) {
    assert.equal(isAddressAllowed(a), true, `${a} should be allowed`);
  }
});

test('finds the IPv4 address inside embedding IPv6 forms', () => {
  assert.equal(embeddedIPv4('::ffff:7f00:1'), '127.0.0.1');
  assert.equal(embeddedIPv4('::ffff:192.168.1.1'), '192.168.1.1');
  assert.equal(embeddedIPv4('64:ff9b::c0a8:101'), '192.168.1.1');
  assert.equal(embeddedIPv4('2002:c0a8:101::'), '192.168.1.1');
  assert.equal(embeddedIPv4('2606:4700::1111'), null);
  assert.equal(embeddedIPv4('::1'), null);
  assert.equal(embeddedIPv4('not-an-ip'), null);
});
