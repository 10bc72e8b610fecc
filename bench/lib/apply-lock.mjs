/**
 * The workspace lock a benchmark takes for its one-off apply (what `aexy apply` asks for), shared by
 * bench/plan.mjs (through the store) and bench/lib/gzip-state-server.ts (through the API).
 */

/** The lock request: held by "bench" for up to 10 minutes, refused at once if someone holds it. */
export function benchApplyLock() {
  return { holder: 'bench', operation: 'apply', host: 'bench', pid: process.pid, ttlMs: 600_000, waitMs: 0 };
}
