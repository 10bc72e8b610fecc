/**
 * GitHub Actions workflow commands, one per diagnostic, so findings show up as annotations on the
 * pull request's changed lines:
 *   ::error file=flows/a.yaml,line=6,col=3,endLine=6,endColumn=10,title=schema/unknown-key::Unknown key...
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { type DiagnosticReport, summaryLine } from './report.js';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** One workflow command per diagnostic, then the plain summary line for the log. */
export function renderGithub(report: DiagnosticReport): string {
  const lines = report.diagnostics.map(annotation);
  lines.push(summaryLine(report.summary));
  return `${lines.join('\n')}\n`;
}

/** The workflow command for one diagnostic. */
export function annotation(d: Diagnostic): string {
  const { start, end } = d.range;
  const properties = [
    ['file', d.file],
    ['line', String(start.line)],
    ['col', String(start.column)],
    ['endLine', String(end.line)],
    ['endColumn', String(end.column)],
    ['title', d.code],
  ]
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${COMMAND[d.severity]} ${properties}::${escapeData(message(d))}`;
}

function message(d: Diagnostic): string {
  const parts = [d.summary];
  if (d.detail) parts.push(d.detail);
  if (d.fix) parts.push(`fix: ${d.fix}`);
  return parts.join('\n');
}

/** Message text: `%`, CR and LF are percent-encoded (GitHub's toCommandValue rules). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally encode `:` and `,`, which delimit the properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
