/** Small formatting helpers shared by the run renderers (text, line mode, Ink). */
import type { RunStatus, StepStatus } from '../../workspace/runs/types.js';

/** One symbol per status, the same everywhere (list, timeline, TUI, line mode). */
export const STATUS_SYMBOL: Record<RunStatus | StepStatus, string> = {
  PENDING: '·',
  RUNNING: '▶',
  PAUSED: '⏸',
  WAITING: '⏳',
  RETRYING: '↻',
  COMPLETED: '✔',
  SUCCESS: '✔',
  FAILED: '✖',
  CANCELLED: '⊘',
  SKIPPED: '↷',
};

/** `850ms`, `12.3s`, `4m05s`, `2h10m`, `3d4h`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s % 60)).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${h % 24}h`;
}

/** `2026-11-27 01:02:03Z` (UTC, second precision: stable across machines). */
export function formatTime(iso: string | null): string {
  if (!iso) return '-';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}Z`;
}

/** Relative deadline: `in 3h10m` / `overdue by 5m`. */
export function formatDeadline(deadline: string | null, now: Date): string {
  if (!deadline) return 'no deadline';
  const delta = Date.parse(deadline) - now.getTime();
  return delta >= 0
    ? `until ${formatTime(deadline)} (in ${formatDuration(delta)})`
    : `overdue by ${formatDuration(-delta)}`;
}

/** Cuts a string to `width` columns with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

export function pad(text: string, width: number): string {
  return truncate(text, width).padEnd(width);
}
