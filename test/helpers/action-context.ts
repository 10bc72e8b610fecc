/**
 * An ActionContext for calling action handlers directly in transport tests (what runAction passes).
 */
import type { ActionContext } from '../../src/runtime/activities/ports.js';

let counter = 0;

/** A context for one step execution; a fresh run id unless overridden. */
export function makeActionContext(overrides: Partial<ActionContext> = {}): ActionContext {
  counter++;
  const runId = overrides.runId ?? `run_test_${process.pid}_${counter}`;
  const stepKey = overrides.stepKey ?? overrides.stepId ?? 'step';
  return {
    idempotencyKey: `${runId}:${stepKey}`,
    runId,
    stepId: stepKey,
    stepKey,
    dryRun: false,
    attempt: 1,
    workspace: 'test',
    automation: 'transport-test',
    causation: [runId],
    signal: new AbortController().signal,
    ...overrides,
  };
}
