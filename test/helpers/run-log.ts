/**
 * A real SQLite workspace (temp file) with its run store, and helpers to write runs and steps the way
 * the router and the activities do: for tests of everything that reads the run log.
 */
import { join } from 'node:path';
import { openWorkspace, type SqliteWorkspaceStore } from '../../src/workspace/index.js';
import type { RunStatus, RunStore, StepUpdate } from '../../src/workspace/runs/types.js';
import { sqliteRuntimeStores } from '../../src/workspace/sqlite/runtime-stores.js';
import { makeTempProject } from './project.js';

export interface RunLogFixture {
  runs: RunStore;
  close(): Promise<void>;
  /** Creates a run with an event of `eventType`, at `at`. */
  run(
    id: string,
    automation: string,
    status: RunStatus,
    at: string,
    extra?: { reason?: string },
  ): Promise<void>;
  step(
    runId: string,
    stepKey: string,
    update: Omit<StepUpdate, 'stepId'> & { stepId?: string },
  ): Promise<void>;
}

export function openRunLog(): RunLogFixture {
  const store = openWorkspace(join(makeTempProject(), 'workspace.db')) as SqliteWorkspaceStore;
  const { runs } = sqliteRuntimeStores(store.db);
  return {
    runs,
    close: () => store.close(),
    async run(id, automation, status, at, extra = {}) {
      const event = {
        id: `evt_${id}`,
        type: 'record.created',
        payload: {},
        occurredAt: at,
        causation: [],
        source: 'cli' as const,
      };
      await runs.createRun({
        id,
        automation,
        versionId: 1,
        version: 1,
        status,
        reason: extra.reason,
        event,
        at,
      });
    },
    async step(runId, stepKey, update) {
      const stepId = update.stepId ?? stepKey.replace(/.*\./, '').replace(/\[\d+\]/g, '');
      await runs.writeStep(runId, stepKey, { ...update, stepId });
    },
  };
}
