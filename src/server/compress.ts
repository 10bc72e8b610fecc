/**
 * Response compression of the API: JSON answers over COMPRESS_MIN_BYTES are gzip-encoded when the
 * client accepts gzip (`GET /state` of 1,000 automations is megabytes of repetitive JSON). Small
 * answers are sent as they are: below a few KiB gzip saves little and costs a round of CPU.
 * Compression runs on zlib's thread pool, so a large answer does not stall other requests.
 */
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';

/** Answers at least this large are compressed (when the client accepts gzip). */
export const COMPRESS_MIN_BYTES = 8 * 1024;

const gzipAsync = promisify(gzip);

/** True when `Accept-Encoding` allows gzip (`gzip`, `gzip;q=0.5`, `*`; not `gzip;q=0`). */
export function acceptsGzip(req: IncomingMessage | undefined): boolean {
  const header = req?.headers['accept-encoding'];
  if (!header) return false;
  const offers = new Map<string, number>();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) offers.set(name, q === undefined ? 1 : Number(q));
  }
  const quality = offers.get('gzip') ?? offers.get('*') ?? 0;
  return quality > 0;
}

/** The gzip-encoded bytes (a middle level: most of the size gain at a fraction of level 9's time). */
export function gzipBody(body: Buffer): Promise<Buffer> {
  return gzipAsync(body, { level: 5, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY });
}
