/**
 * Maps an error response of `aexy serve` (`{"error": {code, message, hint?, details?}}`) back to the
 * error the local store would have thrown for the same condition (LockHeldError with the holder,
 * StalePlanError, LockLostError, PlanNotApplicableError, record errors), so a command prints the
 * same message whichever backend it talks to; the rest become the remote errors of ./errors.ts.
 */

import { LockHeldError, LockLostError, PlanNotApplicableError, StalePlanError } from '../workspace/errors.js';
import { RecordExistsError, RecordNotFoundError } from '../workspace/records/types.js';
import type { LockInfo } from '../workspace/store.js';
import { ForbiddenError, RemoteRequestError, ServerError, UnauthenticatedError } from './errors.js';

/** The error object of an API error body (fields missing when the body was not the API's). */
export interface ApiErrorBody {
  code?: string;
  message?: string;
  hint?: string;
  details?: Record<string, unknown>;
}

/** Where the failed request went, for messages. */
export interface FailedRequest {
  method: string;
  url: string;
  workspace: string;
}

/** The error to throw for an error response. */
export function errorFromResponse(status: number, body: ApiErrorBody, request: FailedRequest): Error {
  const details = body.details ?? {};
  const message = body.message ?? `HTTP ${status}`;
  if (status === 401) return new UnauthenticatedError(request.url, request.workspace);
  if (status === 403)
    return new ForbiddenError(
      `${request.method} ${request.url}`,
      String(details.required ?? 'unknown'),
      Array.isArray(details.granted) ? details.granted.map(String) : [],
    );
  const local = localError(body.code, message, details);
  if (local) return local;
  if (status >= 500) return serverError(status, body, request);
  return new RemoteRequestError(
    `${request.method} ${request.url}`,
    status,
    body.code ?? String(status),
    message,
    body.hint,
    body.details,
  );
}

/** The local store's error for the same condition, or undefined when the local store has none. */
function localError(code: string | undefined, message: string, details: Record<string, unknown>) {
  switch (code) {
    case 'lock_held':
      return isLock(details.lock) ? new LockHeldError(details.lock) : undefined;
    case 'stale_plan':
      return withMessage(new StalePlanError(stamp(details.expected), stamp(details.actual)), message);
    case 'lock_lost':
      return withMessage(new LockLostError(String(details.lockId ?? details.lock ?? '')), message);
    case 'plan_not_applicable':
      return new PlanNotApplicableError(message);
    case 'record_not_found':
      return withMessage(new RecordNotFoundError(String(details.object), String(details.id)), message);
    case 'record_exists':
      return withMessage(new RecordExistsError(String(details.object), String(details.id)), message);
    default:
      return undefined;
  }
}

function serverError(status: number, body: ApiErrorBody, request: FailedRequest): ServerError {
  const code = body.code ?? '';
  const hint =
    code === 'temporal_unavailable'
      ? `the server cannot reach Temporal: check the Temporal settings of \`aexy serve\` at ${new URL(request.url).origin}`
      : body.hint;
  return new ServerError(request.url, status, code, body.message ?? 'no details', hint);
}

/** Keeps the local class (and its fields) but shows the server's wording, which is the local one. */
function withMessage<E extends Error>(error: E, message: string): E {
  error.message = message;
  return error;
}

function stamp(value: unknown): { lineage: string; serial: number } {
  const v = (value ?? {}) as { lineage?: unknown; serial?: unknown };
  return { lineage: String(v.lineage ?? ''), serial: Number(v.serial ?? 0) };
}

function isLock(value: unknown): value is LockInfo {
  return !!value && typeof value === 'object' && typeof (value as LockInfo).id === 'string';
}
