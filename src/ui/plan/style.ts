/** Colour hooks for the plan renderers; plain identity functions when colour is off. */
export interface PlanStyle {
  add(s: string): string;
  remove(s: string): string;
  change(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const same = (s: string) => s;

export const PLAIN: PlanStyle = { add: same, remove: same, change: same, bold: same, dim: same };

/** Short rendering of a JSON value for one-line diffs (long values are cut). */
export function formatValue(value: unknown, max = 80): string {
  const text = value === undefined ? '(none)' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
