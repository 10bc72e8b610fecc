/**
 * The PostgreSQL implementation of WorkspaceStore: the SQLite store's semantics (atomic applies,
 * stale-plan and lock checks, prune rules, history, expiring locks) on a database that several
 * processes and machines share. Every method takes a pooled connection, so one store serves
 * concurrent callers (e.g. `aexy serve`).
 */
import type pg from 'pg';
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
import { applyPlan, type PgAfterChangeHook } from './apply-plan.js';
import { acquireLock, forceUnlock, listLocks, releaseLock } from './locks.js';
import { type OpenPostgresOptions, openPostgres } from './open.js';
import { readCurrentVersions, readHistory, readInfo, readState } from './queries.js';

export interface PgStoreOptions extends OpenPostgresOptions {
  /** Test hook: runs after each change written inside the apply transaction. */
  afterApplyChange?: PgAfterChangeHook;
}

/** A workspace in one PostgreSQL schema. `pool` is public for the PostgreSQL backend and its tests. */
export class PgWorkspaceStore implements WorkspaceStore {
  private closed = false;

  constructor(
    readonly pool: pg.Pool,
    /** The workspace URL without password. */
    readonly location: string,
    /** The PostgreSQL schema (names the advisory locks: they are shared by the whole database). */
    readonly schema: string,
    private readonly options: PgStoreOptions = {},
  ) {}

  /** Connects to the URL, creating and migrating the schema as needed. */
  static async open(url: string, options: PgStoreOptions = {}): Promise<PgWorkspaceStore> {
    const { pool, target } = await openPostgres(url, options);
    return new PgWorkspaceStore(pool, target.location, target.schema, options);
  }

  info(): Promise<WorkspaceInfo> {
    return readInfo(this.pool, this.location);
  }

  state(): Promise<WorkspaceState> {
    return readState(this.pool);
  }

  apply(request: ApplyRequest): Promise<ApplyResult> {
    return applyPlan(this.pool, request, this.options.afterApplyChange);
  }

  currentVersions(): Promise<ResourceVersion[]> {
    return readCurrentVersions(this.pool);
  }

  history(address: Address): Promise<ResourceHistory> {
    return readHistory(this.pool, address);
  }

  acquireLock(request: LockRequest): Promise<LockInfo> {
    return acquireLock(this.pool, this.schema, request);
  }

  releaseLock(id: string): Promise<void> {
    return releaseLock(this.pool, id);
  }

  forceUnlock(id: string): Promise<LockInfo | undefined> {
    return forceUnlock(this.pool, id);
  }

  locks(): Promise<LockInfo[]> {
    return listLocks(this.pool);
  }

  /** Ends the pool (once; the backend's close calls this too). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
