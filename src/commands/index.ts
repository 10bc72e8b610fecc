/**
 * Every top-level command, in the order `aexy --help` lists them. Each module only imports
 * commander and light helpers at top level; heavy dependencies are imported inside actions.
 */
import type { Command } from 'commander';
import { registerAgents } from './agents.js';
import { registerApply } from './apply.js';
import { registerApprove } from './approve.js';
import { registerAutomations } from './automations.js';
import type { Invocation } from './define.js';
import { registerDev } from './dev.js';
import { registerEvents } from './events.js';
import { registerExport } from './export.js';
import { registerGraph } from './graph.js';
import { registerImport } from './import.js';
import { registerPlan } from './plan.js';
import { registerPolicy } from './policy.js';
import { registerRecords } from './records.js';
import { registerRegistry } from './registry.js';
import { registerRun } from './run.js';
import { registerRuns } from './runs.js';
import { registerSchedules } from './schedules.js';
import { registerSchema } from './schema.js';
import { registerServeIngress } from './serve-ingress.js';
import { registerTemporal } from './temporal.js';
import { registerValidate } from './validate.js';
import { registerWebhooks } from './webhooks.js';
import { registerWorker } from './worker.js';
import { registerWorkspace } from './workspace.js';

export type RegisterCommand = (program: Command, invocation: Invocation) => void;

export const allCommands: RegisterCommand[] = [
  // language (validate, schema, registry, graph)
  registerValidate,
  registerSchema,
  registerRegistry,
  registerGraph,
  // workspace (plan, apply, export, import, workspace)
  registerPlan,
  registerApply,
  registerExport,
  registerImport,
  registerWorkspace,
  // runtime (dev, worker, events, records, run, runs, approve, reject)
  registerDev,
  registerWorker,
  registerEvents,
  registerRecords,
  registerRun,
  registerRuns,
  registerAutomations,
  registerApprove,
  registerTemporal,
  registerSchedules,
  registerWebhooks,
  registerServeIngress,
  // agents
  registerAgents,
  registerPolicy,
];
