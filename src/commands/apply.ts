import type { Command } from 'commander';
import type { Plan } from '../plan/types.js';
import type { LockInfo, WorkspaceStore } from '../workspace/store.js';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, writeJson } from './output.js';
import { openForCommand, parseLockTimeout, usingStore } from './workspace-support.js';

interface ApplyOptions {
  autoApprove?: boolean;
  prune?: boolean;
  allowEmpty?: boolean;
  lockTimeout?: string;
}

/** `aexy apply [PLANFILE]`: make the workspace match the files (or apply exactly a saved plan). */
export function registerApply(program: Command, invocation: Invocation): void {
  program
    .command('apply')
    .description('apply the changes of a plan to the workspace, all or nothing, under the workspace lock')
    .argument(
      '[planfile]',
      'a plan saved with `aexy plan --out FILE`; applied exactly, refused if the workspace changed since',
    )
    .option('--auto-approve', 'do not ask for confirmation (required when stdin is not a terminal)')
    .option('--prune', 'delete resources absent from the files (or `prune: true` in aexy.yaml)')
    .option('--allow-empty', 'allow deleting every resource')
    .option('--lock-timeout <duration>', 'how long to wait for the workspace lock (0s: fail at once)', '0s')
    .addHelpText(
      'after',
      '\nExit codes: 0 applied (or nothing to do), 1 errors or refused plan, 2 confirmation needed but stdin is not a terminal.\n\n' +
        'Examples:\n' +
        '  aexy apply                         plan, show it, ask for confirmation\n' +
        '  aexy apply --auto-approve --prune  CI on merge: make the workspace match the files\n' +
        '  aexy plan --out plan.json && aexy apply plan.json\n',
    )
    .action(action(invocation, apply));
}

async function apply(ctx: CommandContext, options: ApplyOptions, args: string[]): Promise<number> {
  const { settings, backend, store, sync } = await openForCommand(ctx);
  const waitMs = await parseLockTimeout(options.lockTimeout);
  return usingStore(backend, async () => {
    const { withLock } = await import('../workspace/with-lock.js');
    if (args[0]) {
      const { parsePlan } = await import('../sync/plan-file.js');
      const saved = parseSaved(() => parsePlan(sync.readText(ctx.cwd, args[0]), args[0]));
      return withLock(store, { operation: 'apply', waitMs }, (lock) => execute(ctx, store, saved, lock));
    }
    const desired = await sync.loadDesired(settings.dir, ctx.cwd);
    const out = await import('./plan-output.js');
    if (await out.reportDesiredErrors(ctx, desired.diagnostics)) return ExitCode.findings;
    const prune = options.prune ?? sync.booleanSetting(settings, 'prune') ?? false;
    return withLock(store, { operation: 'apply', waitMs }, async (lock) => {
      const { diff } = await import('../plan/diff.js');
      const state = await store.state();
      const plan = diff(desired.resources, state, {
        prune,
        allowEmpty: !!options.allowEmpty,
        createdAt: new Date().toISOString(),
      });
      if (ctx.global.output !== 'json') await out.writePlan(ctx, plan, 'text', {});
      if (!plan.applicable) {
        if (ctx.global.output === 'json') writeJson(ctx, 'apply', { result: null, plan });
        return ExitCode.findings;
      }
      const { hasChanges } = await import('../plan/types.js');
      if (!hasChanges(plan)) return reportNothing(ctx, plan);
      if (!options.autoApprove && !(await confirm(ctx))) {
        ctx.stderr.write('Apply cancelled.\n');
        return ExitCode.findings;
      }
      return execute(ctx, store, plan, lock);
    });
  });
}

async function execute(
  ctx: CommandContext,
  store: WorkspaceStore,
  plan: Plan,
  lock: LockInfo,
): Promise<number> {
  const { actorName } = await import('../workspace/with-lock.js');
  progress(ctx, `Applying plan ${plan.id}...`);
  const result = await store.apply({ plan, appliedBy: actorName(ctx.env), lockId: lock.id });
  if (ctx.global.output === 'json')
    writeJson(ctx, 'apply', { result, plan: { id: plan.id, summary: plan.summary } });
  else {
    const counts = `${result.created} added, ${result.updated} changed, ${result.deleted} deleted${result.renamed ? `, ${result.renamed} renamed` : ''}`;
    ctx.stdout.write(`Apply complete! Resources: ${counts}. Workspace serial ${result.serial}.\n`);
  }
  return ExitCode.ok;
}

function reportNothing(ctx: CommandContext, plan: Plan): number {
  if (ctx.global.output === 'json')
    writeJson(ctx, 'apply', { result: null, plan: { id: plan.id, summary: plan.summary } });
  return ExitCode.ok;
}

/** Asks on a terminal; refuses (exit 2) when stdin is not one, naming the flag that answers. */
async function confirm(ctx: CommandContext): Promise<boolean> {
  if (!ctx.stdin.isTTY) {
    throw new UserError(
      'apply needs confirmation, but stdin is not a terminal',
      'review the plan above and run again with --auto-approve (or apply a saved plan: aexy apply plan.json --auto-approve)',
      { exitCode: ExitCode.changes, code: 'confirmation_needed' },
    );
  }
  ctx.stderr.write("\nDo you want to perform these actions? Only 'yes' will be accepted.\n  Enter a value: ");
  return (await readLine(ctx.stdin)).trim() === 'yes';
}

function readLine(stdin: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const done = () => {
      stdin.off('data', onData);
      stdin.off('end', done);
      stdin.pause?.();
      resolve(text.split('\n')[0] ?? '');
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      if (text.includes('\n')) done();
    };
    stdin.on('data', onData);
    stdin.on('end', done);
    stdin.resume?.();
  });
}

function parseSaved(read: () => Plan): Plan {
  try {
    return read();
  } catch (error) {
    throw new UserError((error as Error).message, 'make a plan with `aexy plan --out plan.json`', {
      code: 'invalid_input',
    });
  }
}
