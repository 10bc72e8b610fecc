/**
 * Plain-text renderers for runs: the list table, a run's timeline, and the one-line-per-change form
 * of `runs tail` when stdout is not a terminal. Colour is applied by the caller's `paint` function so
 * these stay pure and testable.
 */
import type { Change } from './changes.js';
import { formatDeadline, formatDuration, formatTime, pad, STATUS_SYMBOL } from './format.js';
import type { RunRow, TimelineEntry, WaitInfo } from './view-model.js';

export type Paint = (status: string, text: string) => string;
const plain: Paint = (_status, text) => text;

export function renderRunList(rows: readonly RunRow[], now: Date, paint: Paint = plain): string {
  if (rows.length === 0) return 'No runs match.\n';
  const header = `${pad('RUN', 24)} ${pad('AUTOMATION', 28)} ${pad('STATUS', 11)} ${pad('STARTED', 20)} ${pad('TOOK', 8)} DETAIL`;
  const lines = rows.map((row) => {
    const status = paint(row.status, pad(`${STATUS_SYMBOL[row.status]} ${row.status}`, 11));
    const detail = rowDetail(row, now);
    return `${pad(row.id, 24)} ${pad(row.automation, 28)} ${status} ${pad(formatTime(row.createdAt), 20)} ${pad(formatDuration(row.durationMs), 8)} ${detail}`;
  });
  return `${[header, ...lines].join('\n')}\n`;
}

/** What a person needs to know next to the status: why skipped, what it waits for, what failed. */
export function rowDetail(row: RunRow, now: Date): string {
  if (row.status === 'SKIPPED') return `reason: ${row.reason ?? 'unknown'}`;
  if (row.waitingFor) return describeWait(row.waitingFor, now);
  if (row.error) return row.error;
  if (row.currentStep) return `at ${row.currentStep}`;
  return row.reason && row.status !== 'COMPLETED' ? `reason: ${row.reason}` : '';
}

export function describeWait(wait: WaitInfo, now: Date): string {
  const deadline = formatDeadline(wait.deadline, now);
  if (wait.kind === 'approval') return `awaiting approval by ${wait.what} at ${wait.stepKey} ${deadline}`;
  if (wait.kind === 'event') return `waiting for ${wait.what} at ${wait.stepKey} ${deadline}`;
  return `waiting at ${wait.stepKey} ${deadline}`;
}

export function renderTimeline(
  row: RunRow,
  entries: readonly TimelineEntry[],
  now: Date,
  paint: Paint = plain,
): string {
  const lines = [
    `Run ${row.id}  ${row.automation}${row.version !== null ? ` v${row.version}` : ''}  ${paint(row.status, `${STATUS_SYMBOL[row.status]} ${row.status}`)}`,
    `  event ${row.eventType}, started ${formatTime(row.createdAt)}, ${formatDuration(row.durationMs)}`,
  ];
  if (row.retryOf) lines.push(`  retry of ${row.retryOf}`);
  const detail = rowDetail(row, now);
  if (detail) lines.push(`  ${detail}`);
  lines.push('');
  if (entries.length === 0) lines.push('  (no steps yet)');
  for (const entry of entries) lines.push(...timelineLines(entry, now, paint));
  return `${lines.join('\n')}\n`;
}

function timelineLines(entry: TimelineEntry, now: Date, paint: Paint): string[] {
  const indent = '  '.repeat(entry.depth + 1);
  const symbol = paint(entry.status, STATUS_SYMBOL[entry.status]);
  const facts = [entry.kind, formatTime(entry.startedAt), formatDuration(entry.durationMs)];
  if (entry.attempt > 1) facts.push(`attempt ${entry.attempt}`);
  if (entry.branch) facts.push(`→ ${entry.branch}`);
  if (entry.iterations) facts.push(iterationSummary(entry.iterations));
  const lines = [`${indent}${symbol} ${entry.key}  ${facts.join('  ')}`];
  if (entry.waitingFor) lines.push(`${indent}    ${describeWait(entry.waitingFor, now)}`);
  if (entry.error) lines.push(`${indent}    error: ${entry.error}`);
  if (entry.input !== undefined) lines.push(`${indent}    input:  ${JSON.stringify(entry.input)}`);
  if (entry.output !== undefined) lines.push(`${indent}    output: ${JSON.stringify(entry.output)}`);
  return lines;
}

function iterationSummary(iterations: NonNullable<TimelineEntry['iterations']>): string {
  const parts = Object.entries(iterations.byStatus).map(([status, n]) => `${n} ${status.toLowerCase()}`);
  return `×${iterations.total} (${parts.join(', ')})`;
}

/** One line per change, like `kubectl logs -f`. */
export function renderChangeLine(change: Change, paint: Paint = plain): string {
  const time = formatTime(change.at).slice(11);
  const status = paint(change.status, `${STATUS_SYMBOL[change.status]} ${change.status}`);
  if (change.kind === 'run') {
    const extra = change.reason ? ` (${change.reason})` : change.error ? ` ${change.error}` : '';
    return `${time} ${change.runId} ${change.automation}: run ${status}${extra}`;
  }
  const bits: string[] = [];
  if (change.attempt > 1) bits.push(`attempt ${change.attempt}`);
  if (change.branch) bits.push(`→ ${change.branch}`);
  if (change.waitingFor)
    bits.push(
      `${change.waitingFor.kind} ${change.waitingFor.what} until ${change.waitingFor.deadline ?? '-'}`,
    );
  if (change.error) bits.push(change.error);
  return `${time} ${change.runId} ${change.automation}: ${change.stepKey} ${status}${bits.length ? ` ${bits.join(' ')}` : ''}`;
}
