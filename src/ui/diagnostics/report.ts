/**
 * The JSON form of a set of diagnostics: the `--output json` envelope, and the single input of every
 * other renderer (text, GitHub annotations, SARIF), so the formats cannot drift apart.
 */
import { type Diagnostic, sortDiagnostics } from '../../diagnostics/diagnostic.js';

/** Same number as FORMAT_VERSION in src/commands/output.ts (a test keeps them equal). */
export const DIAGNOSTICS_FORMAT_VERSION = 1;

export interface DiagnosticSummary {
  errors: number;
  warnings: number;
  infos: number;
  /** Files checked. */
  files: number;
}

/** `{formatVersion: 1, kind: 'diagnostics', diagnostics, summary}`. */
export interface DiagnosticReport {
  formatVersion: number;
  kind: 'diagnostics';
  diagnostics: Diagnostic[];
  summary: DiagnosticSummary;
}

/** Sorts the diagnostics, normalises their key order, and counts them. */
export function buildReport(diagnostics: readonly Diagnostic[], files: number): DiagnosticReport {
  const sorted = sortDiagnostics([...diagnostics]).map(normalise);
  const count = (severity: Diagnostic['severity']) => sorted.filter((d) => d.severity === severity).length;
  return {
    formatVersion: DIAGNOSTICS_FORMAT_VERSION,
    kind: 'diagnostics',
    diagnostics: sorted,
    summary: { errors: count('error'), warnings: count('warning'), infos: count('info'), files },
  };
}

/** The `--output json` text: the report, pretty-printed, one trailing newline. */
export function renderJson(report: DiagnosticReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** "2 errors, 1 warning in 3 files" or "no problems in 3 files". */
export function summaryLine(summary: DiagnosticSummary): string {
  const parts = [
    plural(summary.errors, 'error'),
    plural(summary.warnings, 'warning'),
    plural(summary.infos, 'note'),
  ];
  const found = parts.filter((_, i) => [summary.errors, summary.warnings, summary.infos][i] > 0);
  const where = `in ${plural(summary.files, 'file')}`;
  return found.length === 0 ? `no problems ${where}` : `${found.join(', ')} ${where}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Fixed key order and no undefined keys, so JSON output and golden files are stable. */
function normalise(d: Diagnostic): Diagnostic {
  const out: Diagnostic = {
    code: d.code,
    severity: d.severity,
    summary: d.summary,
    file: d.file,
    range: d.range,
  };
  if (d.detail !== undefined) out.detail = d.detail;
  if (d.path !== undefined) out.path = d.path;
  if (d.fix !== undefined) out.fix = d.fix;
  if (d.related !== undefined && d.related.length > 0) out.related = d.related;
  return out;
}
