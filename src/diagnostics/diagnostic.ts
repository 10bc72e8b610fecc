/**
 * The one type for every finding aexy reports: schema errors, semantic rule violations, loader
 * problems, plan warnings. Renderers (text, JSON, GitHub annotations, SARIF, Markdown) all start
 * from this shape, so the formats cannot drift apart.
 */
export type Severity = 'error' | 'warning' | 'info';

/** A 1-based line/column position in a source file. */
export interface Position {
  line: number;
  column: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

/** Where a value came from: the file, the range, and the JSON-pointer-like path inside the document. */
export interface SourceRef {
  file: string;
  range: SourceRange;
  /** Path inside the YAML document, e.g. `spec.workflow.steps[2].with.to`. */
  path?: string;
}

export interface RelatedLocation {
  message: string;
  ref: SourceRef;
}

export interface Diagnostic {
  /** Stable `area/rule` code, e.g. `schema/unknown-key`, `dag/cycle`, `ref/unknown-step`. */
  code: string;
  severity: Severity;
  /** A short title. */
  summary: string;
  /** Where, why, and how to fix it. */
  detail?: string;
  file: string;
  range: SourceRange;
  path?: string;
  related?: RelatedLocation[];
  /** A concrete suggestion, e.g. "did you mean `send_email`?" */
  fix?: string;
}

/** Every pipeline stage returns its value and what it found: accumulate, don't throw. */
export interface Result<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export const NO_RANGE: SourceRange = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Deterministic order: file, line, column, severity, code, summary. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    cmp(a.file, b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    severityOrder[a.severity] - severityOrder[b.severity] ||
    cmp(a.code, b.code) ||
    cmp(a.summary, b.summary)
  );
}

export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
