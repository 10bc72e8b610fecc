/**
 * `aexy automations status`: per automation, the numbers that answer "why isn't my automation
 * firing?" — runs this month against the limit, skipped runs by reason, failures, the last run, and
 * runs waiting or paused with how long. Pure: built from facts the command gathers from the store.
 */
import type { RunRecord, RunStatus } from '../../workspace/runs/types.js';
import { formatDuration, formatTime, pad, STATUS_SYMBOL } from './format.js';

export interface AutomationFacts {
  name: string;
  enabled: boolean;
  trigger: string;
  version: number;
  runsPerMonth: number | null;
  /** Runs counted toward the limit this month. */
  usedThisMonth: number;
  skippedByReason: Record<string, number>;
  failedThisMonth: number;
  lastRun: RunRecord | null;
  /** Unfinished runs (RUNNING, PAUSED, PENDING) with when they started. */
  active: Array<{ id: string; status: RunStatus; since: string }>;
}

export interface AutomationStatus extends AutomationFacts {
  /** Plain-language findings, most important first. */
  findings: string[];
}

export function assessAutomation(facts: AutomationFacts, now: Date): AutomationStatus {
  const findings: string[] = [];
  if (!facts.enabled) findings.push('disabled: it is never started (set spec.enabled: true and apply)');
  if (facts.runsPerMonth !== null && facts.usedThisMonth >= facts.runsPerMonth) {
    findings.push(
      `run limit reached (${facts.usedThisMonth}/${facts.runsPerMonth} this month): new events are SKIPPED with reason run_limit`,
    );
  }
  const skipped = Object.entries(facts.skippedByReason).sort((a, b) => b[1] - a[1]);
  for (const [reason, count] of skipped) findings.push(`${count} run(s) SKIPPED this month: ${reason}`);
  if (facts.failedThisMonth > 0)
    findings.push(
      `${facts.failedThisMonth} run(s) FAILED this month (aexy runs list --automation ${facts.name} --status FAILED)`,
    );
  const paused = facts.active.filter((a) => a.status === 'PAUSED');
  if (paused.length) {
    const oldest = Math.max(...paused.map((p) => now.getTime() - Date.parse(p.since)));
    findings.push(
      `${paused.length} run(s) PAUSED waiting for a person, the oldest for ${formatDuration(oldest)}`,
    );
  }
  if (!facts.lastRun && facts.enabled) {
    findings.push(
      `no run yet: no event has matched its trigger (${facts.trigger}); fire one with aexy events emit`,
    );
  }
  return { ...facts, findings };
}

export function renderStatusTable(statuses: readonly AutomationStatus[], now: Date): string {
  if (statuses.length === 0) return 'No automations applied in this workspace (aexy plan && aexy apply).\n';
  const header = `${pad('AUTOMATION', 30)} ${pad('ON', 3)} ${pad('THIS MONTH', 11)} ${pad('SKIPPED', 8)} ${pad('FAILED', 7)} ${pad('LAST RUN', 26)} ACTIVE`;
  const lines = statuses.map((s) => {
    const limit = s.runsPerMonth === null ? `${s.usedThisMonth}` : `${s.usedThisMonth}/${s.runsPerMonth}`;
    const skipped = Object.values(s.skippedByReason).reduce((a, b) => a + b, 0);
    const last = s.lastRun ? `${STATUS_SYMBOL[s.lastRun.status]} ${formatTime(s.lastRun.createdAt)}` : '-';
    return `${pad(s.name, 30)} ${pad(s.enabled ? 'yes' : 'no', 3)} ${pad(limit, 11)} ${pad(String(skipped), 8)} ${pad(String(s.failedThisMonth), 7)} ${pad(last, 26)} ${activeSummary(s, now)}`;
  });
  return `${[header, ...lines].join('\n')}\n`;
}

export function renderStatusDetail(status: AutomationStatus, now: Date): string {
  const lines = [renderStatusTable([status], now).trimEnd(), ''];
  if (status.findings.length === 0)
    lines.push('Nothing stands out: it is enabled, under its limit, and its runs succeed.');
  else lines.push('Findings:', ...status.findings.map((f) => `  - ${f}`));
  return `${lines.join('\n')}\n`;
}

function activeSummary(status: AutomationStatus, now: Date): string {
  if (status.active.length === 0) return '-';
  const counts = new Map<string, number>();
  for (const a of status.active) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  const oldest = Math.max(...status.active.map((a) => now.getTime() - Date.parse(a.since)));
  return `${[...counts].map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')} (oldest ${formatDuration(oldest)})`;
}

/** The instant the calendar month of `at` began in `timeZone` (run limits count per such month). */
export function monthStart(at: Date, timeZone: string): Date {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  let guess = Date.UTC(year, month - 1, 1);
  // Twice, so a DST change between the guess and the true instant is absorbed.
  for (let i = 0; i < 2; i++) guess = Date.UTC(year, month - 1, 1) - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

function offsetMs(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  const local = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return local - Math.floor(at.getTime() / 1000) * 1000;
}
