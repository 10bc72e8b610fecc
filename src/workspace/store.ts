/**
 * The workspace store: where applied definitions, their immutable versions, locks (and, added by
 * the runtime, runs, steps and records) live. Plan and apply talk only to this interface, so a
 * shared store (PostgreSQL, a remote HTTP backend) can be added without touching them. The embedded
 * default is SQLite (src/workspace/sqlite).
 */
import type { Address, Resource, ResourceKind } from '../ir/types.js';
import type { Plan, WorkspaceState } from '../plan/types.js';

/** Identity and counters of a workspace. */
export interface WorkspaceInfo {
  /** Where it lives: a file path or URL. */
  location: string;
  /** Random id given at creation; a plan made against another lineage is refused. */
  lineage: string;
  /** Increases by one with every applied change set. */
  serial: number;
  schemaVersion: number;
  createdAt: string;
  resourceCount: number;
}

/** One immutable applied version of a resource. */
export interface ResourceVersion {
  /** Store-wide id of this version (what a run records as the version it executes). */
  id: number;
  address: Address;
  kind: ResourceKind;
  name: string;
  version: number;
  contentHash: string;
  ir: Resource;
  sourceFile: string;
  sourceText: string;
  appliedBy: string;
  appliedAt: string;
  planId: string;
  protected: boolean;
  /** What this version did: created, updated or renamed the resource. */
  change: 'create' | 'update' | 'rename';
}

/** A resource's current version plus, when deleted, when and by whom. */
export interface ResourceHistory {
  address: Address;
  current?: ResourceVersion;
  deleted?: { at: string; by: string; planId: string };
  /** Newest first; includes versions under earlier names. */
  versions: ResourceVersion[];
}

/** A row of the lock table: who holds the workspace for which operation, until when. */
export interface LockInfo {
  id: string;
  holder: string;
  operation: string;
  host: string;
  pid: number;
  createdAt: string;
  expiresAt: string;
}

export interface LockRequest {
  holder: string;
  operation: string;
  host: string;
  pid: number;
  /** How long the lock stays valid without being released (a killed job's lock expires). */
  ttlMs: number;
  /** How long to wait for a held lock; 0 fails at once. */
  waitMs: number;
}

export interface ApplyRequest {
  plan: Plan;
  appliedBy: string;
  /** The lock the caller holds; the store checks it is still the current one. */
  lockId: string;
  /** Time stamp of the applied versions (ISO); default now. */
  at?: string;
}

export interface ApplyResult {
  serial: number;
  planId: string;
  created: number;
  updated: number;
  renamed: number;
  deleted: number;
}

/** Every store implements this; all methods are async so a remote store fits the same shape. */
export interface WorkspaceStore {
  info(): Promise<WorkspaceInfo>;
  /** What plan diffs against: lineage, serial and the current resources. */
  state(): Promise<WorkspaceState>;
  /**
   * Executes a plan atomically: every change or none. Refuses (StalePlanError) when the workspace
   * lineage or serial differ from the plan's base, and (LockError) when the lock is not held.
   */
  apply(request: ApplyRequest): Promise<ApplyResult>;
  /** The current versions of every live resource (export reads these). */
  currentVersions(): Promise<ResourceVersion[]>;
  history(address: Address): Promise<ResourceHistory>;
  /** Takes the workspace lock, waiting up to `waitMs`; throws LockHeldError naming the holder. */
  acquireLock(request: LockRequest): Promise<LockInfo>;
  releaseLock(id: string): Promise<void>;
  /** Removes a lock by id whoever holds it (`aexy workspace unlock`); returns it, or undefined. */
  forceUnlock(id: string): Promise<LockInfo | undefined>;
  locks(): Promise<LockInfo[]>;
  close(): Promise<void>;
}
