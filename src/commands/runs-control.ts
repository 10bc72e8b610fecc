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
    const old = await requireRun(session, args[0]);
    const outcome =
      session.backend.kind === 'remote'
        ? // The server appends, claims and routes the retry event, as retryRun below does here.
          await (session.backend as import('../remote/backend.js').RemoteBackend).retry(old.id)
        : await retryThroughTemporal(session, old);
    if (wantsJson(ctx)) writeJson(ctx, 'run-retry', { ...outcome });
    else
      ctx.stdout.write(
        `${outcome.runId}: ${outcome.outcome}${outcome.reason ? ` (${outcome.reason})` : ''}, retry of ${old.id}\n`,
      );
    return outcome.outcome === 'started' ? ExitCode.ok : ExitCode.findings;
  });
}

/** Retries the run from this process: appends the linked event and routes it (src/runtime/run-retry.ts). */
async function retryThroughTemporal(session: RuntimeSession, old: RunRecord) {
  const { assertRetryable, retryRun, RunRetryError } = await import('../runtime/run-retry.js');
  const userError = (error: Error) =>
    error instanceof RunRetryError ? new UserError(error.message, error.hint) : error;
  try {
    assertRetryable(old); // before connecting: a run still going needs no Temporal to be refused
  } catch (error) {
    throw userError(error as Error);
  }
  const connection = await connectForCommand(session);
  try {
    const deps = {
      client: connection.client,
      store: session.store,
      stores: session.stores,
      settings: session.settings,
      claimant: `cli:${process.pid}`,
    };
    return await retryRun(deps, old).catch((error: Error) => {
      throw userError(error);
    });
  } finally {
    await connection.close();
  }
}

async function requireRun(session: RuntimeSession, id: string): Promise<RunRecord> {
  const run = await session.stores.runs.getRun(id);
  if (!run)
    throw new UserError(`no run ${id} in this workspace`, 'list runs with: aexy runs list', {
      code: 'not_found',
    });
  return run;
}
