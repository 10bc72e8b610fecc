/**
 * Pinning keeps TLS honest: the client connects to the address the SSRF guard checked, but the
 * certificate is still verified against the URL's host name (SNI + hostname check), so a name that
 * resolves to the same address without a matching certificate is refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpConnectionError, sendHttp } from '../../../src/runtime/transports/http-client.js';
import { parseAllowList, type Resolver } from '../../../src/runtime/transports/ssrf.js';

const resolver: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
const guard = { allow: parseAllowList(['secure-peer.test', 'impostor.test']).allow, resolver };

/** A self-signed certificate for secure-peer.test (openssl is part of the test environment). */
function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aexy-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-subj',
        '/CN=secure-peer.test',
        '-addext',
        'subjectAltName=DNS:secure-peer.test',
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('https with a pinned address', () => {
  let server: Server;
  let port: number;
  let cert: string;
  const seen: string[] = [];
  beforeAll(async () => {
    const pair = makeCertificate();
    cert = pair.cert;
    server = createServer(pair, (req, res) => {
      seen.push(`${(req.socket as { servername?: string }).servername}|${req.headers.host}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"tls":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('connects to the checked address and verifies the certificate for the URL host (SNI sent)', async () => {
    const response = await sendHttp(
      { url: `https://secure-peer.test:${port}/x`, method: 'GET', headers: {} },
      { timeoutMs: 5000, guard, ca: cert },
    );
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('{"tls":true}');
    expect(seen.at(-1)).toBe(`secure-peer.test|secure-peer.test:${port}`);
  });

  it('refuses a certificate that does not match the name, though the address is the same', async () => {
    const error = await sendHttp(
      { url: `https://impostor.test:${port}/x`, method: 'GET', headers: {} },
      { timeoutMs: 5000, guard, ca: cert },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(HttpConnectionError);
    expect(error.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('refuses an untrusted certificate', async () => {
    const error = await sendHttp(
      { url: `https://secure-peer.test:${port}/x`, method: 'GET', headers: {} },
      { timeoutMs: 5000, guard },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(HttpConnectionError);
    expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});
