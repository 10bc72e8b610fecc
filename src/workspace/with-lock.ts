/**
 * Runs an operation while holding the workspace lock, releasing it afterwards whatever happens.
 * A process killed before the release leaves the lock to expire (`ttlMs`).
 */
import { hostname, userInfo } from 'node:os';
import type { LockInfo, LockRequest, WorkspaceStore } from './store.js';

/** Default validity of a lock: long enough for any apply, short enough that a dead CI job does not block a team. */
export const DEFAULT_LOCK_TTL_MS = 15 * 60 * 1000;

/** Who is acting: `user@host`, or AEXY_ACTOR when set (CI job names). */
export function actorName(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AEXY_ACTOR) return env.AEXY_ACTOR;
  let user = env.USER ?? env.USERNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): keep the environment's name
  }
  return `${user}@${hostname()}`;
}

export interface LockOptions {
  operation: string;
  holder?: string;
  waitMs?: number;
  ttlMs?: number;
}

/** Takes the lock, runs `fn(lock)`, releases the lock. */
export async function withLock<T>(
  store: WorkspaceStore,
  options: LockOptions,
  fn: (lock: LockInfo) => Promise<T>,
): Promise<T> {
  const request: LockRequest = {
    holder: options.holder ?? actorName(),
    operation: options.operation,
    host: hostname(),
    pid: process.pid,
    ttlMs: options.ttlMs ?? DEFAULT_LOCK_TTL_MS,
    waitMs: options.waitMs ?? 0,
  };
  const lock = await store.acquireLock(request);
  try {
    return await fn(lock);
  } finally {
    await store.releaseLock(lock.id);
  }
}
