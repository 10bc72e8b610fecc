import { describe, expect, it } from 'vitest';
import { blockedReason, parseCidr, parseIp } from '../../../src/runtime/transports/ip-ranges.js';
import {
  parseAllowList,
  type Resolver,
  resolvePinned,
  SsrfBlockedError,
} from '../../../src/runtime/transports/ssrf.js';

const reasonOf = (text: string) => blockedReason(parseIp(text)!);

describe('blockedReason', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['0.0.0.0', 'unspecified'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private (unique local)'],
    ['fd12:3456::1', 'private (unique local)'],
    ['fe80::1', 'link-local'],
    ['[fe80::1%eth0]', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata)'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['224.0.0.1', 'multicast'],
  ])('%s is %s', (address, reason) => {
    expect(reasonOf(address)).toBe(reason);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
  ])('%s is public', (address) => {
    expect(reasonOf(address)).toBeUndefined();
  });
});

describe('parseCidr', () => {
  it('parses v4, v6 and bare addresses; rejects nonsense', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ family: 4, bits: 8 });
    expect(parseCidr('fc00::/7')).toMatchObject({ family: 6, bits: 7 });
    expect(parseCidr('127.0.0.1')).toMatchObject({ family: 4, bits: 32 });
    for (const bad of ['10.0.0.0/33', 'fc00::/129', 'example.com', '10.0.0.0/8/1', '10.0.0.0/x']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });
});

describe('parseAllowList', () => {
  it('sorts entries into hosts and CIDRs and reports invalid ones', () => {
    const { allow, errors } = parseAllowList([
      'api.partner.com',
      '*.internal.example',
      '10.20.0.0/16',
      '::1',
      'a b',
    ]);
    expect(allow.hosts).toEqual(['api.partner.com', '.internal.example']);
    expect(allow.cidrs).toHaveLength(2);
    expect(errors).toEqual(['`a b` is neither a host name (or *.domain) nor an IP address / CIDR']);
  });
});

/** A resolver answering from a table, like a DNS server an attacker controls would. */
const table =
  (answers: Record<string, string[]>): Resolver =>
  async (hostname) =>
    (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('resolvePinned', () => {
  const none = parseAllowList([]).allow;
  const resolver = table({
    'public.example': ['93.184.216.34'],
    'sneaky.example': ['10.0.0.7'],
    'mixed.example': ['93.184.216.34', '127.0.0.1'],
    'metadata.example': ['169.254.169.254'],
    'v6-sneaky.example': ['::ffff:192.168.0.10'],
    'partner.internal': ['10.1.1.1'],
    'dual.example': ['2606:4700::1111', '93.184.216.34'],
  });

  it('prefers an IPv4 answer when every answer is public', async () => {
    await expect(resolvePinned('dual.example', { allow: none, resolver })).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('pins a public name to its checked address', async () => {
    await expect(resolvePinned('public.example', { allow: none, resolver })).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it.each([
    ['10.0.0.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['[::1]', 'loopback'],
    ['sneaky.example', 'private'],
    ['metadata.example', 'link-local (cloud metadata)'],
    ['mixed.example', 'loopback'],
    ['v6-sneaky.example', 'private'],
  ])('refuses %s (%s)', async (host, reason) => {
    const error = await resolvePinned(host, { allow: none, resolver }).catch((e) => e);
    expect(error).toBeInstanceOf(SsrfBlockedError);
    expect(error.reason).toBe(reason);
    expect(error.message).toContain('http.allow');
  });

  it('lets allow-listed hosts, wildcards and CIDRs through', async () => {
    const { allow } = parseAllowList(['partner.internal', '*.example', '127.0.0.0/8']);
    await expect(resolvePinned('partner.internal', { allow, resolver })).resolves.toMatchObject({
      address: '10.1.1.1',
    });
    await expect(resolvePinned('sneaky.example', { allow, resolver })).resolves.toMatchObject({
      address: '10.0.0.7',
    });
    await expect(resolvePinned('127.0.0.1', { allow, resolver })).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    // A CIDR allows only itself: 10.0.0.1 is still refused.
    await expect(resolvePinned('10.0.0.1', { allow, resolver })).rejects.toBeInstanceOf(SsrfBlockedError);
  });
});
