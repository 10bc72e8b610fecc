/**
 * `aexy runs cancel|retry`: control of running work. Cancel asks Temporal to cancel the run's
 * workflow (the interpreter ends it CANCELLED) and marks the step that was running; retry starts a
 * new run of the automation's current version with the same event, linked to the old run.
 */
import type { Command } from 'commander';
import type { RunRecord } from '../workspace/runs/types.js';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, wantsJson, writeJson } from './output.js';
import { connectForCommand, type RuntimeSession, withRuntime } from './runtime-support.js';

const FINAL = ['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'];

export function addRunControl(runs: Command, invocation: Invocation): void {
  runs
    .command('cancel')
    .description('cancel a running or paused run; it ends CANCELLED with the running step marked')
    .argument('<run>', 'run id')
    .option('--timeout <seconds>', 'how long to wait for the run to end (default 30)')
    .addHelpText('after', '\nExamples:\n  aexy runs cancel run_0a1b2c3d4e5f60718293\n')
    .action(action(invocation, cancel));
  runs
    .command('retry')
    .description("start a new run with a finished run's event, on the automation's current version")
    .argument('<run>', 'run id of the run to retry')
    .addHelpText(
      'after',
      '\nThe new run is linked to the old one (`retryOf` in its event; shown by `aexy runs show`).\n\nExamples:\n  aexy runs retry run_0a1b2c3d4e5f60718293\n',
    )
    .action(action(invocation, retry));
}

async function cancel(ctx: CommandContext, opts: { timeout?: string }, args: string[]): Promise<number> {
  return withRuntime(ctx, async (session) => {
    const run = await requireRun(session, args[0]);
    if (FINAL.includes(run.status))
      throw new UserError(`run ${run.id} is already ${run.status}: nothing to cancel`);
    progress(ctx, `cancellation requested for ${run.id}; waiting for it to end...`);
    const timeoutMs = Number(opts.timeout ?? 30) * 1000;
    const { run: after, interruptedSteps: marked } =
      session.backend.kind === 'remote'
        ? // The server cancels through Temporal and marks the open steps (at most 120 s of waiting).
          await (session.backend as import('../remote/backend.js').RemoteBackend).cancel(
            run.id,
            Math.min(timeoutMs, 120_000),
          )
        : await cancelThroughTemporal(session, run, timeoutMs);
    if (wantsJson(ctx))
      writeJson(ctx, 'run-cancel', { runId: run.id, status: after?.status, interruptedSteps: marked });
    else
      ctx.stdout.write(
        `${run.id}: ${after?.status}${marked.length ? ` (interrupted at ${marked.join(', ')})` : ''}\n`,
      );
    return after?.status === 'CANCELLED' ? ExitCode.ok : ExitCode.findings;
  });
}

/** Cancels the run's workflow from this process and marks the steps it left open. */
async function cancelThroughTemporal(session: RuntimeSession, run: RunRecord, timeoutMs: number) {
  const { cancelRun, RunControlError } = await import('../runtime/run-control.js');
  const connection = await connectForCommand(session);
  try {
    return await cancelRun(connection.client, session.stores.runs, run, timeoutMs).catch((error: Error) => {
      throw error instanceof RunControlError ? new UserError(error.message) : error;
    });
  } finally {
    await connection.close();
  }
}

async function retry(ctx: CommandContext, _opts: unknown, args: string[]): Promise<number> {
  return withRuntime(ctx, async (session) => {
    // Retry routes the event in this process (claiming it at the store): refuse before writing anything.
    if (session.backend.kind === 'remote')
      throw new UserError(
        `runs retry is not available through the workspace API (${session.backend.location})`,
        'run it against the store itself: aexy runs retry RUN --workspace <SQLite path or postgres:// URL>',
      );
    const old = await requireRun(session, args[0]);
    if (!FINAL.includes(old.status))
      throw new UserError(
        `run ${old.id} is still ${old.status}`,
        `cancel it first: aexy runs cancel ${old.id}`,
      );
    const { workspaceAutomations } = await import('../runtime/router/automation-source.js');
    const automation = (await workspaceAutomations(session.store)()).find((a) => a.name === old.automation);
    if (!automation)
      throw new UserError(`automation ${old.automation} is no longer applied in this workspace`);
    const attempt = (await session.stores.runs.listRuns({ automation: old.automation, limit: 1000 })).filter(
      (r) => r.event.retryOf === old.id,
    ).length;
    const event = {
      ...old.event,
      id: `${old.event.id}~retry${attempt + 1}`,
      retryOf: old.id,
      occurredAt: new Date().toISOString(),
    };
    const connection = await connectForCommand(session);
    try {
      const { createRouter } = await import('../runtime/router/create-router.js');
      const { router } = createRouter({
        client: connection.client,
        store: session.store,
        stores: session.stores,
        settings: session.settings,
      });
      await session.stores.events.append([event]);
      await session.stores.events.claimOne(event.id, `cli:${process.pid}`);
      // Routed to this automation only: mark it done, or a router would route it to every match later.
      await session.stores.events.finish(event.id);
      const outcome = await router.startFor(automation, event, {});
      if (wantsJson(ctx)) writeJson(ctx, 'run-retry', { retryOf: old.id, ...outcome });
      else
        ctx.stdout.write(
          `${outcome.runId}: ${outcome.outcome}${outcome.reason ? ` (${outcome.reason})` : ''}, retry of ${old.id}\n`,
        );
      return outcome.outcome === 'started' ? ExitCode.ok : ExitCode.findings;
    } finally {
      await connection.close();
    }
  });
}

async function requireRun(session: RuntimeSession, id: string): Promise<RunRecord> {
  const run = await session.stores.runs.getRun(id);
  if (!run)
    throw new UserError(`no run ${id} in this workspace`, 'list runs with: aexy runs list', {
      code: 'not_found',
    });
  return run;
}
