/**
 * Retry classification of HTTP outcomes, shared by every HTTP-based transport:
 * - 429 -> rate_limit (with the Retry-After delay as the next retry hint), 408 -> timeout;
 * - 5xx -> server_error (503 may carry Retry-After too);
 * - no response: connection refused/reset/DNS -> connection_error, deadline or cancel -> timeout;
 * - any other 4xx, a refused (SSRF) address, a bad URL: final, no retry will fix them.
 */
import { finalFailure, retryableFailure, TRANSPORT_ERROR_TYPES } from './failure.js';
import { HttpConnectionError, HttpRequestError, type HttpResponse, HttpTimeoutError } from './http-client.js';
import { SsrfBlockedError } from './ssrf.js';

/** Longest Retry-After we pass on as a hint (longer ones are capped; the retry policy still bounds it). */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** Converts a thrown transport error into the runtime's ActionError (unknown errors pass through). */
export function toActionError(error: unknown, what: string): unknown {
  if (error instanceof SsrfBlockedError)
    return finalFailure(TRANSPORT_ERROR_TYPES.ssrfBlocked, error.message);
  if (error instanceof HttpTimeoutError) return retryableFailure('timeout', `${what}: ${error.message}`);
  if (error instanceof HttpConnectionError) {
    return retryableFailure('connection_error', `${what}: ${error.message}`);
  }
  if (error instanceof HttpRequestError) {
    return finalFailure(TRANSPORT_ERROR_TYPES.request, `${what}: ${error.message}`);
  }
  return error;
}

/**
 * Throws the classified failure for a response that is not a success; `isSuccess` defaults to 2xx.
 * `detail` is a short description of the peer's error body, when the caller can extract one.
 */
export function assertSuccess(
  response: HttpResponse,
  what: string,
  isSuccess: (status: number) => boolean = (status) => status >= 200 && status < 300,
  detail = bodySnippet(response.body),
): void {
  const { status } = response;
  if (isSuccess(status)) return;
  const message = `${what}: HTTP ${status}${detail ? ` ${detail}` : ''}`;
  const retryAfter = retryAfterMs(response.headers['retry-after']);
  if (status === 429) throw retryableFailure('rate_limit', message, retryAfter);
  if (status === 408) throw retryableFailure('timeout', message);
  if (status >= 500) throw retryableFailure('server_error', message, retryAfter);
  throw finalFailure(TRANSPORT_ERROR_TYPES.http, message);
}

/** Retry-After as milliseconds: delta seconds or an HTTP date (relative to `now`); undefined if absent/bad. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** The first 200 characters of a text body, for error messages (never the request, which may hold secrets). */
export function bodySnippet(body: Buffer): string {
  const text = body.subarray(0, 400).toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** Parses a body as JSON when the content type says JSON (or it looks like JSON), else returns text. */
export function parseBody(response: Pick<HttpResponse, 'body' | 'headers'>): unknown {
  const text = response.body.toString('utf8');
  const type = response.headers['content-type'] ?? '';
  if (text.length === 0) return type.includes('json') ? null : '';
  if (/\bjson\b|\+json/.test(type)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
