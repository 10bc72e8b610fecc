/**
 * Small node:http helpers of the API server: JSON answers with the API's headers, a size-capped
 * body reader (413 before reading a declared-too-big body), JSON parsing (400), query parameters.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest } from './api-error.js';
import { acceptsGzip, COMPRESS_MIN_BYTES, gzipBody } from './compress.js';

/** Every response carries the API version header. */
export const API_HEADERS = { 'x-aexy-api': '1' } as const;

/** Default cap of request bodies (a plan of thousands of resources fits). */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Writes a JSON answer (or an empty one for 204); gzip-encoded when it is large and the request
 * accepts gzip (./compress.ts). Resolves once the answer is handed to the socket.
 */
export async function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<void> {
  if (res.headersSent) return;
  if (status === 204 || body === undefined) {
    res.writeHead(status, { ...API_HEADERS, ...headers });
    res.end();
    return;
  }
  let bytes: Buffer = Buffer.from(`${JSON.stringify(body)}\n`);
  const encoding: Record<string, string> = {};
  if (bytes.length >= COMPRESS_MIN_BYTES && acceptsGzip(res.req)) {
    bytes = await gzipBody(bytes);
    encoding['content-encoding'] = 'gzip';
  }
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    ...API_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(bytes.length),
    // Caches must keep the plain and the compressed answer apart.
    vary: 'accept-encoding',
    ...encoding,
    ...headers,
  });
  res.end(bytes);
}

/** Writes an ApiError in the API's error shape. */
export function sendError(res: ServerResponse, error: ApiError): Promise<void> {
  return sendJson(res, error.status, error.body(), error.headers);
}

function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'payload_too_large', `request body larger than ${limit} bytes`, { limit });
}

/** The raw body, refused with 413 past `limit` bytes (by Content-Length before reading any of it). */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size - chunk.length <= limit) {
        // the first chunk past the limit: drop what we kept, keep draining so the 413 can be answered
        chunks.length = 0;
        reject(tooLarge(limit));
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON body; an empty body is `undefined`. */
export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw badRequest(`the body is not valid JSON: ${(error as Error).message}`);
  }
}

/** An integer query parameter within [min, max], or the default. */
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number | undefined,
  min = 0,
  max = 10_000,
): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw badRequest(`query parameter ${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** A string query parameter, or undefined when absent or empty. */
export function strParam(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  return raw === null || raw === '' ? undefined : raw;
}

/** A list parameter: repeated (`?a=x&a=y`) or comma-separated (`?a=x,y`). */
export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const values = query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .filter(Boolean);
  return values.length ? values : undefined;
}
