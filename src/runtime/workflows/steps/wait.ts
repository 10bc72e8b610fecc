/**
 * Wait steps: a duration, until a time (with an offset), or an event (delivered by the `deliverEvent`
 * signal and buffered, so one that arrives just after the wait began is never lost) with a timeout
 * path. The wait is written to the run log (WAITING with what it waits for) before blocking.
 */
import { sleep, condition as waitFor } from '@temporalio/workflow';
import type { WaitStep } from '../../../ir/types.js';
import { RUNTIME_ERROR_TYPES, type RunEvent } from '../../contract.js';
import { condition, evaluate } from '../activation.js';
import { StepFailure } from '../failure.js';
import { type Executor, type Interp, keyOf, type Scope } from '../interpreter.js';
import { childScope } from './simple.js';

/** The time an `until` expression names: an ISO string, epoch milliseconds or a CEL timestamp. */
function timeOf(value: unknown, cel: string): number {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    const message = `wait until \`${cel}\` must give a time (ISO string or timestamp), got ${JSON.stringify(value)}`;
    throw new StepFailure({ type: RUNTIME_ERROR_TYPES.expression, message, retryable: false });
  }
  return ms;
}

/** Registers the wait in the state and the run log, and flushes the log before blocking. */
async function beginWait(step: WaitStep, scope: Scope, interp: Interp, deadlineMs: number): Promise<string> {
  const { state } = interp;
  const stepKey = keyOf(step, scope);
  const since = new Date().toISOString();
  const deadline = new Date(deadlineMs).toISOString();
  const event = step.wait.mode === 'event' ? step.wait.event : undefined;
  state.waits.set(stepKey, { stepId: step.id, stepKey, mode: step.wait.mode, event, deadline, since });
  const input = { mode: step.wait.mode, event, deadline };
  state.stepProgress({ stepId: step.id, stepKey, stepKind: 'wait', status: 'WAITING', at: since, input });
  await interp.calls.flush();
  return stepKey;
}

function endWait(step: WaitStep, scope: Scope, interp: Interp, output: unknown): void {
  const stepKey = keyOf(step, scope);
  interp.state.waits.delete(stepKey);
  const at = new Date().toISOString();
  interp.state.stepProgress({ stepId: step.id, stepKey, stepKind: 'wait', status: 'SUCCESS', at, output });
  scope.steps.set(step.id, { status: 'SUCCESS', output });
}

export const runWait: Executor<WaitStep> = async (step, scope, interp) => {
  const spec = step.wait;
  const now = Date.now();
  if (spec.mode === 'event') return waitForEvent(step, spec, scope, interp);
  const until =
    spec.mode === 'duration'
      ? now + spec.durationMs
      : timeOf(evaluate(interp.state, scope, spec.until.cel, new Date(now)), spec.until.cel) + spec.offsetMs;
  await beginWait(step, scope, interp, Math.max(until, now));
  // A dry run skips waits in virtual time: it reports how long the real run would have waited.
  const dryRun = interp.state.input.dryRun === true;
  if (until > now && !dryRun) await sleep(until - now);
  endWait(step, scope, interp, { waitedMs: Math.max(0, until - now), ...(dryRun ? { virtual: true } : {}) });
  return { kind: 'next' };
};

type EventSpec = Extract<WaitStep['wait'], { mode: 'event' }>;

async function waitForEvent(
  step: WaitStep,
  spec: EventSpec,
  scope: Scope,
  interp: Interp,
): Promise<Parameters<typeof interp.nested>[1]> {
  const { state } = interp;
  await beginWait(step, scope, interp, Date.now() + spec.timeoutMs);
  if (state.input.dryRun) return dryRunEventWait(step, scope, interp);
  const rejected = new Set<string>();
  let found: RunEvent | undefined;
  let failure: StepFailure | undefined;
  const matches = (event: RunEvent): boolean => {
    if (event.type !== spec.event || rejected.has(event.id)) return false;
    if (!spec.match) return true;
    try {
      if (condition(state, { ...scope, extra: { event } }, spec.match.cel, new Date())) return true;
    } catch (error) {
      failure = error as StepFailure;
      return true;
    }
    rejected.add(event.id);
    return false;
  };
  const arrived = await waitFor(() => {
    found = state.events.find(matches);
    return found !== undefined || failure !== undefined;
  }, spec.timeoutMs);
  if (failure) throw failure;
  if (arrived && found) {
    state.consume(found.id);
    endWait(step, scope, interp, { timedOut: false, event: found });
    return { kind: 'next' };
  }
  endWait(step, scope, interp, { timedOut: true });
  return interp.nested(step, await interp.runTarget(step.onTimeout, childScope(step, scope)), scope);
}

/**
 * A dry run never blocks on an event: a mock for the step (`--mocks`) is the event that arrived,
 * otherwise the wait times out at once and its timeout path runs.
 */
async function dryRunEventWait(
  step: WaitStep,
  scope: Scope,
  interp: Interp,
): Promise<Parameters<typeof interp.nested>[1]> {
  const mocks = interp.state.input.mocks;
  if (mocks && step.id in mocks) {
    endWait(step, scope, interp, { timedOut: false, event: mocks[step.id], virtual: true });
    return { kind: 'next' };
  }
  endWait(step, scope, interp, { timedOut: true, virtual: true });
  return interp.nested(step, await interp.runTarget(step.onTimeout, childScope(step, scope)), scope);
}
