/**
 * Which resolved addresses the scraper may connect to. The policy is "public unicast only":
 * anything that could reach this host, its network, the cloud metadata service or a
 * non-routable range is refused. IPv6 forms that embed an IPv4 address (mapped, compatible,
 * translated, NAT64, 6to4) are judged by the IPv4 address inside, because that is where the
 * packets end up.
 */
import { BlockList, isIP } from 'node:net';

/** IPv4 ranges from the IANA special-purpose registry that are not globally reachable unicast. */
const V4_REFUSED: ReadonlyArray<readonly [string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified / "this network"'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.31.196.0', 24, 'AS112'],
  ['192.52.193.0', 24, 'AMT'],
  ['192.88.99.0', 24, '6to4 relay anycast'],
  ['192.168.0.0', 16, 'private'],
  ['192.175.48.0', 24, 'AS112'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved / broadcast'],
];

/**
 * IPv6 ranges refused outright. Everything outside 2000::/3 (global unicast) is refused anyway;
 * this list covers the special blocks inside it plus the ones we name for clearer reasons.
 */
const V6_REFUSED: ReadonlyArray<readonly [string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  ['2001::', 23, 'IETF protocol assignments (incl. Teredo)'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'SRv6 SIDs'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (deprecated)'],
  ['ff00::', 8, 'multicast'],
];

const v4Refused = new BlockList();
for (const [net, prefix] of V4_REFUSED) v4Refused.addSubnet(net, prefix, 'ipv4');
const v6Refused = new BlockList();
for (const [net, prefix] of V6_REFUSED) v6Refused.addSubnet(net, prefix, 'ipv6');
const v6GlobalUnicast = new BlockList();
v6GlobalUnicast.addSubnet('2000::', 3, 'ipv6');

export interface AddressVerdict {
  allowed: boolean;
  /** Why it was refused (for logs; never shown to the client in detail). */
  reason?: string;
}

/** Parses an IPv6 text address (with optional zone and embedded dotted quad) into 16 bytes. */
function ipv6Bytes(address: string): Uint8Array | null {
  let text = address;
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (isIP(text) !== 6) return null;
  const words: number[] = [];
  const toWords = (part: string): number[] => {
    if (part === '') return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (group.includes('.')) {
        const o = group.split('.').map(Number) as [number, number, number, number];
        out.push((o[0] << 8) | o[1], (o[2] << 8) | o[3]);
      } else {
        out.push(parseInt(group, 16));
      }
    }
    return out;
  };
  const gap = text.indexOf('::');
  if (gap >= 0) {
    const head = toWords(text.slice(0, gap));
    const tail = toWords(text.slice(gap + 2));
    words.push(...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail);
  } else {
    words.push(...toWords(text));
  }
  if (words.length !== 8) return null;
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  return bytes;
}

const v4At = (b: Uint8Array, i: number): string => `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`;
const zeros = (b: Uint8Array, from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);

/** The IPv4 address an IPv6 address forwards to, when it is one of the embedding forms. */
export function embeddedIPv4(address: string): string | null {
  const b = ipv6Bytes(address);
  if (!b) return null;
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (SIIT translated)
  if (zeros(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return v4At(b, 12);
  if (zeros(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && b[10] === 0 && b[11] === 0) return v4At(b, 12);
  // ::a.b.c.d (deprecated compatible form); :: and ::1 are judged as IPv6 below.
  if (zeros(b, 0, 12) && !zeros(b, 12, 15)) return v4At(b, 12);
  // 64:ff9b::/96 well-known NAT64 prefix
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(b, 4, 12)) return v4At(b, 12);
  // 2002::/16 6to4
  if (b[0] === 0x20 && b[1] === 0x02) return v4At(b, 2);
  return null;
}

/** Names the refused range an address falls in (only on refusal, so building lists here is fine). */
function refusal(ranges: typeof V4_REFUSED, address: string, family: 'ipv4' | 'ipv6'): AddressVerdict {
  const hit = ranges.find(([net, prefix]) => {
    const one = new BlockList();
    one.addSubnet(net, prefix, family);
    return one.check(address, family);
  });
  return { allowed: false, reason: hit?.[2] ?? 'reserved' };
}

function checkV4(address: string): AddressVerdict {
  return v4Refused.check(address, 'ipv4') ? refusal(V4_REFUSED, address, 'ipv4') : { allowed: true };
}

/** An IPv6 zone id (RFC 6874 unreserved characters), as in fe80::1%eth0. */
const ZONE_ID = /^[\w.~-]{1,64}$/;

/**
 * Whether the scraper may connect to this resolved IP address. Anything that is not a valid
 * IPv4 or IPv6 literal is refused, so a caller can never get "allowed" by passing a name, and
 * anything malformed is refused too: the whole text is validated, zone id included (IPv4 has
 * none, so `127.0.0.1%eth0` is not an address), before any part of it is judged.
 */
export function checkAddress(address: string): AddressVerdict {
  if (typeof address !== 'string') return { allowed: false, reason: 'not an IP address' };
  const family = isIP(address);
  if (family === 4) return checkV4(address);
  if (family !== 6) return { allowed: false, reason: 'not an IP address' };
  const pct = address.indexOf('%');
  if (pct >= 0 && !ZONE_ID.test(address.slice(pct + 1))) return { allowed: false, reason: 'malformed zone id' };
  const bare = pct >= 0 ? address.slice(0, pct) : address;
  if (isIP(bare) !== 6) return { allowed: false, reason: 'not an IP address' };
  const inner = embeddedIPv4(bare);
  if (inner !== null) {
    const verdict = checkV4(inner);
    return verdict.allowed ? verdict : { allowed: false, reason: `embeds ${inner}: ${verdict.reason}` };
  }
  if (v6Refused.check(bare, 'ipv6')) return refusal(V6_REFUSED, bare, 'ipv6');
  if (!v6GlobalUnicast.check(bare, 'ipv6')) return { allowed: false, reason: 'not global unicast' };
  return { allowed: true };
}

/** Shorthand for `checkAddress(address).allowed`. */
export function isAddressAllowed(address: string): boolean {
  return checkAddress(address).allowed;
}
