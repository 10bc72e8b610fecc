import type { Command } from 'commander';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';
import { withRuntime } from './runtime-support.js';

interface SchedulesOptions {
  next: string;
}

/** `aexy schedules [AUTOMATION] --next N`: the schedule triggers and their next fire times. */
export function registerSchedules(program: Command, invocation: Invocation): void {
  program
    .command('schedules')
    .description('list the applied schedule triggers and preview their next fire times in their time zone')
    .argument('[automation]', 'only this automation')
    .option('--next <n>', 'how many fire times to show per automation', '5')
    .addHelpText(
      'after',
      '\nTimes are computed from the cron expression in the automation time zone (its trigger `timezone`,\n' +
        'else the project `timezone`), with daylight-saving shifts applied: a skipped wall time fires\n' +
        'shifted by the gap, a repeated one fires once. The runtime (aexy dev / aexy worker) keeps one\n' +
        'Temporal Schedule per automation.\n\nExamples:\n' +
        '  aexy schedules\n  aexy schedules weekly-report --next 10\n  aexy schedules --output json\n',
    )
    .action(action(invocation, schedules));
}

async function schedules(ctx: CommandContext, opts: SchedulesOptions, args: string[]): Promise<number> {
  const count = Number(opts.next);
  if (!Number.isInteger(count) || count < 1 || count > 1000)
    throw new UserError(`--next must be a whole number from 1 to 1000, got "${opts.next}"`);
  return withRuntime(ctx, async (session) => {
    const { workspaceAutomations } = await import('../runtime/router/automation-source.js');
    const { scheduleOf, scheduleIdFor } = await import('../runtime/schedules/schedule-spec.js');
    const { parseCron, nextFireTimes, isTimeZone, CronError } = await import('../runtime/schedules/cron.js');
    const all = await workspaceAutomations(session.store)();
    if (args[0] && !all.some((a) => a.name === args[0]))
      throw new UserError(
        `no applied automation named ${args[0]}`,
        'see the applied ones: aexy automations list',
        { code: 'not_found' },
      );
    const now = new Date();
    const rows = [];
    for (const automation of all.filter((a) => !args[0] || a.name === args[0])) {
      const def = scheduleOf(automation.ir, session.settings.timeZone);
      if (!def) {
        if (args[0])
          throw new UserError(`${args[0]} has a ${automation.ir.trigger.type} trigger, not a schedule`);
        continue;
      }
      if (!isTimeZone(def.timeZone))
        throw new UserError(`${def.automation}: unknown time zone "${def.timeZone}"`);
      let times: Date[];
      try {
        times = nextFireTimes(parseCron(def.cron), def.timeZone, now, count);
      } catch (error) {
        if (error instanceof CronError) throw new UserError(`${def.automation}: ${error.message}`);
        throw error;
      }
      rows.push({
        ...def,
        scheduleId: scheduleIdFor(session.settings.workspace, def.automation),
        next: times.map((t) => ({ at: t.toISOString(), local: localTime(t, def.timeZone) })),
      });
    }
    if (wantsJson(ctx)) writeJson(ctx, 'schedules', { schedules: rows });
    else if (rows.length === 0) ctx.stdout.write('no applied automation has a schedule trigger\n');
    else for (const row of rows) ctx.stdout.write(renderRow(row));
    return ExitCode.ok;
  });
}

/** `2026-03-29 03:30 CEST (+02:00)` for an instant in a zone. */
function localTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    timeZoneName: 'shortOffset',
  }).formatToParts(at);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

function renderRow(row: {
  automation: string;
  cron: string;
  timeZone: string;
  overlap: string;
  paused: boolean;
  next: Array<{ at: string; local: string }>;
}): string {
  const head = `${row.automation}  cron "${row.cron}" in ${row.timeZone}, overlap ${row.overlap}${row.paused ? ', paused (disabled)' : ''}\n`;
  return head + row.next.map((n) => `  ${n.local.padEnd(30)} ${n.at}\n`).join('');
}
