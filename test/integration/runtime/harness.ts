/**
 * Shared set-up of the runtime integration tests: a real worker on the shared dev server running the
 * interpreter with the REAL activities (createRuntimeActivities) over the workspace SQLite ports in a
 * temp directory, plus a few test actions (echo, flaky, slow) installed as extra handlers.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Database } from 'better-sqlite3';
import type { AutomationIR, Step } from '../../../src/ir/types.js';
import { ActionError } from '../../../src/runtime/activities/errors.js';
import type { ActionHandlers, RuntimePorts } from '../../../src/runtime/activities/ports.js';
import { createRuntimeActivities } from '../../../src/runtime/activities/runtime-activities.js';
import { createAgentActivities } from '../../../src/runtime/agents/activities.js';
import type { AgentPorts } from '../../../src/runtime/agents/ports.js';
import { type RunInput, SA_AUTOMATION, SA_RUN_STATUS, SA_WORKSPACE } from '../../../src/runtime/contract.js';
import { workspacePorts } from '../../../src/runtime/ports/workspace-ports.js';
import { automationRun } from '../../../src/runtime/workflows/index.js';
import type { RuntimeStores } from '../../../src/workspace/backend.js';
import { openSqliteBackend, type SqliteBackend } from '../../../src/workspace/sqlite/backend.js';
import {
  connectTemporal,
  createTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from '../../helpers/temporal.js';

const HISTORIES = fileURLToPath(new URL('../../fixtures/histories/', import.meta.url));

export interface Harness {
  temporal: TemporalTestContext;
  taskQueue: string;
  backend: SqliteBackend;
  db: Database;
  stores: RuntimeStores;
  /** Calls of test actions, by step key. */
  calls: Map<string, number>;
  start(input: RunInput): Promise<WorkflowHandle<typeof automationRun>>;
  close(): Promise<void>;
}

/** Test-only actions: echo their input, fail N times with a class, or sleep. */
function testHandlers(calls: Map<string, number>): ActionHandlers {
  const count = (key: string) => {
    const n = (calls.get(key) ?? 0) + 1;
    calls.set(key, n);
    return n;
  };
  return {
    test_echo: async (input, ctx) => {
      count(ctx.stepKey);
      return { echo: input, attempt: ctx.attempt };
    },
    test_flaky: async (input, ctx) => {
      const n = count(ctx.stepKey);
      if (n <= Number(input.failTimes ?? 0))
        throw new ActionError(String(input.errorType ?? 'server_error'), `failure ${n}`);
      return { succeededOnCall: n };
    },
    test_slow: async (input, ctx) => {
      count(ctx.stepKey);
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, Number(input.ms ?? 1000));
        // Stop early when the step times out or is cancelled, as a real transport would.
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('aborted'));
        });
      });
      return { slept: input.ms };
    },
  };
}

/** `agents`: the agent runtime's ports (absent: agent runs fail with agent_unavailable). */
export async function startHarness(extra: Partial<RuntimePorts> = {}, agents?: AgentPorts): Promise<Harness> {
  const temporal = await connectTemporal();
  const dir = mkdtempSync(join(tmpdir(), 'aexy-runtime-'));
  const backend = openSqliteBackend(join(dir, 'workspace.sqlite'));
  const { db, runtime: stores } = backend;
  const calls = new Map<string, number>();
  const ports: RuntimePorts = { ...workspacePorts(backend), handlers: testHandlers(calls), ...extra };
  const taskQueue = uniqueTaskQueue('runtime');
  const worker: Worker = await createTestWorker(temporal, {
    taskQueue,
    activities: { ...createRuntimeActivities(ports), ...createAgentActivities(ports, agents) },
  });
  const running = worker.run();
  return {
    temporal,
    taskQueue,
    backend,
    db,
    stores,
    calls,
    start: (input) =>
      temporal.client.workflow.start(automationRun, {
        taskQueue,
        workflowId: input.runId,
        args: [input],
        typedSearchAttributes: [
          { key: SA_WORKSPACE, value: input.workspace },
          { key: SA_AUTOMATION, value: input.automation.metadata.name },
          { key: SA_RUN_STATUS, value: 'RUNNING' },
        ],
      }),
    async close() {
      worker.shutdown();
      await running;
      await backend.close();
      await temporal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const FAST_RETRY = {
  maxAttempts: 3,
  initialIntervalMs: 50,
  backoff: 2,
  maxIntervalMs: 400,
  on: ['timeout', 'rate_limit', 'server_error', 'connection_error'],
} as AutomationIR['retry'];

/** An automation IR with test defaults around `steps`. */
export function automation(name: string, steps: Step[], over: Partial<AutomationIR> = {}): AutomationIR {
  return {
    kind: 'Automation',
    metadata: { name, labels: {}, protected: false },
    module: 'crm',
    enabled: true,
    trigger: { type: 'record.created', config: { object: 'deals' } },
    agents: [],
    limits: { concurrency: { mode: 'parallel' } },
    onError: 'stop',
    retry: FAST_RETRY,
    steps,
    source: { file: `${name}.yaml`, text: '' },
    ...over,
  };
}

/** A run input for `automation` with a deal record event. */
export function runInput(ir: AutomationIR, over: Partial<RunInput> = {}): RunInput {
  const id = randomUUID().slice(0, 8);
  return {
    runId: `run-${ir.metadata.name}-${id}`,
    workspace: 'test',
    automation: ir,
    version: 1,
    event: {
      id: `evt-${id}`,
      type: 'record.created',
      payload: { source: 'test' },
      record: { id: 'rec_missing', object: 'deals', values: { name: 'Acme', amount: 5000 } },
      occurredAt: '2026-01-01T00:00:00.000Z',
    },
    causation: [],
    options: { heartbeatTimeoutMs: 5000 },
    ...over,
  };
}

/** Writes the run's history as a replay fixture when AEXY_UPDATE_HISTORIES=1. */
export async function saveHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.AEXY_UPDATE_HISTORIES !== '1') return;
  const { historyToJSON } = await import('@temporalio/common/lib/proto-utils.js');
  mkdirSync(HISTORIES, { recursive: true });
  writeFileSync(join(HISTORIES, `runtime-${name}.json`), `${historyToJSON(await handle.fetchHistory())}\n`);
}

/** Polls `read` until `accept` holds (visibility and the run log are eventually consistent). */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
