/**
 * IP address arithmetic for the SSRF guard: parse v4/v6 text into a bigint, CIDR membership, and the
 * ranges outbound requests must not reach (private, loopback, link-local incl. cloud metadata,
 * unspecified, CGNAT, multicast, reserved), with IPv4 embedded in IPv6 (mapped, NAT64) unwrapped.
 */
import { isIP } from 'node:net';

/** A parsed address: family and value (32 or 128 bits). */
export interface Ip {
  family: 4 | 6;
  value: bigint;
}

/** A CIDR block. */
export interface Cidr {
  family: 4 | 6;
  base: bigint;
  bits: number;
}

/** Parses an IP literal (IPv6 may be bracketed, zone ids are dropped); undefined when not an IP. */
export function parseIp(text: string): Ip | undefined {
  const bare = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return { family: 4, value: parseV4(bare) };
  if (family === 6) return { family: 6, value: parseV6(bare) };
  return undefined;
}

function parseV4(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function parseV6(text: string): bigint {
  let body = text.toLowerCase();
  const dotted = body.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v4 = parseV4(dotted[1]!);
    body = `${body.slice(0, -dotted[1]!.length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = body.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
}

/** Parses `10.0.0.0/8`, `fc00::/7` or a bare address (a /32 or /128); undefined when invalid. */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, prefix, extra] = text.trim().split('/');
  if (extra !== undefined || addr === undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const max = ip.family === 4 ? 32 : 128;
  const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  if (!(bits >= 0 && bits <= max)) return undefined;
  return { family: ip.family, base: ip.value & mask(ip.family, bits), bits };
}

function mask(family: 4 | 6, bits: number): bigint {
  const width = family === 4 ? 32n : 128n;
  const all = (1n << width) - 1n;
  return bits === 0 ? 0n : (all >> (width - BigInt(bits))) << (width - BigInt(bits));
}

/** Whether `ip` lies in `cidr` (families must match). */
export function inCidr(ip: Ip, cidr: Cidr): boolean {
  return ip.family === cidr.family && (ip.value & mask(cidr.family, cidr.bits)) === cidr.base;
}

/** Ranges never reached unless allow-listed, with the reason reported when a request is refused. */
const BLOCKED: ReadonlyArray<[string, string]> = [
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'carrier-grade NAT'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local (cloud metadata)'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fc00::/7', 'private (unique local)'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];
const BLOCKED_CIDRS = BLOCKED.map(([cidr, reason]) => ({ cidr: parseCidr(cidr)!, reason }));

/** IPv6 prefixes that embed an IPv4 address in their low 32 bits. */
const EMBEDS_V4 = ['::ffff:0:0/96', '64:ff9b::/96', '::/96'].map((c) => parseCidr(c)!);

/** The IPv4 address inside an IPv4-mapped / NAT64 / IPv4-compatible IPv6 address, else the address itself. */
export function unwrapV4(ip: Ip): Ip {
  if (ip.family === 6 && ip.value > 1n && EMBEDS_V4.some((cidr) => inCidr(ip, cidr))) {
    return { family: 4, value: ip.value & 0xffffffffn };
  }
  return ip;
}

/** Why the address is not public (e.g. `loopback`), or undefined for a public address. */
export function blockedReason(ip: Ip): string | undefined {
  const target = unwrapV4(ip);
  return BLOCKED_CIDRS.find(({ cidr }) => inCidr(target, cidr))?.reason;
}
