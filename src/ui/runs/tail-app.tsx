/**
 * The live `aexy runs tail` view (Ink): recent runs updating in place, the selected run's timeline
 * below, spinners on running steps, PAUSED runs highlighted with the approval they wait for.
 * Keys: ↑/↓ move, enter opens/closes the timeline, a/r approve/reject the selected run's pending
 * approval (after a y/n confirmation), q quits. Built on the same view model as line and JSON mode.
 */
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useState } from 'react';
import type { Snapshot } from './changes.js';
import { formatDuration, pad, STATUS_SYMBOL, truncate } from './format.js';
import { describeWait, rowDetail } from './render-text.js';
import { buildRunRow, buildTimeline, type RunRow, type TimelineEntry } from './view-model.js';

export interface TailAppProps {
  /** Reads the store and returns the newest snapshot. */
  poll: () => Promise<Snapshot>;
  /** Decides the pending approval of a run; resolves with a message to show. */
  decide: (runId: string, stepId: string | undefined, decision: 'approve' | 'reject') => Promise<string>;
  intervalMs?: number;
  /** Spinner animation (off in golden-frame tests). */
  animate?: boolean;
  now?: () => Date;
  title?: string;
  /** Terminal width override (tests); default: the terminal's, following resizes. */
  columns?: number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const COLORS: Record<string, string> = {
  RUNNING: 'cyan',
  PAUSED: 'yellow',
  WAITING: 'yellow',
  RETRYING: 'magenta',
  COMPLETED: 'green',
  SUCCESS: 'green',
  FAILED: 'red',
  CANCELLED: 'gray',
  SKIPPED: 'gray',
  PENDING: 'gray',
};

type Prompt = { runId: string; stepId?: string; decision: 'approve' | 'reject'; label: string };

export function TailApp(props: TailAppProps) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const width = Math.max(40, props.columns ?? stdout?.columns ?? 100);
  useResize(stdout);
  const now = props.now ?? (() => new Date());
  const [snapshot, setSnapshot] = useState<Snapshot>(new Map());
  const [selected, setSelected] = useState(0);
  const [open, setOpen] = useState(true);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const frame = useSpinnerFrame(props.animate ?? true);

  usePolling(props.poll, props.intervalMs ?? 250, setSnapshot, setMessage);

  const runs = [...snapshot.values()];
  const rows = runs.map((s) => buildRunRow(s.run, s.steps, now()));
  const index = Math.min(selected, Math.max(0, rows.length - 1));
  const current = runs[index];

  useInput((input, key) => {
    if (prompt) {
      if (input === 'y') {
        setPrompt(null);
        setMessage(`${prompt.decision === 'approve' ? 'Approving' : 'Rejecting'}...`);
        props
          .decide(prompt.runId, prompt.stepId, prompt.decision)
          .then(setMessage, (e: Error) => setMessage(`error: ${e.message}`));
      } else if (input === 'n' || key.escape) {
        setPrompt(null);
        setMessage('Cancelled.');
      }
      return;
    }
    if (input === 'q' || (key.ctrl && input === 'c')) exit();
    else if (key.upArrow) setSelected(Math.max(0, index - 1));
    else if (key.downArrow) setSelected(Math.min(rows.length - 1, index + 1));
    else if (key.return) setOpen(!open);
    else if ((input === 'a' || input === 'r') && current) {
      const row = rows[index];
      if (row.waitingFor?.kind !== 'approval') setMessage(`${row.id} has no pending approval.`);
      else {
        const decision = input === 'a' ? 'approve' : 'reject';
        const stepId = current.steps.find((s) => s.stepKey === row.waitingFor?.stepKey)?.stepId;
        setPrompt({
          runId: row.id,
          stepId,
          decision,
          label: `${decision} ${row.waitingFor.stepKey} of ${row.id}`,
        });
      }
    }
  });

  const timeline = open && current ? buildTimeline(current.steps, now()) : [];
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>
        {truncate(
          `${props.title ?? 'aexy runs tail'} — ${rows.length} run${rows.length === 1 ? '' : 's'}   ↑/↓ move · enter timeline · a approve · r reject · q quit`,
          width,
        )}
      </Text>
      <RunTable rows={rows} selected={index} width={width} now={now()} frame={frame} />
      {open && current ? (
        <Timeline row={rows[index]} entries={timeline} width={width} now={now()} frame={frame} />
      ) : null}
      {prompt ? <Text color="yellow">{truncate(`${prompt.label}? (y/n)`, width)}</Text> : null}
      {message && !prompt ? <Text dimColor>{truncate(message, width)}</Text> : null}
    </Box>
  );
}

