import type { Command } from 'commander';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { openForCommand, parseLockTimeout, usingStore } from './workspace-support.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

interface PlanOptions {
  out?: string;
  detailedExitcode?: boolean;
  prune?: boolean;
  allowEmpty?: boolean;
  lock?: boolean;
  lockTimeout?: string;
  markdownLimit?: string;
}

/** `aexy plan`: what apply would change in the workspace, as text, JSON or a PR comment. */
export function registerPlan(program: Command, invocation: Invocation): void {
  program
    .command('plan')
    .description('compare the files with the workspace and show what apply would change')
    .option('--out <file>', 'save the plan as JSON, for `aexy apply FILE`')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on errors')
    .option('--prune', 'plan deletion of resources absent from the files (or `prune: true` in aexy.yaml)')
    .option('--allow-empty', 'allow a plan that deletes every resource')
    .option('--lock', 'hold the workspace lock while reading it (consistent with a concurrent apply)')
    .option('--lock-timeout <duration>', 'with --lock: how long to wait for the lock', '0s')
    .option('--markdown-limit <chars>', 'maximum size of --output markdown', '60000')
    .addHelpText(
      'after',
      '\nOutput formats (-o/--output): text (default), json (plan format v1, docs/plan-format.md), markdown (PR comment).\n' +
        'Exit codes: 0 success (with --detailed-exitcode: no changes), 1 errors, 2 changes present (--detailed-exitcode).\n\n' +
        'Examples:\n' +
        '  aexy plan                                  show the changes\n' +
        '  aexy plan --out plan.json                  save the plan to apply exactly it later\n' +
        '  aexy plan -o markdown > comment.md         a pull-request comment with Mermaid diagrams\n' +
        '  aexy plan --detailed-exitcode --prune      CI: exit 2 when the workspace would change\n',
    )
    .action(action(invocation, plan));
}

async function plan(ctx: CommandContext, options: PlanOptions): Promise<number> {
  const format = ctx.global.output as (typeof FORMATS)[number];
  if (!FORMATS.includes(format))
    throw new UserError(`unknown output format "${format}"`, `use one of: ${FORMATS.join(', ')}`);
  const { settings, backend, store, sync } = await openForCommand(ctx);
  return usingStore(backend, async () => {
    const desired = await sync.loadDesired(settings.dir, ctx.cwd);
    const { reportDesiredErrors } = await import('./plan-output.js');
    if (await reportDesiredErrors(ctx, [...desired.diagnostics])) return ExitCode.findings;
    const prune = options.prune ?? sync.booleanSetting(settings, 'prune') ?? false;
    const diffOptions = { prune, allowEmpty: !!options.allowEmpty, createdAt: new Date().toISOString() };
    const { diff } = await import('../plan/diff.js');
    const readState = async () => diff(desired.resources, await store.state(), diffOptions);
    const result = options.lock ? await withPlanLock(store, options, readState) : await readState();
    const { writePlan, planExitCode } = await import('./plan-output.js');
    await writePlan(ctx, result, format, { out: options.out, markdownLimit: Number(options.markdownLimit) });
    return planExitCode(result, !!options.detailedExitcode);
  });
}

async function withPlanLock<T>(
  store: import('../workspace/store.js').WorkspaceStore,
  options: PlanOptions,
  fn: () => Promise<T>,
) {
  const { withLock } = await import('../workspace/with-lock.js');
  return withLock(store, { operation: 'plan', waitMs: await parseLockTimeout(options.lockTimeout) }, fn);
}
