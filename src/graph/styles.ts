/** Change markers a caller (e.g. plan's Markdown) may put on steps: drawn in both renderers. */
export type StepStyle = 'added' | 'removed' | 'changed';

export interface RenderOptions {
  /** Step id -> how to highlight it. */
  styles?: ReadonlyMap<string, StepStyle>;
}

/** Fill and stroke colours per marker (green, red, amber). */
export const STYLE_COLORS: Record<StepStyle, { fill: string; stroke: string }> = {
  added: { fill: '#dcfce7', stroke: '#16a34a' },
  removed: { fill: '#fee2e2', stroke: '#dc2626' },
  changed: { fill: '#fef9c3', stroke: '#ca8a04' },
};