function RunTable(props: { rows: RunRow[]; selected: number; width: number; now: Date; frame: number }) {
  const narrow = props.width < 90;
  const tiny = props.width < 60;
  const idWidth = tiny ? 10 : narrow ? 14 : 24;
  const autoWidth = tiny ? 12 : narrow ? 16 : 26;
  if (props.rows.length === 0) return <Text dimColor>Waiting for runs...</Text>;
  return (
    <Box flexDirection="column">
      {props.rows.map((row, i) => {
        const symbol =
          row.status === 'RUNNING' ? SPINNER[props.frame % SPINNER.length] : STATUS_SYMBOL[row.status];
        const head = `${i === props.selected ? '›' : ' '} ${pad(row.id, idWidth)} ${pad(row.automation, autoWidth)} `;
        const status = pad(`${symbol} ${row.status}`, 11);
        // Narrow terminals get the short form of what the run waits for; the timeline has the rest.
        const detail =
          narrow && row.waitingFor
            ? `${row.waitingFor.kind} ${row.waitingFor.stepKey}`
            : rowDetail(row, props.now);
        const tail = ` ${narrow ? '' : `${pad(formatDuration(row.durationMs), 8)} `}${detail}`;
        const rest = truncate(tail, props.width - head.length - status.length);
        return (
          <Text
            key={row.id}
            inverse={i === props.selected}
            color={row.status === 'PAUSED' ? 'yellow' : undefined}
          >
            {head}
            <Text color={COLORS[row.status]}>{status}</Text>
            {rest}
          </Text>
        );
      })}
    </Box>
  );
}

function Timeline(props: { row: RunRow; entries: TimelineEntry[]; width: number; now: Date; frame: number }) {
  const { row } = props;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>
        {truncate(
          `── ${row.id} ${row.automation}${row.version !== null ? ` v${row.version}` : ''} ${row.status} `.padEnd(
            props.width,
            '─',
          ),
          props.width,
        )}
      </Text>
      {props.entries.length === 0 ? <Text dimColor> (no steps yet)</Text> : null}
      {props.entries.map((entry) => {
        const symbol =
          entry.status === 'RUNNING' ? SPINNER[props.frame % SPINNER.length] : STATUS_SYMBOL[entry.status];
        const count = entry.iterations ? ` ×${entry.iterations.total}` : '';
        const branch = entry.branch ? ` → ${entry.branch}` : '';
        const attempt = entry.attempt > 1 ? ` attempt ${entry.attempt}` : '';
        const line = `${'  '.repeat(entry.depth + 1)}${symbol} ${entry.key} ${entry.kind} ${formatDuration(entry.durationMs)}${attempt}${branch}${count}`;
        return (
          <Box key={entry.key} flexDirection="column">
            <Text color={COLORS[entry.status]}>{truncate(line, props.width)}</Text>
            {entry.waitingFor ? (
              <Text color="yellow">
                {truncate(`      ${describeWait(entry.waitingFor, props.now)}`, props.width)}
              </Text>
            ) : null}
            {entry.error ? <Text color="red">{truncate(`      ${entry.error}`, props.width)}</Text> : null}
          </Box>
        );
      })}
    </Box>
  );
}

function usePolling(
  poll: () => Promise<Snapshot>,
  intervalMs: number,
  setSnapshot: (s: Snapshot) => void,
  setMessage: (m: string) => void,
) {
  useEffect(() => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const tick = async () => {
      try {
        const next = await poll();
        if (!stopped) setSnapshot(next);
      } catch (error) {
        if (!stopped) setMessage(`error reading runs: ${(error as Error).message}`);
      }
      if (!stopped) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [poll, intervalMs, setSnapshot, setMessage]);
}

/** Re-renders when the terminal is resized, so the layout follows the new width. */
function useResize(stdout: NodeJS.WriteStream | undefined) {
  const [, setSize] = useState(0);
  useEffect(() => {
    if (!stdout?.on) return;
    const onResize = () => setSize((n) => n + 1);
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
}

function useSpinnerFrame(animate: boolean): number {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    if (!animate) return;
    const timer = setInterval(() => setFrame((f) => f + 1), 120);
    return () => clearInterval(timer);
  }, [animate]);
  return frame;
}
