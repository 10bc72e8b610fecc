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
  mocks?: string;
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
    .option(
      '--mocks <file>',
      'with --dry-run: outputs by step id (JSON or YAML; a top-level `mocks:` key is allowed)',
    )
    .option('--timeout <seconds>', 'with --wait: give up waiting after this long (default 300)')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy run deal-negotiation-followup --event @event.json --wait\n' +
        `  aexy run welcome-lead --event '{"payload":{},"record":{"id":"rec_1","object":"leads","values":{}}}'\n` +
        '  aexy run welcome-lead --dry-run --wait --output json\n' +
        '  aexy run welcome-lead --event @event.json --dry-run --mocks mocks.yaml\n',
    )
    .action(action(invocation, run));
}

async function run(ctx: CommandContext, opts: RunOptions, args: string[]): Promise<number> {
  const given = (await readObjectOption(ctx, opts.event, '--event')) ?? {};
  if (opts.mocks && !opts.dryRun) throw new UserError('--mocks only applies to a dry run', 'add --dry-run');
  const mocks = opts.mocks ? await readMocks(ctx, opts.mocks) : undefined;
  // A dry run is followed to its end: the report of what it would have done is its output.
  if (opts.dryRun) opts.wait = true;
  return withRuntime(ctx, async (session) => {
    const { workspaceAutomations } = await import('../runtime/router/automation-source.js');
    const automation = (await workspaceAutomations(session.store)()).find((a) => a.name === args[0]);
    if (!automation) {
      throw new UserError(
        `no applied automation named ${args[0]}`,
        'apply it first: aexy plan && aexy apply',
        { code: 'not_found' },
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
      // Kept in the outbox for the record, but routed only to this automation: mark it done at once.
      await session.stores.events.claimOne(event.id, `cli:${process.pid}`);
      await session.stores.events.finish(event.id);
      const outcome = await router.startFor(automation, event, { dryRun: opts.dryRun, mocks });
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
      if (opts.dryRun) return finishDryRun(ctx, session, outcome.runId, automation.ir);
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

/** `--mocks FILE`: `{stepId: output}` or `{mocks: {stepId: output}}`, JSON or YAML. */
async function readMocks(ctx: CommandContext, file: string): Promise<Record<string, unknown>> {
  const { readFile } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  const { parse } = await import('yaml');
  const path = resolve(ctx.cwd, file.replace(/^@/, ''));
  const text = await readFile(path, 'utf8').catch((error: Error) => {
    throw new UserError(`cannot read --mocks file ${path}: ${error.message}`);
  });
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new UserError(`--mocks file ${path} is not JSON or YAML: ${(error as Error).message}`);
  }
  const map = data && typeof data === 'object' && 'mocks' in data ? (data as { mocks: unknown }).mocks : data;
  if (!map || typeof map !== 'object' || Array.isArray(map))
    throw new UserError(
      `--mocks file ${path} must map step ids to outputs`,
      'e.g. {"send_welcome": {"messageId": "m1"}}',
    );
  return map as Record<string, unknown>;
}

/** Prints the dry-run report (text or JSON); exit 1 when the run FAILED. */
async function finishDryRun(
  ctx: CommandContext,
  session: RuntimeSession,
  runId: string,
  automation: import('../ir/types.js').AutomationIR,
): Promise<number> {
  const { dryRunReport, renderDryRun } = await import('../runtime/dry-run-report.js');
  const run = await session.stores.runs.getRun(runId);
  const report = dryRunReport(automation, await session.stores.runs.steps(runId));
  if (wantsJson(ctx)) writeJson(ctx, 'dry-run', { run, report });
  else {
    ctx.stdout.write(`dry run ${runId}: ${run?.status ?? 'unknown'} (nothing was sent or written)\n`);
    ctx.stdout.write(renderDryRun(report));
    if (run?.error) ctx.stdout.write(`  error ${run.error.type}: ${run.error.message}\n`);
  }
  return run?.status === 'FAILED' ? ExitCode.findings : ExitCode.ok;
}
