/**
 * Response compression: a JSON answer of 8 KiB or more is gzip-encoded when the request accepts gzip
 * (and says so in `Vary`), a smaller one or a request without gzip gets the plain bytes, and the
 * remote client (fetch) asks for gzip and reads the compressed answer as the plain one.
 */
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/remote/http-client.js';
import { remoteEventStore } from '../../../src/remote/runtime-stores.js';
import { parseWorkspaceUrl } from '../../../src/remote/workspace-url.js';
import { COMPRESS_MIN_BYTES } from '../../../src/server/compress.js';
import { startTestServer, type TestServer } from './server-fixture.js';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
  const events = Array.from({ length: 300 }, (_, i) => ({
    id: `ev-${i}`,
    type: 'deal.pinged',
    payload: { note: `event number ${i} with some text to make it realistic` },
    causation: [],
    occurredAt: new Date().toISOString(),
    source: 'cli' as const,
  }));
  await t.acme.runtime.events.append(events);
});
afterAll(() => t.close());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

/** A GET with exactly these headers (fetch would add and decode gzip by itself). */
function rawGet(path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}${path}`, {
      headers: { authorization: `Bearer ${t.tokens.acme.read}`, ...headers },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gzip', () => {
  const big = '/workspaces/acme/events?limit=300';

  it('compresses a large answer when gzip is accepted; the bytes decode to the plain answer', async () => {
    const plain = await rawGet(big, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBeGreaterThan(COMPRESS_MIN_BYTES);
    expect(Number(plain.headers['content-length'])).toBe(plain.bytes.length);
    const zipped = await rawGet(big, { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('accept-encoding');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.bytes.length);
    expect(zipped.bytes.length).toBeLessThan(plain.bytes.length / 4);
    expect(gunzipSync(zipped.bytes).equals(plain.bytes)).toBe(true);
  });

  it('honours q-values and wildcards; never compresses a small answer', async () => {
    expect(
      (await rawGet(big, { 'accept-encoding': 'gzip;q=0, deflate' })).headers['content-encoding'],
    ).toBeUndefined();
    expect((await rawGet(big, { 'accept-encoding': 'br' })).headers['content-encoding']).toBeUndefined();
    expect((await rawGet(big, { 'accept-encoding': '*' })).headers['content-encoding']).toBe('gzip');
    expect((await rawGet(big, { 'accept-encoding': 'GZIP;q=0.5' })).headers['content-encoding']).toBe('gzip');
    const small = await rawGet('/workspaces/acme', { 'accept-encoding': 'gzip' });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.bytes.length).toBeLessThan(COMPRESS_MIN_BYTES);
    expect(JSON.parse(small.bytes.toString('utf8'))).toMatchObject({ serial: 0 });
  });

  it('the remote client asks for gzip and reads the compressed answer', async () => {
    const seen: string[] = [];
    t.api.server.prependListener('request', (req) => {
      seen.push(String(req.headers['accept-encoding']));
    });
    const http = new HttpClient(parseWorkspaceUrl(`${t.url}/workspaces/acme`), { token: t.tokens.acme.read });
    const listed = await remoteEventStore(http).list({ limit: 300 });
    expect(listed).toHaveLength(300);
    expect(listed).toEqual(await t.acme.runtime.events.list({ limit: 300 }));
    expect(seen.at(-1)).toBe('gzip');
  });
});
