/**
 * How transports fail: every error a handler throws goes through these two constructors, so the
 * mapping onto the runtime's ActionError (activities/errors.ts) lives in one place. Retryable
 * failures carry one of the four error classes a retry policy can name; everything else is final.
 */
import type { ErrorClass } from '../../ir/types.js';
import { ActionError } from '../activities/errors.js';

/** A failure a retry policy may retry (`on: [rate_limit, ...]`), with the peer's delay hint if any. */
export function retryableFailure(errorClass: ErrorClass, message: string, retryAfterMs?: number): Error {
  return new ActionError(errorClass, message, { nextRetryDelayMs: retryAfterMs });
}

/** A failure no retry will fix (bad request, refused URL, invalid model output...). */
export function finalFailure(type: string, message: string): Error {
  return new ActionError(type, message);
}

/** Error types produced by transports besides the four retry classes. */
export const TRANSPORT_ERROR_TYPES = {
  /** The SSRF guard refused the address. */
  ssrfBlocked: 'ssrf_blocked',
  /** The peer answered with a status that is not success and not retryable (most 4xx). */
  http: 'http_error',
  /** The request could not be built or sent (bad URL, header, too many redirects, huge response). */
  request: 'request_error',
  /** The provider refused (Slack `ok: false`, Twilio error code, SMTP 5xx reply). */
  provider: 'provider_error',
  /** A transport needed for the action is not configured (no SMTP host, no Slack token...). */
  notConfigured: 'not_configured',
  /** Model output that does not match the action's output schema. */
  modelOutput: 'model_output_invalid',
  /** The input is not usable (e.g. a record id that is not given and no trigger record). */
  input: 'validation_error',
} as const;
