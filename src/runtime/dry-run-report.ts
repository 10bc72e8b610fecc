/**
 * The report of a dry run (`aexy run --dry-run`): per step, what it would have done. Side-effecting
 * actions are listed with the input they would have sent and the output the dry run used instead
 * (mock or registry example); waits with how long they would have waited.
 */
import type { AutomationIR, Step } from '../ir/types.js';
import type { StepRecord } from '../workspace/runs/types.js';
import { isSimulated } from './activities/dry-run.js';

/** One line of the report. */
export interface DryRunEntry {
  stepKey: string;
  kind: string;
  status: string;
  action?: string;
  /** True when the step was recorded but not performed. */
  simulated: boolean;
  input: unknown;
  output: unknown;
  error?: string;
}

/** Builds the report from the run's step log and the automation it ran. */
export function dryRunReport(automation: AutomationIR, steps: StepRecord[]): DryRunEntry[] {
  const actions = new Map<string, string>();
  const walk = (list: Step[]) => {
    for (const step of list) {
      if (step.kind === 'action') actions.set(step.id, step.action);
      for (const value of Object.values(step)) collect(value, walk);
    }
  };
  walk(automation.steps);
  return steps.map((s) => {
    const action = actions.get(s.stepId);
    return {
      stepKey: s.stepKey,
      kind: s.kind,
      status: s.status,
      ...(action ? { action } : {}),
      simulated: action !== undefined ? isSimulated(action) : s.kind === 'wait',
      input: s.input,
      output: s.output,
      ...(s.error ? { error: `${s.error.type}: ${s.error.message}` } : {}),
    };
  });
}

/** Nested step lists (then/else/branches/cases/do/...) wherever they sit in a step. */
function collect(value: unknown, walk: (steps: Step[]) => void): void {
  if (!value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (value.every((v) => v && typeof v === 'object' && 'kind' in v && 'id' in v)) walk(value as Step[]);
    else for (const v of value) collect(v, walk);
    return;
  }
  for (const v of Object.values(value)) collect(v, walk);
}

/** The report as text lines. */
export function renderDryRun(entries: DryRunEntry[]): string {
  const lines = entries.map((e) => {
    const what = e.action ? `${e.kind} ${e.action}` : e.kind;
    const mark = e.simulated ? 'would' : 'ran';
    const detail =
      e.kind === 'wait'
        ? ` ${JSON.stringify(e.output ?? {})}`
        : e.simulated
          ? ` with ${JSON.stringify(e.input ?? {})}`
          : '';
    return `  ${e.stepKey.padEnd(24)} ${e.status.padEnd(8)} ${mark} ${what}${detail}${e.error ? `  (${e.error})` : ''}`;
  });
  return `${lines.join('\n')}\n`;
}
