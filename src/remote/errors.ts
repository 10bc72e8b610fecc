/**
 * Errors of the remote backend that the local store never raises: the server cannot be reached, the
 * token is missing, unknown or lacks a scope, the server failed, or an operation has no remote
 * form. Each names the URL and carries a `hint` with the fix; commands show them like any UserError.
 * Conditions the local store also has (lock held, stale plan...) are mapped back to its own classes
 * (src/workspace/errors.ts) by ./http-errors.ts, so commands print identical messages.
 */
import type { TokenScope } from '../workspace/backend.js';

/** Base of every remote-only error: a message naming the URL, and a hint saying what to do. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

/** AEXY_TOKEN is not set. */
export class MissingTokenError extends RemoteError {
  constructor(readonly url: string) {
    super(
      `no API token for the remote workspace ${url}: AEXY_TOKEN is not set`,
      'set AEXY_TOKEN to a token of this workspace (an admin creates one with `aexy tokens create --name ci --scope apply`)',
    );
    this.name = 'MissingTokenError';
  }
}

/** No connection could be made (refused, DNS, reset), after the retries an idempotent call gets. */
export class ServerUnreachableError extends RemoteError {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(
      `cannot reach the workspace server at ${url}: ${reason}${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
      `is \`aexy serve\` running at ${new URL(url).origin}? check the URL in --workspace, AEXY_WORKSPACE or aexy.yaml`,
    );
    this.name = 'ServerUnreachableError';
  }
}

/** The server did not answer within the request timeout. */
export class RequestTimeoutError extends RemoteError {
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(
      `the workspace server at ${url} did not answer within ${timeoutMs / 1000}s`,
      'check that the server is healthy, or allow more time with AEXY_HTTP_TIMEOUT_MS (milliseconds)',
    );
    this.name = 'RequestTimeoutError';
  }
}

/** 401: the token is unknown, revoked, expired, or of another workspace (or the workspace is unknown). */
export class UnauthenticatedError extends RemoteError {
  constructor(
    readonly url: string,
    readonly workspace: string,
  ) {
    super(
      `the workspace server at ${url} refused the token in AEXY_TOKEN (401): it is unknown, revoked or expired, or not a token of workspace ${workspace}`,
      `check AEXY_TOKEN: it must be a live token of workspace ${workspace} (list them with \`aexy tokens list\` using an admin token)`,
    );
    this.name = 'UnauthenticatedError';
  }
}

/** 403: the token is valid but lacks the scope the call needs. */
export class ForbiddenError extends RemoteError {
  constructor(
    readonly url: string,
    readonly required: TokenScope | string,
    readonly granted: readonly string[],
  ) {
    super(
      `the token in AEXY_TOKEN lacks the "${required}" scope needed for ${url} (it has: ${granted.length ? granted.join(', ') : 'none'})`,
      `use a token with the ${required} scope: an admin creates one with \`aexy tokens create --name NAME --scope ${required}\``,
    );
    this.name = 'ForbiddenError';
  }
}

/** 5xx: the server failed (its message is shown), or a proxy in front of it did. */
export class ServerError extends RemoteError {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly code: string,
    detail: string,
    hint?: string,
  ) {
    super(
      `the workspace server at ${url} failed (${status}${code ? ` ${code}` : ''}): ${detail}`,
      hint ?? `see the log of \`aexy serve\` at ${new URL(url).origin}; retry once it is healthy`,
    );
    this.name = 'ServerError';
  }
}

/** Another 4xx the local store has no class for (bad request, not found, conflict...). */
export class RemoteRequestError extends RemoteError {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly code: string,
    message: string,
    hint?: string,
    readonly details?: unknown,
  ) {
    super(message, hint ?? '');
    this.name = 'RemoteRequestError';
  }
}

/** An operation that has no remote form (workers, routing, counters write to the store itself). */
export class RemoteNotSupportedError extends RemoteError {
  constructor(
    readonly operation: string,
    readonly url: string,
    hint?: string,
  ) {
    super(
      `${operation} is not available through the workspace API (${url})`,
      hint ??
        'workers and routers write to the store directly: point them at the database (a SQLite path or postgres:// URL), not at aexy serve',
    );
    this.name = 'RemoteNotSupportedError';
  }
}
