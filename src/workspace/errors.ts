/**
 * Errors the workspace store raises for conditions a user can act on. Commands turn them into
 * messages with a hint; the store stays free of CLI concerns.
 */
import type { LockInfo } from './store.js';

/** The plan was made against another lineage or serial than the workspace has now. */
export class StalePlanError extends Error {
  constructor(
    readonly expected: { lineage: string; serial: number },
    readonly actual: { lineage: string; serial: number },
  ) {
    const what =
      expected.lineage !== actual.lineage
        ? `it was made for workspace lineage ${expected.lineage}, but this workspace is ${actual.lineage}`
        : `it was made at serial ${expected.serial}, but the workspace is at serial ${actual.serial}`;
    super(`the saved plan is stale: ${what}`);
    this.name = 'StalePlanError';
  }
}

/** Another operation holds the workspace lock. */
export class LockHeldError extends Error {
  constructor(readonly lock: LockInfo) {
    super(
      `the workspace is locked by ${lock.holder} (${lock.operation}, host ${lock.host}, pid ${lock.pid}) since ${lock.createdAt}; lock ${lock.id} expires ${lock.expiresAt}`,
    );
    this.name = 'LockHeldError';
  }
}

/** The caller's lock was released, expired and taken over, or never existed. */
export class LockLostError extends Error {
  constructor(readonly lockId: string) {
    super(`the workspace lock ${lockId} is no longer held (expired or removed by workspace unlock)`);
    this.name = 'LockLostError';
  }
}

/** The workspace file was written by a newer aexy with a schema this build does not know. */
export class WorkspaceTooNewError extends Error {
  constructor(
    readonly location: string,
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `the workspace ${location} has schema version ${fileVersion}, newer than this aexy build supports (${knownVersion}); upgrade aexy to open it`,
    );
    this.name = 'WorkspaceTooNewError';
  }
}

/** The workspace location is a file, but not an aexy workspace (not a SQLite database, or a damaged one). */
export class WorkspaceUnreadableError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
  ) {
    super(`${location} is not an aexy workspace: ${reason}`);
    this.name = 'WorkspaceUnreadableError';
  }
}

/** The plan cannot be applied: it has error diagnostics. */
export class PlanNotApplicableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanNotApplicableError';
  }
}

/** The workspace location names a scheme no backend serves, or a backend this build lacks. */
export class UnsupportedLocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedLocationError';
  }
}

// Backend-specific errors a command can act on, re-exported so nothing outside src/workspace reaches
// into a backend folder (test/unit/workspace/backend-boundary.test.ts). Neither loads its driver.
export { PostgresConnectError } from './postgres/errors.js';
