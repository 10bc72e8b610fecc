/**
 * SSRF guard for outbound HTTP (`webhook_call`, `api_request`): an automation author controls the
 * URL, so a request must not reach the machine's own network (private, loopback, link-local incl.
 * the 169.254.169.254 metadata service, CGNAT...) unless the project allow-lists it (`http.allow`
 * in aexy.yaml: hosts, `*.domain` wildcards, IPs and CIDRs).
 *
 * The guard resolves the name itself and returns the checked address; the HTTP client connects to
 * exactly that address (pinning), so a DNS answer that changes between check and connect (rebinding)
 * cannot redirect the request. Every redirect hop is checked again by the client.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { blockedReason, type Cidr, inCidr, parseCidr, parseIp } from './ip-ranges.js';

/** Resolves a host name to all its addresses (injectable for tests). */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

/** The system resolver: every A/AAAA answer, as the OS would use them. */
export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Parsed `http.allow`. */
export interface AllowList {
  /** Lower-case host names; `*.example.com` entries are kept as `.example.com` suffixes. */
  hosts: string[];
  cidrs: Cidr[];
}

export const EMPTY_ALLOW_LIST: AllowList = { hosts: [], cidrs: [] };

/** Parses allow-list entries; entries that are neither a host name nor an IP/CIDR are reported. */
export function parseAllowList(entries: readonly string[]): { allow: AllowList; errors: string[] } {
  const allow: AllowList = { hosts: [], cidrs: [] };
  const errors: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase().replace(/\.$/, '');
    const cidr = parseCidr(entry);
    if (cidr) allow.cidrs.push(cidr);
    else if (/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(entry)) {
      allow.hosts.push(entry.startsWith('*.') ? entry.slice(1) : entry);
    } else errors.push(`\`${raw}\` is neither a host name (or *.domain) nor an IP address / CIDR`);
  }
  return { allow, errors };
}

/** A refused outbound request (not retryable: the same URL will be refused again). */
export class SsrfBlockedError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      `refusing to connect to ${host}${host === address ? '' : ` (${address})`}: ${reason} address; ` +
        'add the host or a CIDR to `http.allow` in aexy.yaml if this is intended',
    );
    this.name = 'SsrfBlockedError';
  }
}

/** The address to connect to for `url`, checked against the block list and the allow list. */
export interface PinnedTarget {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves `hostname` (an IP literal is used as is) and checks every answer; refuses when any answer
 * is non-public and not allow-listed (an attacker's name may mix public and private answers).
 */
export async function resolvePinned(
  hostname: string,
  options: { allow: AllowList; resolver?: Resolver },
): Promise<PinnedTarget> {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  const hostAllowed = isHostAllowed(host, options.allow);
  const literal = parseIp(host);
  const answers = literal
    ? [{ address: host, family: literal.family }]
    : await (options.resolver ?? systemResolver)(host);
  if (answers.length === 0) throw new Error(`${host} did not resolve to any address`);
  for (const answer of answers) {
    const ip = parseIp(answer.address);
    if (!ip) throw new SsrfBlockedError(host, answer.address, 'unparseable');
    const reason = blockedReason(ip);
    if (reason && !hostAllowed && !options.allow.cidrs.some((cidr) => inCidr(ip, cidr))) {
      throw new SsrfBlockedError(host, answer.address, reason);
    }
  }
  // Every answer passed; connect to an IPv4 one when there is one (hosts without IPv6 routes are common).
  const chosen = answers.find((answer) => answer.family === 4) ?? answers[0]!;
  return { address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}

function isHostAllowed(host: string, allow: AllowList): boolean {
  return allow.hosts.some((entry) => (entry.startsWith('.') ? host.endsWith(entry) : host === entry));
}
