import type { Command } from 'commander';
import type { RouteResult } from '../runtime/router/router.js';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, wantsJson, writeJson } from './output.js';
import { openRuntimeStore, type RuntimeSession, untilSignal } from './runtime-support.js';

interface WorkerOptions {
  taskQueue?: string;
  router: boolean;
}

/** `aexy worker`: a worker (and router) for an existing Temporal cluster. */
export function registerWorker(program: Command, invocation: Invocation): void {
  program
    .command('worker')
    .description('run the interpreter and its activities (and the trigger router) against a Temporal cluster')
    .option(
      '--task-queue <name>',
      'task queue (default: TEMPORAL_TASK_QUEUE, aexy.yaml temporal.taskQueue, or aexy)',
    )
    .option('--no-router', 'do not route events from the workspace outbox (another process does)')
    .addHelpText(
      'after',
      '\nConnection: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, TEMPORAL_API_KEY,\n' +
        'TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY / TEMPORAL_TLS_CA, or `temporal:` in aexy.yaml\n' +
        '(address, namespace, taskQueue, tls); default the local dev server 127.0.0.1:7233.\n' +
        'Stops gracefully on SIGINT / SIGTERM.\n\nExamples:\n' +
        '  aexy worker\n  TEMPORAL_ADDRESS=temporal.internal:7233 aexy worker --task-queue aexy-prod\n' +
        '  TEMPORAL_ADDRESS=ns.acct.tmprl.cloud:7233 TEMPORAL_NAMESPACE=ns.acct TEMPORAL_API_KEY=... aexy worker --no-router\n',
    )
    .action(action(invocation, worker));
}

async function worker(ctx: CommandContext, opts: WorkerOptions): Promise<number> {
  const session = await openRuntimeStore(ctx, 'worker');
  if (opts.taskQueue) session.settings.temporal.taskQueue = opts.taskQueue;
  try {
    const host = await startHost(ctx, session, opts.router);
    announce(ctx, {
      address: session.settings.temporal.address,
      namespace: session.settings.temporal.namespace,
      taskQueue: session.settings.temporal.taskQueue,
      workspace: session.workspaceLocation,
      router: opts.router,
      workflowCode: host.workflowCode,
    });
    const signal = await Promise.race([untilSignal(), host.done.then(() => undefined)]);
    progress(ctx, `${signal ?? 'worker stopped'}: shutting down (finishing tasks in flight)...`);
    await host.stop();
    progress(ctx, 'worker stopped');
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}

/** Starts the runtime host for a session; connection failures become UserErrors. */
export async function startHost(ctx: CommandContext, session: RuntimeSession, router: boolean) {
  const { startRuntimeHost } = await import('../runtime/host.js');
  const { TemporalUnreachableError } = await import('../runtime/connect.js');
  try {
    return await startRuntimeHost({
      settings: session.settings,
      backend: session.backend,
      router,
      env: ctx.env,
      projectData: session.projectData,
      onRouted: (result) => logRouted(ctx, result),
      onError: (message) => ctx.stderr.write(`warning: ${message}\n`),
    });
  } catch (error) {
    if (error instanceof TemporalUnreachableError)
      throw new UserError(error.message, error.hint, { code: 'temporal_unreachable' });
    throw error;
  }
}

/** One line per run the router started or skipped (NDJSON with --output json). */
export function logRouted(ctx: CommandContext, result: RouteResult): void {
  for (const run of result.runs) {
    if (wantsJson(ctx))
      ctx.stdout.write(`${JSON.stringify({ kind: 'routed', eventId: result.eventId, ...run })}\n`);
    else
      progress(
        ctx,
        `event ${result.eventId} -> ${run.automation}: ${run.outcome}${run.reason ? ` (${run.reason})` : ''} ${run.runId}`,
      );
  }
  for (const id of result.delivered) progress(ctx, `event ${result.eventId} -> delivered to run ${id}`);
}

function announce(ctx: CommandContext, info: Record<string, unknown>): void {
  if (wantsJson(ctx)) {
    writeJson(ctx, 'worker', info);
    return;
  }
  ctx.stdout.write(
    `aexy worker on ${info.address} (namespace ${info.namespace}, task queue ${info.taskQueue})\n` +
      `  workspace ${info.workspace}\n  router ${info.router ? 'on' : 'off'}\n  workflows ${info.workflowCode}\n` +
      'Press Ctrl-C to stop.\n',
  );
}
