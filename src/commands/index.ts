/**
 * Every top-level command, in the order `aexy --help` lists them, with its one-line summary. Command
 * modules are loaded lazily: `aexy --help` lists this table without importing any of them, and a run
 * loads only the module of the command it invokes (see src/cli.ts). A test keeps each summary equal to
 * the description its module registers.
 */
import type { Command } from 'commander';
import type { Invocation } from './define.js';

export type RegisterCommand = (program: Command, invocation: Invocation) => void;

export interface CommandEntry {
  /** Top-level command names the module registers, with their one-line summaries. */
  commands: Array<[name: string, summary: string]>;
  load: () => Promise<RegisterCommand>;
}

export const commandTable: CommandEntry[] = [
  // language
  entry(
    [
      [
        'validate',
        'check YAML definitions (syntax, schema, semantic rules) and report file:line:col diagnostics',
      ],
    ],
    () => import('./validate.js').then((m) => m.registerValidate),
  ),
  entry([['schema', 'JSON Schemas of the configuration language, for editors']], () =>
    import('./schema.js').then((m) => m.registerSchema),
  ),
  entry([['registry', 'list the triggers and actions automations can use, with their schemas']], () =>
    import('./registry.js').then((m) => m.registerRegistry),
  ),
  entry(
    [
      [
        'graph',
        'draw the workflow of an automation: steps, branches, parallel blocks, loops, waits and approvals',
      ],
    ],
    () => import('./graph.js').then((m) => m.registerGraph),
  ),
  // workspace
  entry([['plan', 'compare the files with the workspace and show what apply would change']], () =>
    import('./plan.js').then((m) => m.registerPlan),
  ),
  entry(
    [['apply', 'apply the changes of a plan to the workspace, all or nothing, under the workspace lock']],
    () => import('./apply.js').then((m) => m.registerApply),
  ),
  entry(
    [
      [
        'export',
        'write the workspace resources as YAML files (canonical form; plan against them shows no changes)',
      ],
    ],
    () => import('./export.js').then((m) => m.registerExport),
  ),
  entry(
    [
      [
        'import',
        "convert the platform's native workflow JSON (export or template) into aexy YAML, then validate it",
      ],
    ],
    () => import('./import.js').then((m) => m.registerImport),
  ),
  entry([['workspace', 'inspect the workspace: current versions, history, locks']], () =>
    import('./workspace.js').then((m) => m.registerWorkspace),
  ),
  // runtime
  entry(
    [
      [
        'dev',
        'run everything locally: a Temporal dev server (state in .aexy/temporal.db), a worker and the router',
      ],
    ],
    () => import('./dev.js').then((m) => m.registerDev),
  ),
  entry(
    [
      [
        'worker',
        'run the interpreter and its activities (and the trigger router) against a Temporal cluster',
      ],
    ],
    () => import('./worker.js').then((m) => m.registerWorker),
  ),
  entry([['events', 'fire events by hand and inspect the event outbox']], () =>
    import('./events.js').then((m) => m.registerEvents),
  ),
  entry(
    [['records', 'the embedded record store (deals, contacts, companies, leads, tickets, tasks, ...)']],
    () => import('./records.js').then((m) => m.registerRecords),
  ),
  entry(
    [['run', 'start a run of an applied automation by hand (its current version), whatever its trigger']],
    () => import('./run.js').then((m) => m.registerRun),
  ),
  entry([['runs', 'list, inspect and follow runs live']], () =>
    import('./runs.js').then((m) => m.registerRuns),
  ),
  entry([['automations', 'the state of applied automations']], () =>
    import('./automations.js').then((m) => m.registerAutomations),
  ),
  entry(
    [
      ['approve', "approve a run's pending approval; fails at once when nothing is pending"],
      ['reject', "reject a run's pending approval; fails at once when nothing is pending"],
    ],
    () => import('./approve.js').then((m) => m.registerApprove),
  ),
  entry([['temporal', 'find or build the Temporal CLI, and run a standalone dev server']], () =>
    import('./temporal.js').then((m) => m.registerTemporal),
  ),
  entry(
    [
      [
        'schedules',
        'list the applied schedule triggers and preview their next fire times in their time zone',
      ],
    ],
    () => import('./schedules.js').then((m) => m.registerSchedules),
  ),
  entry(
    [
      [
        'webhooks',
        'inbound webhooks: the per-automation signing secrets checked by aexy serve and aexy serve-ingress',
      ],
    ],
    () => import('./webhooks.js').then((m) => m.registerWebhooks),
  ),
  entry(
    [
      [
        'serve-ingress',
        'serve the HTTP ingress: signed webhooks (POST /hooks/WORKSPACE/AUTOMATION) and communication events (POST /events/WORKSPACE)',
      ],
    ],
    () => import('./serve-ingress.js').then((m) => m.registerServeIngress),
  ),
  entry(
    [
      [
        'serve',
        'serve the workspace HTTP API (plan, apply, runs, approvals, records, tokens, webhooks) for CI and remote CLIs',
      ],
    ],
    () => import('./serve.js').then((m) => m.registerServe),
  ),
  entry(
    [['tokens', 'API tokens of the workspace for `aexy serve`: create (secret shown once), list, revoke']],
    () => import('./tokens.js').then((m) => m.registerTokens),
  ),
  // agents
  entry([['agents', 'run applied AI agents by hand (policies apply)']], () =>
    import('./agents.js').then((m) => m.registerAgents),
  ),
  entry([['policy', 'explain, test and audit agent policy decisions']], () =>
    import('./policy.js').then((m) => m.registerPolicy),
  ),
];

function entry(commands: CommandEntry['commands'], load: CommandEntry['load']): CommandEntry {
  return { commands, load };
}
