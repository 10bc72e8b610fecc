/**
 * Opening a workspace by location. Today every location is a SQLite file; a URL scheme
 * (postgres://, https://) is where a shared store plugs in, behind the same WorkspaceStore interface.
 */
import { isUrl } from './location.js';
import { type SqliteStoreOptions, SqliteWorkspaceStore } from './sqlite/store.js';
import type { WorkspaceStore } from './store.js';

export * from './errors.js';
export * from './location.js';
export type * from './store.js';

/** Opens the workspace at `location`; throws for a URL scheme this build has no store for. */
export function openWorkspace(location: string, options: SqliteStoreOptions = {}): WorkspaceStore {
  if (isUrl(location)) {
    throw new Error(`no workspace store for ${location}: this build supports SQLite file paths only`);
  }
  return SqliteWorkspaceStore.open(location, options);
}

export { actorName, DEFAULT_LOCK_TTL_MS, type LockOptions, withLock } from './with-lock.js';
export { SqliteWorkspaceStore };
