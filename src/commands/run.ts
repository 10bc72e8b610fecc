import type { Command } from 'commander';
import type { RuntimeEvent } from '../workspace/events/types.js';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, wantsJson, writeJson } from './output.js';
import { connectForCommand, type RuntimeSession, readObjectOption, withRuntime } from './runtime-support.js';

interface RunOptions {
  event?: string;
  wait?: boolean;
  dryRun?: boolean;
  timeout?: string;
}

/** `aexy run AUTOMATION --event FILE`: start a run by hand. */
export function registerRun(program: Command, invocation: Invocation): void {
  program
    .command('run')
    .description('start a run of an applied automation by hand (its current version), whatever its trigger')
    .argument('<automation>', 'automation name')
    .option(
      '--event <json|@file>',
      'the event: {"type"?, "id"?, "payload"?, "record"?, "changes"?} (default: an empty event of the trigger type)',
    )
    .option('--wait', 'follow the run step by step until it finishes; exit 1 when it FAILED')
    .option('--dry-run', 'side-effecting actions return example output and record what they would do')
    .option('--timeout <seconds>', 'with --wait: give up waiting after this long (default 300)')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy run deal-negotiation-followup --event @event.json --wait\n' +
        `  aexy run welcome-lead --event '{"payload":{},"record":{"id":"rec_1","object":"leads","values":{}}}'\n` +
        '  aexy run welcome-lead --dry-run --wait --output json\n',
    )
    .action(action(invocation, run));
}

async function run(ctx: CommandContext, opts: RunOptions, args: string[]): Promise<number> {
  const given = (await readObjectOption(ctx, opts.event, '--event')) ?? {};
  return withRuntime(ctx, async (session) => {
    const { workspaceAutomations } = await import('../runtime/router/automation-source.js');
    const automation = (await workspaceAutomations(session.store)()).find((a) => a.name === args[0]);
    if (!automation) {
      throw new UserError(
        `no applied automation named ${args[0]}`,
        'apply it first: aexy plan && aexy apply',
      );
    }
    const event = await manualEvent(given, automation.ir.trigger.type);
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
      const outcome = await router.startFor(automation, event, { dryRun: opts.dryRun });
      progress(
        ctx,
        `${automation.name} v${automation.version}: ${outcome.outcome}${outcome.reason ? ` (${outcome.reason})` : ''} ${outcome.runId}`,
      );
      if (!opts.wait || outcome.outcome !== 'started') return finish(ctx, session, outcome.runId);
      const { followRun } = await import('../runtime/follow-run.js');
      const timeoutMs = Number(opts.timeout ?? 300) * 1000;
      const done = await followRun(session.stores.runs, outcome.runId, {
        timeoutMs,
        onStep: wantsJson(ctx) ? undefined : (line) => ctx.stderr.write(`${line}\n`),
      });
      if (!done)
        throw new UserError(
          `run ${outcome.runId} did not finish within ${timeoutMs / 1000}s`,
          `follow it with: aexy runs show ${outcome.runId}`,
        );
      return finish(ctx, session, outcome.runId);
    } finally {
      await connection.close();
    }
  });
}

/** The event of a manual run: what --event gave, with an id, a type and the run's defaults. */
async function manualEvent(given: Record<string, unknown>, triggerType: string): Promise<RuntimeEvent> {
  const { randomUUID } = await import('node:crypto');
  const record = given.record as RuntimeEvent['record'];
  return {
    id: typeof given.id === 'string' ? given.id : `manual_${randomUUID()}`,
    type: typeof given.type === 'string' ? given.type : triggerType,
    payload: (given.payload as Record<string, unknown>) ?? {},
    ...(record ? { record, object: record.object, recordId: record.id } : {}),
    ...(given.changes ? { changes: given.changes as RuntimeEvent['changes'] } : {}),
    ...(given.previous ? { previous: given.previous as Record<string, unknown> } : {}),
    causation: [],
    occurredAt: new Date().toISOString(),
    source: 'manual',
  };
}

/** Prints the run (and its steps); exit 1 when it FAILED. */
async function finish(ctx: CommandContext, session: RuntimeSession, runId: string): Promise<number> {
  const run = await session.stores.runs.getRun(runId);
  const steps = await session.stores.runs.steps(runId);
  if (wantsJson(ctx)) writeJson(ctx, 'run', { run, steps });
  else {
    ctx.stdout.write(`run ${runId}: ${run?.status ?? 'unknown'}${run?.reason ? ` (${run.reason})` : ''}\n`);
    for (const s of steps)
      ctx.stdout.write(
        `  ${s.stepKey.padEnd(24)} ${s.status}${s.error ? `  ${s.error.type}: ${s.error.message}` : ''}\n`,
      );
    if (run?.error) ctx.stdout.write(`  error ${run.error.type}: ${run.error.message}\n`);
  }
  return run?.status === 'FAILED' ? ExitCode.findings : ExitCode.ok;
}
