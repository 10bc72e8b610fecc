import type { Command } from 'commander';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';
import { connectForCommand, type RuntimeSession, withRuntime } from './runtime-support.js';

interface DecideOptions {
  step?: string;
  comment?: string;
  by?: string;
  timeout?: string;
  wait?: boolean;
}

/** `aexy approve RUN` / `aexy reject RUN`: decide a pending approval (a Temporal update, answered synchronously). */
export function registerApprove(program: Command, invocation: Invocation): void {
  for (const decision of ['approve', 'reject'] as const) {
    program
      .command(decision)
      .description(`${decision} a run's pending approval; fails at once when nothing is pending`)
      .argument('<run>', 'run id (run_...)')
      .option('--step <id>', 'the approval step (needed when several are pending)')
      .option('--comment <text>', 'recorded with the decision')
      .option('--by <who>', 'who decides (default: AEXY_ACTOR or the OS user)')
      .option(
        '--timeout <seconds>',
        'how long to wait for a worker to answer (default 15; through aexy serve at most 120)',
      )
      .option('--wait', 'then follow the run step by step until it finishes (or pauses again)')
      .addHelpText(
        'after',
        `\nExamples:\n  aexy ${decision} run_0a1b2c3d4e5f60718293 --wait\n  aexy ${decision} run_0a1b2c3d4e5f60718293 --step manager_ok --comment "looks fine"\n`,
      )
      .action(action(invocation, (ctx, opts: DecideOptions, args) => decide(ctx, decision, opts, args[0])));
  }
}

async function decide(
  ctx: CommandContext,
  decision: 'approve' | 'reject',
  opts: DecideOptions,
  runId: string,
) {
  return withRuntime(ctx, async (session) => {
    // Checked before connecting, so a wrong run id is reported even when Temporal is down.
    const run = await session.stores.runs.getRun(runId);
    if (!run) throw new UserError(`no run ${runId} in this workspace`, 'list runs with: aexy runs list');
    if (['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'].includes(run.status)) {
      throw new UserError(`run ${runId} is ${run.status}: nothing to ${decision}`);
    }
    const by = opts.by ?? ctx.env.AEXY_ACTOR ?? ctx.env.USER ?? 'cli';
    const timeoutMs = Number(opts.timeout ?? 15) * 1000;
    if (session.backend.kind === 'remote') {
      // The server sends the Temporal update: this process needs no Temporal connection.
      const remote = session.backend as import('../remote/backend.js').RemoteBackend;
      const decided = { stepId: opts.step, comment: opts.comment, by, timeoutMs };
      const outcome = await remote[decision](runId, decided);
      return report(ctx, session, { decision, runId, by, outcome }, opts);
    }
    const { decideApproval, ApprovalError } = await import('../runtime/approvals.js');
    const connection = await connectForCommand(session);
    try {
      const request = { runId, stepId: opts.step, decision, comment: opts.comment, by, timeoutMs };
      const outcome = await decideApproval(
        { runs: session.stores.runs, client: connection.client },
        request,
      ).catch((error: Error) => {
        throw error instanceof ApprovalError ? new UserError(error.message, error.hint) : error;
      });
      return await report(ctx, session, { decision, runId, by, outcome }, opts);
    } finally {
      await connection.close();
    }
  });
}

/** Prints the decision taken (and with --wait follows the run). */
async function report(
  ctx: CommandContext,
  session: RuntimeSession,
  taken: { decision: 'approve' | 'reject'; runId: string; by: string; outcome: unknown },
  opts: DecideOptions,
): Promise<number> {
  const { decision, runId, by, outcome } = taken;
  if (wantsJson(ctx))
    writeJson(ctx, 'approval', { runId, comment: opts.comment ?? null, ...(outcome as object) });
  else
    ctx.stdout.write(
      `${decision === 'approve' ? 'approved' : 'rejected'} ${runId} at step ${(outcome as { stepKey: string }).stepKey} (by ${by})\n`,
    );
  if (opts.wait) await follow(ctx, session, runId);
  return ExitCode.ok;
}

/** Prints the run's steps as they change until it finishes or pauses again. */
async function follow(ctx: CommandContext, session: RuntimeSession, runId: string): Promise<void> {
  const { followRun } = await import('../runtime/follow-run.js');
  const quiet = wantsJson(ctx) || ctx.global.quiet;
  const run = await followRun(session.stores.runs, runId, {
    timeoutMs: 120_000,
    untilPaused: true,
    onStep: (line) => !quiet && ctx.stderr.write(`${line}\n`),
  });
  if (!quiet)
    ctx.stderr.write(
      `run ${runId}: ${run?.status ?? 'still running'}${run?.reason ? ` (${run.reason})` : ''}\n`,
    );
}
