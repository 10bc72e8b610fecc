/**
 * Errors of the HTTP API in one shape (`{"error": {code, message, hint?, details?}}`, see
 * docs/serve.md): an ApiError carries its status and code; `toApiError` maps the store's and the
 * runtime's own errors (stale plan, lock held, record missing, Temporal down...) to theirs, so a
 * remote client can turn them back into the same classes the local store throws.
 */
import { ApprovalError } from '../runtime/approvals.js';
import { RunControlError } from '../runtime/run-control.js';
import { LockHeldError, LockLostError, PlanNotApplicableError, StalePlanError } from '../workspace/errors.js';
import { RecordExistsError, RecordNotFoundError } from '../workspace/records/types.js';

/** Stable error codes of the API. */
export type ApiErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'payload_too_large'
  | 'lock_held'
  | 'stale_plan'
  | 'lock_lost'
  | 'conflict'
  | 'record_not_found'
  | 'record_exists'
  | 'plan_not_applicable'
  | 'rate_limited'
  | 'temporal_unavailable'
  | 'internal';

/** An error answer: HTTP status, code, message, and optional hint and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly hint?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The JSON body of the answer. */
  body(): { error: Record<string, unknown> } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.hint ? { hint: this.hint } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

/** The one answer to a missing token, a wrong token, another workspace's token and an unknown workspace. */
export function unauthenticated(): ApiError {
  return new ApiError(
    401,
    'unauthenticated',
    'missing, unknown, revoked or expired token for this workspace',
    undefined,
    'pass `Authorization: Bearer <token>` with a token of this workspace (aexy tokens create)',
  );
}

export function notFound(what: string): ApiError {
  return new ApiError(404, 'not_found', what);
}

export function badRequest(message: string, details?: Record<string, unknown>): ApiError {
  return new ApiError(400, 'bad_request', message, details);
}

/** Any thrown value as an ApiError (unknown errors become a 500 that reveals nothing). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof LockHeldError)
    return new ApiError(409, 'lock_held', error.message, { lock: error.lock });
  if (error instanceof StalePlanError)
    return new ApiError(409, 'stale_plan', error.message, {
      expected: error.expected,
      actual: error.actual,
    });
  if (error instanceof LockLostError)
    return new ApiError(409, 'lock_lost', error.message, { lockId: error.lockId });
  if (error instanceof PlanNotApplicableError) return new ApiError(422, 'plan_not_applicable', error.message);
  if (error instanceof RecordNotFoundError)
    return new ApiError(404, 'record_not_found', error.message, { object: error.object, id: error.id });
  if (error instanceof RecordExistsError)
    return new ApiError(409, 'record_exists', error.message, { object: error.object, id: error.id });
  if (error instanceof RunControlError) return notFound(error.message);
  if (error instanceof ApprovalError) return approval(error);
  if ((error as Error)?.name === 'TemporalUnreachableError')
    return new ApiError(503, 'temporal_unavailable', (error as Error).message);
  return new ApiError(500, 'internal', 'internal error');
}

function approval(error: ApprovalError): ApiError {
  if (error.reason === 'no-run' || error.reason === 'unknown-workflow') return notFound(error.message);
  if (error.reason === 'timeout')
    return new ApiError(
      503,
      'temporal_unavailable',
      error.message,
      undefined,
      'start a worker (aexy worker) for this workspace',
    );
  // Finished, or refused by the workflow (nothing pending, unknown step): its message says why.
  return new ApiError(409, 'conflict', error.message, undefined, error.hint);
}
