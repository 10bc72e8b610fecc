/**
 * The one outbound HTTP client of the runtime (webhooks, APIs, Slack, Twilio, model endpoints):
 * node:http(s) with a hard timeout tied to the step's AbortSignal, a response size limit, manual
 * redirects (at most 5, each hop checked) and, when a guard is given, connections pinned to the
 * address the SSRF guard checked. Failures are thrown as the typed errors below; transports/
 * classify.ts maps them to retry classes.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type AllowList, type PinnedTarget, type Resolver, resolvePinned, SsrfBlockedError } from './ssrf.js';

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** The URL of the final hop. */
  url: string;
  redirects: number;
}

export interface HttpOptions {
  /** Cancellation from the step (timeout or activity cancellation). */
  signal?: AbortSignal;
  timeoutMs: number;
  /** SSRF guard: resolve, check and pin every hop. Absent for operator-configured endpoints. */
  guard?: { allow: AllowList; resolver?: Resolver };
  maxRedirects?: number;
  maxResponseBytes?: number;
  /** Extra header names dropped when a redirect leaves the origin (authorization, cookie always are). */
  sensitiveHeaders?: string[];
  /** Extra trusted CA certificates (PEM) for https, e.g. an internal CA. */
  ca?: string | string[];
}

export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** The request did not finish within its timeout (or the step was cancelled). */
export class HttpTimeoutError extends Error {
  override name = 'HttpTimeoutError';
}
/** No HTTP response: refused, reset, DNS failure, TLS failure... */
export class HttpConnectionError extends Error {
  override name = 'HttpConnectionError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}
/** Not retryable: a bad URL, too many redirects, an oversized response, an invalid header. */
export class HttpRequestError extends Error {
  override name = 'HttpRequestError';
}

/** Sends the request, following redirects manually; resolves with the final response. */
export async function sendHttp(request: HttpRequest, options: HttpOptions): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let current = { ...request, headers: { ...request.headers } };
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  for (let hop = 0; ; hop++) {
    const url = parseUrl(current.url);
    const pinned = options.guard ? await pin(url, options.guard) : undefined;
    const response = await sendOnce(url, current, pinned, signal, options);
    const location = response.headers.location;
    if (!isRedirect(response.status) || location === undefined) return { ...response, redirects: hop };
    if (hop >= maxRedirects) throw new HttpRequestError(`more than ${maxRedirects} redirects (last: ${url})`);
    current = redirected(
      current,
      url,
      new URL(location, url),
      response.status,
      options.sensitiveHeaders ?? [],
    );
  }
}

async function pin(url: URL, guard: NonNullable<HttpOptions['guard']>): Promise<PinnedTarget> {
  try {
    return await resolvePinned(url.hostname, guard);
  } catch (error) {
    if (error instanceof SsrfBlockedError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new HttpConnectionError(`cannot resolve ${url.hostname}: ${(error as Error).message}`, code);
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new HttpRequestError(`invalid URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpRequestError(`only http and https URLs are allowed, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new HttpRequestError('credentials in the URL are not allowed; use `auth` or `headers`');
  }
  return url;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** The next hop: 303 (and 301/302 of non-GET) become a body-less GET; leaving the origin drops credentials. */
function redirected(
  previous: HttpRequest,
  from: URL,
  to: URL,
  status: number,
  sensitive: string[],
): HttpRequest {
  const next: HttpRequest = { ...previous, url: to.toString(), headers: { ...previous.headers } };
  const toGet = status === 303 || ((status === 301 || status === 302) && previous.method !== 'HEAD');
  if (toGet && previous.method !== 'GET') {
    next.method = 'GET';
    next.body = undefined;
    dropHeaders(next.headers, ['content-type', 'content-length', 'x-aexy-signature', 'x-aexy-timestamp']);
  }
  if (to.origin !== from.origin) {
    dropHeaders(next.headers, ['authorization', 'cookie', 'proxy-authorization', ...sensitive]);
  }
  return next;
}

function dropHeaders(headers: Record<string, string>, names: string[]): void {
  const lower = new Set(names.map((n) => n.toLowerCase()));
  for (const key of Object.keys(headers)) if (lower.has(key.toLowerCase())) delete headers[key];
}

/** One request/response exchange, connected to `pinned` when given. */
function sendOnce(
  url: URL,
  request: HttpRequest,
  pinned: PinnedTarget | undefined,
  signal: AbortSignal,
  options: HttpOptions,
): Promise<Omit<HttpResponse, 'redirects'>> {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers: Record<string, string> = { ...request.headers, host: url.host };
  if (request.body) headers['content-length'] = String(request.body.byteLength);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new HttpTimeoutError(`request to ${url.host} timed out`));
    let req: ReturnType<typeof send>;
    try {
      req = send(url, {
        method: request.method,
        headers,
        signal,
        agent: false,
        ...(options.ca ? { ca: options.ca } : {}),
        // Connect to the checked address; TLS still verifies the certificate for the URL's host name.
        ...(pinned ? { hostname: pinned.address, family: pinned.family, servername: sniName(url) } : {}),
      });
    } catch (error) {
      return reject(new HttpRequestError((error as Error).message));
    }
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          // Reject first: the promise settles once, so a later 'end' of the buffered rest is ignored.
          reject(new HttpRequestError(`response from ${url.host} is larger than ${maxBytes} bytes`));
          req.destroy();
        } else chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: flatHeaders(res.headers),
          body: Buffer.concat(chunks),
          url: url.toString(),
        }),
      );
      res.on('error', (error) => reject(classifyNodeError(error, signal, url)));
    });
    req.on('error', (error) => reject(classifyNodeError(error, signal, url)));
    req.end(request.body);
  });
}

function sniName(url: URL): string | undefined {
  // SNI carries names only; for an IP literal there is nothing to send.
  return /^[\d.]+$|^\[/.test(url.hostname) ? undefined : url.hostname;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function classifyNodeError(error: Error, signal: AbortSignal, url: URL): Error {
  if (error instanceof HttpRequestError) return error;
  if (signal.aborted || error.name === 'AbortError') {
    return new HttpTimeoutError(`request to ${url.host} timed out or was cancelled`);
  }
  const code = (error as NodeJS.ErrnoException).code;
  return new HttpConnectionError(`cannot reach ${url.host}: ${error.message}`, code);
}
