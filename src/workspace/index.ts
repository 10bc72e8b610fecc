/**
 * The workspace module's entry: errors, locations, the lock helper, and opening a workspace.
 * Use openBackend (every store of a workspace, any location); openWorkspace is the older
 * SQLite-only, definitions-only opener kept for tests.
 */
import { isUrl } from './location.js';
import { type SqliteStoreOptions, SqliteWorkspaceStore } from './sqlite/store.js';
import type { WorkspaceStore } from './store.js';

export * from './errors.js';
export * from './location.js';
export type * from './store.js';

/** Opens the SQLite workspace store at `location` (tests); throws for a URL: use openBackend. */
export function openWorkspace(location: string, options: SqliteStoreOptions = {}): WorkspaceStore {
  if (isUrl(location)) {
    throw new Error(`openWorkspace opens SQLite files only; open ${location} with openBackend`);
  }
  return SqliteWorkspaceStore.open(location, options);
}

export { type OpenBackendOptions, openBackend } from './open-backend.js';
export { actorName, DEFAULT_LOCK_TTL_MS, type LockOptions, withLock } from './with-lock.js';
export { SqliteWorkspaceStore };
