import type { Command } from 'commander';
import type { Address } from '../ir/types.js';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';
import { openForCommand, usingStore } from './workspace-support.js';

/** `aexy workspace show|history|unlock`: what the workspace holds, who applied it, its lock. */
export function registerWorkspace(program: Command, invocation: Invocation): void {
  const workspace = program
    .command('workspace')
    .description('inspect the workspace: current versions, history, locks')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy workspace show\n  aexy workspace history Automation/deal-followup\n  aexy workspace unlock 3f2c...\n',
    );
  workspace
    .command('show')
    .description('the workspace identity, serial, locks and every current resource version')
    .addHelpText('after', '\nExamples:\n  aexy workspace show\n  aexy workspace show -o json\n')
    .action(action(invocation, show));
  workspace
    .command('history')
    .description('every version of a resource (also under earlier names), newest first, with who applied it')
    .argument('<address>', 'Kind/name, e.g. Automation/deal-followup')
    .addHelpText('after', '\nExamples:\n  aexy workspace history Automation/deal-followup\n')
    .action(action(invocation, history));
  workspace
    .command('unlock')
    .description('remove a workspace lock left by a process that is gone (the lock id is in the lock error)')
    .argument('<lockId>', 'the id printed by the command that found the workspace locked')
    .addHelpText('after', '\nExamples:\n  aexy workspace unlock 3f2c8a9e-...\n')
    .action(action(invocation, unlock));
}

async function show(ctx: CommandContext): Promise<number> {
  const { backend, store } = await openForCommand(ctx);
  return usingStore(backend, async () => {
    const [info, versions, locks] = await Promise.all([store.info(), store.currentVersions(), store.locks()]);
    if (wantsJson(ctx)) {
      const resources = versions.map(({ ir: _ir, sourceText: _text, ...v }) => v);
      writeJson(ctx, 'workspace', { workspace: info, locks, resources });
      return ExitCode.ok;
    }
    const lines = [
      `Workspace ${info.location}`,
      `  lineage ${info.lineage}, serial ${info.serial}, schema ${info.schemaVersion}, ${info.resourceCount} resources`,
    ];
    for (const l of locks)
      lines.push(
        `  locked by ${l.holder} (${l.operation}, host ${l.host}, pid ${l.pid}) until ${l.expiresAt}: ${l.id}`,
      );
    if (versions.length > 0)
      lines.push(
        '',
        ...table(
          versions.map((v) => [
            v.address,
            `v${v.version}`,
            v.appliedAt,
            v.appliedBy,
            v.protected ? 'protected' : '',
          ]),
        ),
      );
    ctx.stdout.write(`${lines.join('\n')}\n`);
    return ExitCode.ok;
  });
}

async function history(ctx: CommandContext, _options: unknown, args: string[]): Promise<number> {
  const address = args[0];
  if (!/^(Automation|Agent|AgentPolicy)\/[^/]+$/.test(address)) {
    throw new UserError(
      `"${address}" is not a resource address`,
      'write Kind/name, e.g. Automation/deal-followup',
    );
  }
  const { backend, store } = await openForCommand(ctx);
  return usingStore(backend, async () => {
    const h = await store.history(address as Address);
    if (wantsJson(ctx)) {
      writeJson(ctx, 'history', { ...h, versions: h.versions.map(({ ir: _ir, ...v }) => v) });
      return h.versions.length > 0 ? ExitCode.ok : ExitCode.findings;
    }
    if (h.versions.length === 0)
      throw new UserError(
        `${address} was never applied to this workspace`,
        'list what it holds: aexy workspace show',
        { code: 'not_found' },
      );
    const status = h.current
      ? `current version ${h.current.version}`
      : h.deleted
        ? `deleted ${h.deleted.at} by ${h.deleted.by}`
        : 'renamed since';
    const rows = h.versions.map((v) => [
      `v${v.version}`,
      v.name,
      v.change,
      v.appliedAt,
      v.appliedBy,
      `plan ${v.planId}`,
      v.contentHash.slice(7, 19),
    ]);
    ctx.stdout.write(`${address}: ${status}\n\n${table(rows).join('\n')}\n`);
    return ExitCode.ok;
  });
}

async function unlock(ctx: CommandContext, _options: unknown, args: string[]): Promise<number> {
  const { backend, store } = await openForCommand(ctx);
  return usingStore(backend, async () => {
    const removed = await store.forceUnlock(args[0]);
    if (!removed)
      throw new UserError(`no lock ${args[0]} in this workspace`, 'see current locks: aexy workspace show', {
        code: 'not_found',
      });
    if (wantsJson(ctx)) writeJson(ctx, 'unlock', { lock: removed });
    else
      ctx.stdout.write(
        `Removed lock ${removed.id} held by ${removed.holder} (${removed.operation}) since ${removed.createdAt}.\n`,
      );
    return ExitCode.ok;
  });
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i].length))) ?? [];
  return rows.map(
    (r) =>
      `  ${r
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd()}`,
  );
}
