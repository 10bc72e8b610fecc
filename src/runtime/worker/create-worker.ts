/**
 * An aexy worker: the interpreter workflow plus the runtime activities, wired to the workspace's
 * run log, record store and idempotency keys (the workspace backend). Several workers (on several
 * machines) may serve one task queue; the workspace backend is what they share.
 */

import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { WorkspaceBackend } from '../../workspace/backend.js';
import { createTransportHandlers, readTransportConfig, type TransportConfig } from '../actions/index.js';
import { createModuleHandlers } from '../actions/modules/index.js';
import type { ActionHandlers, RuntimePorts } from '../activities/ports.js';
import { recordActionHandlers } from '../activities/record-actions.js';
import { createRuntimeActivities } from '../activities/runtime-activities.js';
import { createAgentActivities } from '../agents/activities.js';
import { workspaceAgentPorts } from '../agents/workspace-agent-ports.js';
import { connectionOptions, TemporalUnreachableError } from '../connect.js';
import { workspacePorts } from '../ports/workspace-ports.js';
import { createScheduleActivities } from '../schedules/fire-activities.js';
import type { TemporalSettings } from '../settings.js';
import { findWorkflowSource, loadWorkflowBundle } from './workflow-bundle.js';

export interface AexyWorkerOptions {
  temporal: TemporalSettings;
  /** The workspace the activities read and write (SQLite, PostgreSQL or remote). */
  backend: WorkspaceBackend;
  /** A prebuilt workflow bundle (tests pass the global one); default: see findWorkflowSource. */
  bundlePath?: string;
  handlers?: ActionHandlers;
  /** aexy.yaml as written: its transport sections configure the email/Slack/SMS/HTTP/model actions. */
  projectData?: Record<string, unknown>;
  agents?: RuntimePorts['agents'];
  /** Max concurrent activity executions (default the SDK's 100). */
  maxConcurrentActivities?: number;
  env?: NodeJS.ProcessEnv;
}

export interface AexyWorker {
  worker: Worker;
  connection: NativeConnection;
  /** How the workflow code was loaded, for `aexy worker` to print. */
  workflowCode: string;
}

let runtimeInstalled = false;

/** Keeps the SDK's own logging to warnings (it must be installed before any connection). */
export function installRuntimeLogger(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
  } catch {
    // Already installed by the host process (tests): keep theirs.
  }
}

/**
 * The action handlers the worker installs next to the built-in record actions: the transports, the
 * module actions, then explicit `handlers` (tests) over all of them. Every registry action must have
 * a handler in workerActionHandlers (a test enforces it): an action the worker cannot run does not
 * belong in the registry.
 */
export function assembleActionHandlers(
  options: Pick<AexyWorkerOptions, 'backend' | 'projectData' | 'handlers'>,
): {
  handlers: ActionHandlers;
  transportConfig: TransportConfig;
} {
  const ports = workspacePorts(options.backend);
  // Transport actions are always installed: without configuration they fail with not_configured,
  // which says what to set, instead of unknown_action.
  const transportConfig = {
    ...readTransportConfig(options.projectData ?? {}).config,
    records: ports.records,
  };
  const modules = createModuleHandlers({
    records: ports.records,
    events: options.backend.runtime.events,
    transport: transportConfig,
  });
  // The built-in record actions are not in this map: the activities add their own instances (a dry
  // run simulates exactly those), and explicit handlers override them like everything else.
  const handlers = { ...createTransportHandlers(transportConfig), ...modules, ...options.handlers };
  return { handlers, transportConfig };
}

/** What the worker dispatches action ids to: the built-in record actions overridden by the assembled ones. */
export function workerActionHandlers(
  options: Pick<AexyWorkerOptions, 'backend' | 'projectData' | 'handlers'>,
): ActionHandlers {
  return {
    ...recordActionHandlers(workspacePorts(options.backend).records),
    ...assembleActionHandlers(options).handlers,
  };
}

/** Connects and creates (does not run) a worker. */
export async function createAexyWorker(options: AexyWorkerOptions): Promise<AexyWorker> {
  installRuntimeLogger();
  const source = options.bundlePath
    ? ({ kind: 'bundle', codePath: options.bundlePath } as const)
    : findWorkflowSource(options.env);
  const workflowBundle = await loadWorkflowBundle(source);
  let connection: NativeConnection;
  try {
    const { address, tls } = connectionOptions(options.temporal);
    connection = await NativeConnection.connect({ address, tls, apiKey: options.temporal.apiKey });
  } catch (error) {
    throw new TemporalUnreachableError(options.temporal, error);
  }
  const ports = workspacePorts(options.backend);
  const { handlers, transportConfig } = assembleActionHandlers(options);
  const activities = createRuntimeActivities({ ...ports, handlers, agents: options.agents });
  // Agent runs use the same action handlers as automation steps, and the workspace's agents/policies.
  const agentActivities = createAgentActivities(
    { ...ports, handlers },
    workspaceAgentPorts(options.backend, transportConfig, options.projectData),
  );
  const worker = await Worker.create({
    connection,
    namespace: options.temporal.namespace,
    taskQueue: options.temporal.taskQueue,
    workflowBundle,
    activities: { ...activities, ...agentActivities, ...createScheduleActivities(options.backend.runtime) },
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities,
  });
  const workflowCode = source.kind === 'bundle' ? source.codePath : `bundled from ${source.workflowsPath}`;
  return { worker, connection, workflowCode };
}
