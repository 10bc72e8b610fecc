/**
 * The workspace lock's shared rules: the row a new lock writes and the polling loop that waits for
 * a held lock up to `waitMs`. Each backend keeps how one attempt checks and inserts (a SQLite
 * IMMEDIATE transaction, a PostgreSQL advisory lock and the database clock).
 */
import { randomUUID } from 'node:crypto';
import { LockHeldError } from '../errors.js';
import type { LockInfo, LockRequest } from '../store.js';
import type { LockRow } from './definition-rows.js';

const POLL_MS = 100;

/** One attempt at the lock: taken, or held by someone else. */
export type LockAttempt = { taken: LockInfo } | { heldBy: LockInfo };

/** The row of a new lock taken at `now` for `request.ttlMs`. */
export function newLockRow(request: LockRequest, now: Date): LockRow {
  return {
    id: randomUUID(),
    holder: request.holder,
    operation: request.operation,
    host: request.host,
    pid: request.pid,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + request.ttlMs).toISOString(),
  };
}

/** Calls `attempt` until the lock is taken, polling while another holder has it, for up to `waitMs`. */
export async function pollForLock(waitMs: number, attempt: () => Promise<LockAttempt>): Promise<LockInfo> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const result = await attempt();
    if ('taken' in result) return result.taken;
    if (Date.now() >= deadline) throw new LockHeldError(result.heldBy);
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))),
    );
  }
}
