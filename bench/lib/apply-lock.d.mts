/** Types of apply-lock.mjs. */

/** The lock request of a benchmark's one-off apply. */
export function benchApplyLock(): {
  holder: string;
  operation: 'apply';
  host: string;
  pid: number;
  ttlMs: number;
  waitMs: number;
};
