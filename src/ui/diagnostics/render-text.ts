/**
 * The human form of a diagnostic report: `file:line:col: severity: summary [code]`, a code frame,
 * the detail, the fix and related locations, then a summary line. Built from the JSON report.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Diagnostic, RelatedLocation, Severity } from '../../diagnostics/diagnostic.js';
import { codeFrame } from './code-frame.js';
import { type DiagnosticReport, summaryLine } from './report.js';

/** The full text of each file by its printed path, for code frames; missing files get no frame. */
export type SourceLookup = (file: string) => string | undefined;

export interface TextOptions {
  color?: boolean;
}

/** Renders every diagnostic, a blank line between them, and the summary line. */
export function renderText(
  report: DiagnosticReport,
  sources: SourceLookup,
  options: TextOptions = {},
): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const blocks = report.diagnostics.map((d) => renderOne(d, sources(d.file), c).join('\n'));
  const summary = summaryLine(report.summary);
  const painted =
    report.summary.errors > 0
      ? c.red.bold(summary)
      : report.summary.warnings > 0
        ? c.yellow(summary)
        : c.green(summary);
  return [...blocks, painted].join('\n\n') + '\n';
}

function renderOne(d: Diagnostic, source: string | undefined, c: ChalkInstance): string[] {
  const tone = severityColour(d.severity, c);
  const lines = [
    `${c.bold(location(d.file, d.range.start))}: ${tone.bold(d.severity)}: ${c.bold(d.summary)} ${c.dim(`[${d.code}]`)}`,
  ];
  if (source !== undefined)
    lines.push(...codeFrame(source, d.range, { gutter: (t) => c.dim(t), marker: (t) => tone(t) }));
  if (d.detail) lines.push(...d.detail.split('\n').map((l) => `  ${l}`));
  if (d.fix) lines.push(`  ${c.cyan('fix:')} ${d.fix}`);
  for (const related of d.related ?? []) lines.push(`  ${c.dim('note:')} ${relatedLine(related)}`);
  return lines;
}

function relatedLine(related: RelatedLocation): string {
  return `${related.message} (${location(related.ref.file, related.ref.range.start)})`;
}

function location(file: string, start: { line: number; column: number }): string {
  return `${file}:${start.line}:${start.column}`;
}

function severityColour(severity: Severity, c: ChalkInstance): ChalkInstance {
  return severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.blue;
}
