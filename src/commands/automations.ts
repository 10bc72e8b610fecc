import type { Command } from 'commander';
import type { AutomationIR } from '../ir/types.js';
import type { AutomationFacts } from '../ui/runs/automation-status.js';
import type { RuntimeStores } from '../workspace/runtime-stores.js';
import { type CommandContext, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';
import { withRuntime } from './runtime-support.js';

const SKIP_REASONS = ['conditions', 'run_limit', 'disabled', 'causation_depth'];

/** `aexy automations status [NAME]`: the answer to "why isn't my automation firing?". */
export function registerAutomations(program: Command, invocation: Invocation): void {
  const automations = program.command('automations').description('the state of applied automations');
  automations
    .command('status')
    .description('runs this month against the limit, skipped runs by reason, failures, last run, paused runs')
    .argument('[name]', 'one automation, with findings in plain words')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy automations status\n  aexy automations status deal-negotiation-followup\n  aexy automations status --output json\n',
    )
    .action(action(invocation, status));
}

async function status(ctx: CommandContext, _opts: unknown, args: string[]): Promise<number> {
  const now = new Date();
  return withRuntime(ctx, async (session) => {
    const { assessAutomation, monthStart, renderStatusDetail, renderStatusTable } = await import(
      '../ui/runs/automation-status.js'
    );
    const { monthKey } = await import('../workspace/counters.js');
    const versions = (await session.store.currentVersions()).filter((v) => v.kind === 'Automation');
    const selected = args[0] ? versions.filter((v) => v.name === args[0]) : versions;
    if (args[0] && selected.length === 0) {
      throw new UserError(
        `no applied automation named ${args[0]}`,
        'see them all with: aexy automations status',
        { code: 'not_found' },
      );
    }
    const tz = session.settings.timeZone;
    const period = { key: monthKey(now, tz), since: monthStart(now, tz).toISOString() };
    const statuses = [];
    for (const version of selected) {
      const facts = await gatherFacts(session.stores, version.ir as AutomationIR, version.version, period);
      statuses.push(assessAutomation(facts, now));
    }
    if (wantsJson(ctx))
      writeJson(ctx, 'automation-status', { period: period.key, timeZone: tz, automations: statuses });
    else if (args[0]) ctx.stdout.write(renderStatusDetail(statuses[0], now));
    else ctx.stdout.write(renderStatusTable(statuses, now));
    return 0;
  });
}

async function gatherFacts(
  stores: RuntimeStores,
  ir: AutomationIR,
  version: number,
  period: { key: string; since: string },
): Promise<AutomationFacts> {
  const name = ir.metadata.name;
  const skippedByReason: Record<string, number> = {};
  for (const reason of SKIP_REASONS) {
    const n = await stores.runs.countRuns({
      automation: name,
      status: 'SKIPPED',
      reason,
      since: period.since,
    });
    if (n > 0) skippedByReason[reason] = n;
  }
  const [lastRun] = await stores.runs.listRuns({ automation: name, limit: 1 });
  const active = await stores.runs.listRuns({
    automation: name,
    status: ['PENDING', 'RUNNING', 'PAUSED'],
    limit: 1000,
  });
  return {
    name,
    enabled: ir.enabled,
    trigger: ir.trigger.type,
    version,
    runsPerMonth: ir.limits.runsPerMonth ?? null,
    usedThisMonth: await stores.counters.usedRuns(name, period.key),
    skippedByReason,
    failedThisMonth: await stores.runs.countRuns({ automation: name, status: 'FAILED', since: period.since }),
    lastRun: lastRun ?? null,
    active: active.map((r) => ({ id: r.id, status: r.status, since: r.startedAt ?? r.createdAt })),
  };
}
