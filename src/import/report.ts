/** Collects the import's diagnostics, all reported against the input file with a path into it. */
import { type Diagnostic, NO_RANGE, type Severity } from '../diagnostics/diagnostic.js';

export class Report {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly file: string) {}

  error(code: string, summary: string, path: string, fix?: string): void {
    this.add('error', code, summary, path, fix);
  }

  warning(code: string, summary: string, path: string, fix?: string): void {
    this.add('warning', code, summary, path, fix);
  }

  info(code: string, summary: string, path: string, fix?: string): void {
    this.add('info', code, summary, path, fix);
  }

  private add(severity: Severity, code: string, summary: string, path: string, fix?: string): void {
    this.diagnostics.push({
      code,
      severity,
      summary,
      detail: `at ${path}`,
      file: this.file,
      range: NO_RANGE,
      path,
      ...(fix ? { fix } : {}),
    });
  }
}
