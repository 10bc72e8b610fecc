/** Shared steps of the workspace tests: temp workspace files and plan+apply in one call. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { Resource } from '../../../src/ir/types.js';
import { diff } from '../../../src/plan/diff.js';
import type { DiffOptions, Plan } from '../../../src/plan/types.js';
import { type SqliteStoreOptions, SqliteWorkspaceStore } from '../../../src/workspace/sqlite/store.js';
import type { ApplyResult, WorkspaceStore } from '../../../src/workspace/store.js';
import { withLock } from '../../../src/workspace/with-lock.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh path for a workspace file in a temp dir removed after the test file. */
export function tempWorkspacePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aexy-ws-'));
  dirs.push(dir);
  return join(dir, '.aexy', 'workspace.db');
}

export function openTemp(options: SqliteStoreOptions = {}): SqliteWorkspaceStore {
  return SqliteWorkspaceStore.open(tempWorkspacePath(), options);
}

export async function planFor(
  store: WorkspaceStore,
  desired: Resource[],
  options: DiffOptions = {},
): Promise<Plan> {
  return diff(desired, await store.state(), options);
}

export async function applyPlanned(
  store: WorkspaceStore,
  plan: Plan,
  appliedBy = 'tester',
): Promise<ApplyResult> {
  return withLock(store, { operation: 'apply', holder: appliedBy }, (lock) =>
    store.apply({ plan, appliedBy, lockId: lock.id }),
  );
}

export async function sync(
  store: WorkspaceStore,
  desired: Resource[],
  options: DiffOptions = {},
): Promise<ApplyResult> {
  return applyPlanned(store, await planFor(store, desired, options));
}
