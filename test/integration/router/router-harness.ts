/**
 * Set-up of the router integration tests: a workspace SQLite file in a temp dir, a real worker on
 * the shared dev server (interpreter bundle + real activities over the workspace ports), and routers
 * (each on its own database connection, like separate processes) over a mutable automation list.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import type { Database } from 'better-sqlite3';
import type { AutomationIR, Step } from '../../../src/ir/types.js';
import { createRuntimeActivities } from '../../../src/runtime/activities/runtime-activities.js';
import { workspacePorts } from '../../../src/runtime/ports/workspace-ports.js';
import type { RoutableAutomation } from '../../../src/runtime/router/match.js';
import { Router } from '../../../src/runtime/router/router.js';
import type { RuntimeEvent } from '../../../src/workspace/events/types.js';
import { openSqliteBackend } from '../../../src/workspace/sqlite/backend.js';
import { openDatabase } from '../../../src/workspace/sqlite/open.js';
import { type RuntimeStores, sqliteRuntimeStores } from '../../../src/workspace/sqlite/runtime-stores.js';
import {
  connectTemporal,
  createTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from '../../helpers/temporal.js';

export interface RouterHarness {
  temporal: TemporalTestContext;
  taskQueue: string;
  dir: string;
  dbPath: string;
  db: Database;
  stores: RuntimeStores;
  /** The automations routers see (replace entries to "re-apply"). */
  automations: RoutableAutomation[];
  /** A router on its own database connection. */
  router(options?: { chainDepthLimit?: number }): Router;
  close(): Promise<void>;
}

export async function startRouterHarness(
  options: { worker?: boolean; taskQueue?: string } = {},
): Promise<RouterHarness> {
  const temporal = await connectTemporal();
  const dir = mkdtempSync(join(tmpdir(), 'aexy-router-'));
  const dbPath = join(dir, 'workspace.db');
  const backend = openSqliteBackend(dbPath);
  const { db } = backend;
  const taskQueue = options.taskQueue ?? uniqueTaskQueue('router');
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  if (options.worker !== false) {
    worker = await createTestWorker(temporal, {
      taskQueue,
      activities: createRuntimeActivities(workspacePorts(backend)),
    });
    running = worker.run();
  }
  const automations: RoutableAutomation[] = [];
  const connections: Database[] = [];
  return {
    temporal,
    taskQueue,
    dir,
    dbPath,
    db,
    stores: sqliteRuntimeStores(db),
    automations,
    router(routerOptions = {}) {
      const own = openDatabase(dbPath);
      connections.push(own);
      return new Router({
        client: temporal.client,
        stores: sqliteRuntimeStores(own),
        automations: async () => [...automations],
        taskQueue,
        workspace: 'router-test',
        timeZone: 'Europe/Berlin',
        chainDepthLimit: routerOptions.chainDepthLimit,
        runOptions: { heartbeatTimeoutMs: 2000 },
      });
    },
    async close() {
      worker?.shutdown();
      await running;
      for (const c of connections) c.close();
      await backend.close();
      await temporal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An automation IR around `steps` (fast retries, parallel mode). */
export function automationIR(
  name: string,
  trigger: AutomationIR['trigger'],
  steps: Step[],
  over: Partial<AutomationIR> = {},
): AutomationIR {
  return {
    kind: 'Automation',
    metadata: { name, labels: {}, protected: false },
    module: 'crm',
    enabled: true,
    trigger,
    agents: [],
    limits: { concurrency: { mode: 'parallel' } },
    onError: 'stop',
    retry: { maxAttempts: 3, initialIntervalMs: 50, backoff: 2, maxIntervalMs: 400, on: ['server_error'] },
    steps,
    source: { file: `${name}.yaml`, text: '' },
    ...over,
  };
}

/** A routable automation (version `version`) with a unique name. */
export function routable(ir: AutomationIR, version = 1): RoutableAutomation {
  return { name: ir.metadata.name, versionId: version, version, ir };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 6)}`;
}

/** An outside event (no causation). */
export function event(type: string, over: Partial<RuntimeEvent> = {}): RuntimeEvent {
  return {
    id: `evt_${randomUUID()}`,
    type,
    payload: {},
    causation: [],
    occurredAt: new Date().toISOString(),
    source: 'cli',
    ...over,
  };
}

/** An action step creating a record. */
export function createStep(id: string, object: string, values: Record<string, unknown>): Step {
  return { id, kind: 'action', action: 'create_record', with: { object, values } } as Step;
}

/** Polls until `accept` holds or the timeout passes; returns the last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (v: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
