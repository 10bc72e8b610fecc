import type { Command } from 'commander';
import { type CommandContext, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';

interface ListOptions {
  module?: string;
}

/** `aexy registry triggers|actions`: what can start an automation and what its steps can run. */
export function registerRegistry(program: Command, invocation: Invocation): void {
  const registry = program
    .command('registry')
    .description('list the triggers and actions automations can use, with their schemas')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy registry triggers --module crm\n  aexy registry actions --output json\n',
    );
  registry
    .command('triggers')
    .description('list triggers (id, modules, family, summary); JSON adds config and payload schemas')
    .option('--module <module>', 'only triggers this module may use (crm, tickets, hiring, ...)')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy registry triggers\n  aexy registry triggers --module tickets\n  aexy registry triggers --output json\n',
    )
    .action(action(invocation, (ctx, options: ListOptions) => listTriggers(ctx, options)));
  registry
    .command('actions')
    .description(
      'list actions (id, module, summary); JSON adds input and output schemas and an example output',
    )
    .option('--module <module>', 'only actions this module may use (its own plus the common ones)')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy registry actions\n  aexy registry actions --module crm\n  aexy registry actions --output json\n',
    )
    .action(action(invocation, (ctx, options: ListOptions) => listActions(ctx, options)));
}

async function checkedModule(module: string | undefined) {
  const { MODULES } = await import('../registry/index.js');
  if (module === undefined || (MODULES as readonly string[]).includes(module))
    return module as (typeof MODULES)[number] | undefined;
  const { didYouMean } = await import('../schema/did-you-mean.js');
  const guess = didYouMean(module, MODULES);
  throw new UserError(
    `unknown module \`${module}\``,
    `${guess ? `did you mean \`${guess}\`? ` : ''}Modules: ${MODULES.join(', ')}.`,
  );
}

async function listTriggers(ctx: CommandContext, options: ListOptions): Promise<number> {
  const { registry, triggersFor, MODULES } = await import('../registry/index.js');
  const module = await checkedModule(options.module);
  const triggers = module ? triggersFor(registry, module) : [...registry.triggers.values()];
  if (wantsJson(ctx)) {
    writeJson(ctx, 'registry-triggers', { module: module ?? null, triggers });
    return 0;
  }
  const { renderTable } = await import('../ui/table.js');
  const modules = (list: readonly string[]) => (list.length === MODULES.length ? 'all' : list.join(','));
  ctx.stdout.write(
    renderTable(
      ['ID', 'MODULES', 'FAMILY', 'SUMMARY'],
      triggers.map((t) => [t.id, modules(t.modules), t.family, t.summary]),
    ),
  );
  return 0;
}

async function listActions(ctx: CommandContext, options: ListOptions): Promise<number> {
  const { registry, actionsFor } = await import('../registry/index.js');
  const module = await checkedModule(options.module);
  const actions = module ? actionsFor(registry, module) : [...registry.actions.values()];
  if (wantsJson(ctx)) {
    writeJson(ctx, 'registry-actions', { module: module ?? null, actions });
    return 0;
  }
  const { renderTable } = await import('../ui/table.js');
  ctx.stdout.write(
    renderTable(
      ['ID', 'MODULE', 'SUMMARY'],
      actions.map((a) => [a.id, a.module, a.summary]),
    ),
  );
  return 0;
}
