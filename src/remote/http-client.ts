/**
 * The HTTP client of the remote backend, on Node's global fetch: every request carries the bearer
 * token and a timeout; idempotent calls (GET, DELETE) are retried with backoff when the connection
 * fails or a proxy answers 502/503/504; POST and PATCH are sent once (a lost answer must not apply a
 * plan or create a record twice). Error responses become the local store's errors or ./errors.ts.
 */
import { MissingTokenError, RequestTimeoutError, ServerError, ServerUnreachableError } from './errors.js';
import { type ApiErrorBody, errorFromResponse } from './http-errors.js';
import type { WorkspaceUrl } from './workspace-url.js';

/** Default per-request timeout (AEXY_HTTP_TIMEOUT_MS overrides it). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Waits before the 2nd, 3rd and 4th try of an idempotent call. */
export const RETRY_DELAYS_MS: readonly number[] = [250, 1000, 2000];

const RETRY_STATUSES = new Set([502, 503, 504]);

export interface HttpClientOptions {
  /** The API token (AEXY_TOKEN). */
  token?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  retryDelaysMs?: readonly number[];
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Time the server may legitimately spend on top of the timeout (a lock wait). */
  extraTimeoutMs?: number;
}

/** Talks to one workspace of an `aexy serve` API. */
export class HttpClient {
  readonly timeoutMs: number;
  private readonly token: string;
  private readonly delays: readonly number[];

  constructor(
    readonly target: WorkspaceUrl,
    options: HttpClientOptions = {},
  ) {
    const env = options.env ?? process.env;
    const token = options.token ?? env.AEXY_TOKEN;
    if (!token) throw new MissingTokenError(target.base);
    this.token = token;
    this.timeoutMs = options.timeoutMs ?? timeoutFromEnv(env);
    this.delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  }

  /** Sends a request and returns its JSON body (undefined for 204); throws the mapped error. */
  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    const url = this.url(path, options.query);
    const response = await this.send(method, url, options);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    if (!response.ok) throw this.failure(method, url, response, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ServerError(url, response.status, '', 'the answer is not JSON (is this an aexy serve API?)');
    }
  }

  /** Opens a streaming response (server-sent events); the timeout covers only the response headers. */
  async stream(path: string, query: Query, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const url = this.url(path, query);
    const headers = { ...this.headers(), accept: 'text/event-stream' };
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), this.timeoutMs);
    const both = signal ? AbortSignal.any([signal, timer.signal]) : timer.signal;
    try {
      const response = await this.attempt(url, { method: 'GET', headers, signal: both }, 1);
      if (!response.ok || !response.body) throw this.failure('GET', url, response, await response.text());
      return response.body;
    } catch (error) {
      if (timer.signal.aborted && !signal?.aborted) throw new RequestTimeoutError(url, this.timeoutMs);
      throw error;
    } finally {
      clearTimeout(timeout);
    }
  }

  private async send(method: Method, url: string, options: RequestOptions): Promise<Response> {
    const idempotent = method === 'GET' || method === 'DELETE';
    const tries = idempotent ? this.delays.length + 1 : 1;
    const timeoutMs = this.timeoutMs + (options.extraTimeoutMs ?? 0);
    const headers = this.headers(options.body !== undefined);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    for (let attempt = 1; ; attempt++) {
      const signal = AbortSignal.timeout(timeoutMs);
      let response: Response;
      try {
        response = await this.attempt(url, { method, headers, body, signal }, attempt);
      } catch (error) {
        if (error instanceof ServerUnreachableError && attempt < tries) {
          await sleep(this.delays[attempt - 1]);
          continue;
        }
        if (isTimeout(error)) throw new RequestTimeoutError(url, timeoutMs);
        throw error;
      }
      if (!RETRY_STATUSES.has(response.status) || attempt >= tries) return response;
      await response.body?.cancel();
      await sleep(this.delays[attempt - 1]);
    }
  }

  /** One fetch; a failure to connect becomes ServerUnreachableError (a timeout stays an AbortError). */
  private async attempt(url: string, init: RequestInit, attempt: number): Promise<Response> {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (isTimeout(error) || (error as Error).name === 'AbortError') throw error;
      throw new ServerUnreachableError(this.target.base, connectionReason(error), attempt);
    }
  }

  private failure(method: string, url: string, response: Response, text: string): Error {
    let body: ApiErrorBody = {};
    try {
      body = (JSON.parse(text) as { error?: ApiErrorBody }).error ?? {};
    } catch {
      body = { message: text.slice(0, 200) || response.statusText };
    }
    if (!response.headers.has('x-aexy-api') && !body.code)
      body.message = `${body.message ?? response.statusText} (the answer did not come from an aexy serve API)`;
    return errorFromResponse(response.status, body, { method, url, workspace: this.target.workspace });
  }

  private headers(json = false): Record<string, string> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.token}`,
      accept: 'application/json',
      // The server gzips large answers (GET /state of 1,000 automations is megabytes); fetch decodes.
      'accept-encoding': 'gzip',
    };
    if (json) headers['content-type'] = 'application/json';
    return headers;
  }

  private url(path: string, query: Query = {}): string {
    const url = new URL(`${this.target.base}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, String(v));
      else url.searchParams.set(key, String(value));
    }
    return url.toString();
  }
}

function timeoutFromEnv(env: NodeJS.ProcessEnv): number {
  const value = Number(env.AEXY_HTTP_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT_MS;
}

function isTimeout(error: unknown): boolean {
  return (error as Error)?.name === 'TimeoutError';
}

/** `connect ECONNREFUSED 127.0.0.1:9` rather than undici's bare "fetch failed". */
function connectionReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.message ?? cause?.code ?? (error as Error).message;
}

function sleep(ms: number | undefined): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms ?? 0));
}
