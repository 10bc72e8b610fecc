/**
 * `webhook_call` and `api_request`: outbound HTTP from automations. The URL is the author's, so every
 * request goes through the SSRF guard (`http.allow`). The body is built as data (JSON.stringify of the
 * rendered value, never text pasted into JSON); the signature covers exactly the bytes sent; the
 * `Idempotency-Key` header is the step's idempotency key, identical on every retry.
 */
import { parseDuration } from '../../compiler/duration.js';
import { VERSION } from '../../version.js';
import type { ActionContext, ActionHandlers } from '../activities/ports.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../ingress/signature.js';
import { assertSuccess, parseBody, toActionError } from '../transports/classify.js';
import type { TransportConfig } from '../transports/config.js';
import { finalFailure, TRANSPORT_ERROR_TYPES } from '../transports/failure.js';
import { sendHttp } from '../transports/http-client.js';

/** Default request timeout of webhook_call / api_request. */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;

/** What one outbound request needs, after the action's input has been interpreted. */
interface OutboundRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: unknown;
  signingSecret?: string;
  timeoutMs: number;
  isSuccess?: (status: number) => boolean;
  /** Headers holding credentials: dropped when a redirect leaves the origin. */
  sensitiveHeaders: string[];
}

/** The HTTP action handlers. */
export function createHttpHandlers(config: TransportConfig): ActionHandlers {
  return {
    webhook_call: (input, ctx) => send(webhookRequest(input, ctx), ctx, config, 'webhook_call'),
    api_request: (input, ctx) => send(apiRequest(input), ctx, config, 'api_request'),
  };
}

function webhookRequest(input: Record<string, unknown>, ctx: ActionContext): OutboundRequest {
  const method = methodOf(input.method, 'POST');
  // The default body describes the run; a GET or HEAD carries none unless one is given.
  const body =
    input.body !== undefined || method === 'GET' || method === 'HEAD'
      ? input.body
      : {
          event: 'automation.triggered',
          automation: ctx.automation,
          workspace: ctx.workspace,
          run: ctx.runId,
          step: ctx.stepKey,
          record: ctx.record ?? null,
        };
  return {
    url: String(input.url),
    method,
    headers: stringMap(input.headers),
    body,
    signingSecret: typeof input.secret === 'string' && input.secret !== '' ? input.secret : undefined,
    timeoutMs: timeoutOf(input.timeout),
    sensitiveHeaders: [],
  };
}

function apiRequest(input: Record<string, unknown>): OutboundRequest {
  const url = withQuery(String(input.url), input.query);
  const headers = stringMap(input.headers);
  const sensitiveHeaders = applyAuth(headers, input.auth);
  const expect = Array.isArray(input.expectStatus) ? input.expectStatus.map(Number) : undefined;
  return {
    url,
    method: methodOf(input.method, 'GET'),
    headers,
    body: input.body,
    timeoutMs: timeoutOf(input.timeout),
    isSuccess: expect ? (status) => expect.includes(status) : undefined,
    sensitiveHeaders,
  };
}

/** Sends the request and captures the response as the action output. */
async function send(request: OutboundRequest, ctx: ActionContext, config: TransportConfig, what: string) {
  const bytes = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body), 'utf8');
  const headers = buildHeaders(request, bytes, ctx);
  const started = performance.now();
  try {
    const response = await sendHttp(
      { url: request.url, method: request.method, headers, body: bytes },
      {
        signal: ctx.signal,
        timeoutMs: request.timeoutMs,
        guard: { allow: config.http.allow, resolver: config.http.resolver },
        maxResponseBytes: config.http.maxResponseBytes,
        sensitiveHeaders: request.sensitiveHeaders,
      },
    );
    assertSuccess(response, `${what} ${request.method} ${redactUrl(response.url)}`, request.isSuccess);
    const body = parseBody(response);
    return { status: response.status, headers: response.headers, body, durationMs: elapsed(started) };
  } catch (error) {
    throw toActionError(error, `${what} ${request.method} ${redactUrl(request.url)}`);
  }
}

/** Header names are lower-cased; ours are added only where the author set none. */
function buildHeaders(request: OutboundRequest, bytes: Buffer | undefined, ctx: ActionContext) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  headers['user-agent'] ??= `aexy/${VERSION}`;
  headers['idempotency-key'] ??= ctx.idempotencyKey;
  if (bytes) headers['content-type'] ??= 'application/json';
  if (request.signingSecret) {
    const signed = signWebhook(request.signingSecret, Math.floor(Date.now() / 1000), bytes ?? '');
    headers[TIMESTAMP_HEADER.toLowerCase()] = signed.timestamp;
    headers[SIGNATURE_HEADER.toLowerCase()] = signed.signature;
  }
  return headers;
}

/** Adds the auth header; returns the names that carry credentials. */
function applyAuth(headers: Record<string, string>, auth: unknown): string[] {
  if (!auth || typeof auth !== 'object') return [];
  const { type, token, username, password, header } = auth as Record<string, string | undefined>;
  if (type === 'bearer') headers.authorization = `Bearer ${token ?? ''}`;
  else if (type === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${username ?? ''}:${password ?? ''}`).toString('base64')}`;
  } else if (type === 'api_key') {
    const name = (header ?? 'X-API-Key').toLowerCase();
    headers[name] = token ?? '';
    return [name];
  }
  return [];
}

function withQuery(url: string, query: unknown): string {
  if (!query || typeof query !== 'object') return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url; // sendHttp reports the bad URL
  }
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) if (v !== undefined && v !== null) parsed.searchParams.append(key, scalar(v));
  }
  return parsed.toString();
}

function scalar(value: unknown): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, scalar(v)]));
}

function methodOf(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value.toUpperCase() : fallback;
}

function timeoutOf(value: unknown): number {
  if (value === undefined) return DEFAULT_HTTP_TIMEOUT_MS;
  const ms = parseDuration(value);
  if (ms === undefined || ms <= 0) {
    throw finalFailure(
      TRANSPORT_ERROR_TYPES.input,
      `timeout must be a duration like 30s, got ${String(value)}`,
    );
  }
  return ms;
}

/** URLs in messages lose their query string (tokens often travel there). */
function redactUrl(url: string): string {
  return url.replace(/\?.*$/, '?…');
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
