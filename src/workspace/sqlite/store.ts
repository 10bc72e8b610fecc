/**
 * The embedded SQLite implementation of WorkspaceStore (better-sqlite3: synchronous, so every
 * transaction is atomic within this process and serialised across processes by SQLite's lock).
 */
import type { Database } from 'better-sqlite3';
import type { Address } from '../../ir/types.js';
import type { WorkspaceState } from '../../plan/types.js';
import type {
  ApplyRequest,
  ApplyResult,
  LockInfo,
  LockRequest,
  ResourceHistory,
  ResourceVersion,
  WorkspaceInfo,
  WorkspaceStore,
} from '../store.js';
import { type AfterChangeHook, applyPlan } from './apply-plan.js';
import { acquireLock, forceUnlock, listLocks, releaseLock } from './locks.js';
import { type OpenOptions, openDatabase } from './open.js';
import { readCurrentVersions, readHistory, readInfo, readState } from './queries.js';

export interface SqliteStoreOptions extends OpenOptions {
  /** Test hook: runs after each change written inside the apply transaction. */
  afterApplyChange?: AfterChangeHook;
}

/** A workspace in one SQLite file. `db` is public so runtime modules can use their own tables. */
export class SqliteWorkspaceStore implements WorkspaceStore {
  private constructor(
    readonly db: Database,
    readonly location: string,
    private readonly options: SqliteStoreOptions,
  ) {}

  /** Opens (creating and migrating as needed) the workspace file at `path`. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteWorkspaceStore {
    return new SqliteWorkspaceStore(openDatabase(path, options), path, options);
  }

  async info(): Promise<WorkspaceInfo> {
    return readInfo(this.db, this.location);
  }

  async state(): Promise<WorkspaceState> {
    return readState(this.db);
  }

  async apply(request: ApplyRequest): Promise<ApplyResult> {
    return applyPlan(this.db, request, this.options.afterApplyChange);
  }

  async currentVersions(): Promise<ResourceVersion[]> {
    return readCurrentVersions(this.db);
  }

  async history(address: Address): Promise<ResourceHistory> {
    return readHistory(this.db, address);
  }

  acquireLock(request: LockRequest): Promise<LockInfo> {
    return acquireLock(this.db, request);
  }

  async releaseLock(id: string): Promise<void> {
    releaseLock(this.db, id);
  }

  async forceUnlock(id: string): Promise<LockInfo | undefined> {
    return forceUnlock(this.db, id);
  }

  async locks(): Promise<LockInfo[]> {
    return listLocks(this.db);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
