/**
 * Defaults the compiler fills in when a document leaves a value out (documented in docs/language.md
 * "Defaults"). One place, so the docs, the IR and the runtime agree.
 */
import type { ErrorClass, RetryPolicy } from '../ir/types.js';

export const ALL_ERROR_CLASSES: ErrorClass[] = ['timeout', 'rate_limit', 'server_error', 'connection_error'];

export const DEFAULTS = {
  enabled: true,
  onError: 'stop',
  retry: {
    maxAttempts: 4,
    initialIntervalMs: 60_000,
    backoff: 2,
    maxIntervalMs: 10 * 60_000,
    on: ALL_ERROR_CLASSES,
  } satisfies RetryPolicy,
  concurrency: 'parallel',
  join: 'all',
  onBranchFailure: 'fail',
  loopAs: 'item',
  loopConcurrency: 1,
  waitForCompletion: true,
  agentTimeoutMs: 5 * 60_000,
  agentMaxIterations: 10,
  waitOffsetMs: 0,
} as const;
