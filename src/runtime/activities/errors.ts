/**
 * How action handlers fail. A handler throws ActionError with a type: one of the four error classes
 * a retry policy can name (`timeout`, `rate_limit`, `server_error`, `connection_error`), which the
 * step's policy may retry, or any other type (`validation_error`, `not_found`...), never retried.
 * Anything else a handler throws is classified by `classifyError` (network errors, HTTP statuses).
 */
import type { ErrorClass } from '../../ir/types.js';
import { ERROR_CLASSES, RUNTIME_ERROR_TYPES, type RunError } from '../contract.js';
import { RecordNotFoundError } from './ports.js';

export interface ActionErrorOptions {
  /** The peer asked to wait this long before retrying (e.g. Retry-After). */
  nextRetryDelayMs?: number;
  /** Extra data kept with the error in the run log. */
  details?: unknown;
}

/** A failed action, with the error type its retry decision is based on. */
export class ActionError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly options: ActionErrorOptions = {},
  ) {
    super(message);
    this.name = 'ActionError';
  }

  /** Only the four error classes are ever retried. */
  get retryable(): boolean {
    return isErrorClass(this.type);
  }
}

export function isErrorClass(type: string): type is ErrorClass {
  return (ERROR_CLASSES as readonly string[]).includes(type);
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The RunError (plus retry hint) for anything a handler threw. */
export function classifyError(error: unknown): RunError & { nextRetryDelayMs?: number } {
  if (error instanceof ActionError) {
    return {
      type: error.type,
      message: error.message,
      retryable: error.retryable,
      nextRetryDelayMs: error.options.nextRetryDelayMs,
    };
  }
  if (error instanceof RecordNotFoundError)
    return { type: RUNTIME_ERROR_TYPES.notFound, message: error.message, retryable: false };
  const e = error as { name?: string; code?: string; status?: number; message?: string };
  const message = e?.message ?? String(error);
  const type = classOf(e);
  return { type, message, retryable: isErrorClass(type) };
}

function classOf(e: { name?: string; code?: string; status?: number }): string {
  if (e?.name === 'TimeoutError' || e?.code === 'ETIMEDOUT') return 'timeout';
  if (e?.code && CONNECTION_CODES.has(e.code)) return 'connection_error';
  if (e?.status === 429) return 'rate_limit';
  if (typeof e?.status === 'number' && e.status >= 500) return 'server_error';
  return 'error';
}
