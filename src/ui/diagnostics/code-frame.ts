/**
 * The code frame under a text diagnostic: the line before, the line of the range, and a caret
 * underline beneath the range.
 *
 *      5 | spec:
 *      6 |   tirgger:
 *        |   ^^^^^^^
 */
import type { SourceRange } from '../../diagnostics/diagnostic.js';

/** Applies colour (or nothing) to parts of the frame. */
export interface FramePaint {
  gutter(text: string): string;
  marker(text: string): string;
}

const plain: FramePaint = { gutter: (t) => t, marker: (t) => t };

/** Frame lines (without trailing newlines), or none when the range is outside the source. */
export function codeFrame(source: string, range: SourceRange, paint: FramePaint = plain): string[] {
  const lines = source.split(/\r?\n/);
  const lineNo = range.start.line;
  if (lineNo < 1 || lineNo > lines.length) return [];
  const first = Math.max(1, lineNo - 1);
  const width = String(lineNo).length;
  const out: string[] = [];
  for (let n = first; n <= lineNo; n++) {
    const text = visible(lines[n - 1]);
    out.push(`${paint.gutter(`  ${String(n).padStart(width)} |`)}${text === '' ? '' : ` ${text}`}`);
  }
  const line = lines[lineNo - 1];
  const start = Math.min(Math.max(range.start.column, 1), line.length + 1);
  const end = range.end.line === lineNo ? range.end.column : line.length + 1;
  const length = Math.max(1, Math.min(end, line.length + 1) - start);
  out.push(
    `${paint.gutter(`  ${' '.repeat(width)} |`)} ${' '.repeat(start - 1)}${paint.marker('^'.repeat(length))}`,
  );
  return out;
}

/** Tabs shown as one visible character so the caret still lines up by column. */
function visible(line: string): string {
  return line.replace(/\t/g, '→');
}
