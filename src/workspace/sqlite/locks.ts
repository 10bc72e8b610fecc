/**
 * The workspace lock: one row in `locks` (scope `workspace`) taken for apply and plan-with-lock.
 * Expired rows are cleared by whoever next asks, so a CI job killed mid-apply does not leave the
 * workspace stuck; `forceUnlock` removes a lock by id.
 */
import type { Database } from 'better-sqlite3';
import { LockLostError } from '../errors.js';
import { type LockRow, toLock } from '../rows/definition-rows.js';
import { type LockAttempt, newLockRow, pollForLock } from '../rows/lock-rows.js';
import type { LockInfo, LockRequest } from '../store.js';

/** Takes the lock, polling while another holder has it, for up to `waitMs`. */
export function acquireLock(db: Database, request: LockRequest): Promise<LockInfo> {
  return pollForLock(request.waitMs, async () => tryAcquire(db, request));
}

function tryAcquire(db: Database, request: LockRequest): LockAttempt {
  const attempt = db.transaction(() => {
    const now = new Date();
    db.prepare('DELETE FROM locks WHERE expires_at <= ?').run(now.toISOString());
    const held = db.prepare("SELECT * FROM locks WHERE scope = 'workspace'").get() as LockRow | undefined;
    if (held) return { heldBy: toLock(held) };
    const row = newLockRow(request, now);
    db.prepare(
      `INSERT INTO locks (id, scope, holder, operation, host, pid, created_at, expires_at)
       VALUES (@id, 'workspace', @holder, @operation, @host, @pid, @created_at, @expires_at)`,
    ).run(row);
    return { taken: toLock(row) };
  });
  return attempt.immediate();
}

/** Throws LockLostError unless `lockId` is the current, unexpired lock (call inside the apply transaction). */
export function assertLockHeld(db: Database, lockId: string, now: string): void {
  const row = db.prepare('SELECT expires_at FROM locks WHERE id = ?').get(lockId) as
    | { expires_at: string }
    | undefined;
  if (!row || row.expires_at <= now) throw new LockLostError(lockId);
}

export function releaseLock(db: Database, id: string): void {
  db.prepare('DELETE FROM locks WHERE id = ?').run(id);
}

export function forceUnlock(db: Database, id: string): LockInfo | undefined {
  const row = db.prepare('DELETE FROM locks WHERE id = ? RETURNING *').get(id) as LockRow | undefined;
  return row ? toLock(row) : undefined;
}

export function listLocks(db: Database): LockInfo[] {
  return (db.prepare('SELECT * FROM locks ORDER BY created_at').all() as LockRow[]).map(toLock);
}
