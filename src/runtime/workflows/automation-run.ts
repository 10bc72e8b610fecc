/**
 * `automationRun`: the deterministic interpreter workflow. It runs the immutable automation version
 * passed at start: on_start agents, conditions (not met: SKIPPED with reason `conditions`),
 * on_condition_match agents, then the steps. Run status goes to the run log (batched, see
 * ProgressEntry) and to the AexyRunStatus search attribute.
 */
import {
  allHandlersFinished,
  CancellationScope,
  continueAsNew,
  isCancellation,
  upsertSearchAttributes,
  condition as waitFor,
  workflowInfo,
} from '@temporalio/workflow';
import type { Step, Target } from '../../ir/types.js';
import {
  type RunError,
  type RunInput,
  type RunMeta,
  type RunReason,
  type RunResult,
  SA_AUTOMATION,
  SA_RUN_STATUS,
  SA_WORKSPACE,
} from '../contract.js';
import { condition } from './activation.js';
import { ActivityCaller } from './activity-calls.js';
import type { StepFailure } from './failure.js';
import { installHandlers } from './handlers.js';
import {
  type BlockOutcome,
  type Control,
  type Executors,
  type Interp,
  nestedControl,
  nowIso,
  type ResumeSegment,
  runBlock,
  runTarget,
  type Scope,
} from './interpreter.js';
import { RunState } from './run-state.js';
import { runAgentStep, runHooks } from './steps/agent.js';
import { runApproval } from './steps/approval.js';
import { runLoop } from './steps/loop.js';
import { runParallel } from './steps/parallel.js';
import { runAction, runIf, runSet, runSwitch } from './steps/simple.js';
import { runWait } from './steps/wait.js';

export { approveUpdate, deliverEventSignal, runStateQuery } from './handlers.js';

const EXECUTORS: Executors = {
  action: runAction,
  if: runIf,
  switch: runSwitch,
  parallel: runParallel,
  loop: runLoop,
  wait: runWait,
  approval: runApproval,
  agent: runAgentStep,
  set: runSet,
};

type Final = { status: RunResult['status']; reason?: RunReason; error?: RunError };

export async function automationRun(input: RunInput): Promise<RunResult> {
  const state = new RunState(input, nowIso());
  const calls = new ActivityCaller(state);
  installHandlers(state, () => calls.flush());
  const interp = createInterp(state, calls);
  const root: Scope = {
    iterationKey: '',
    locals: {},
    steps: state.steps,
    path: [],
    canContinueAsNew: true,
    resume: input.continuation?.resume,
  };
  ensureSearchAttributes(input);
  try {
    const final = input.continuation ? await runSteps(interp, root) : await startRun(interp, root);
    return await finish(interp, final);
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() =>
        finish(interp, { status: 'CANCELLED', reason: 'cancelled' }),
      );
    }
    throw error;
  }
}

function createInterp(state: RunState, calls: ActivityCaller): Interp {
  const interp: Interp = {
    state,
    calls,
    runBlock: (steps: Step[], scope: Scope) => runBlock(steps, scope, interp, EXECUTORS),
    runTarget: (target: Target | undefined, scope: Scope) => runTarget(target, scope, interp),
    nested: (step: Step, control: Control, scope: Scope) => nestedControl(step, control, scope, interp),
    continueAsNew: (resume: ResumeSegment[]) => continueRun(interp, resume),
  };
  return interp;
}

function metaOf(input: RunInput): RunMeta {
  const info = workflowInfo();
  return {
    workspace: input.workspace,
    automation: input.automation.metadata.name,
    version: input.version,
    eventId: input.event.id,
    eventType: input.event.type,
    workflowId: info.workflowId,
    temporalRunId: info.runId,
    causation: input.causation,
    dryRun: input.dryRun === true,
  };
}

/** Starters should set the search attributes at start; set them here when they did not (one event). */
function ensureSearchAttributes(input: RunInput): void {
  if (workflowInfo().typedSearchAttributes.get(SA_WORKSPACE) !== undefined) return;
  upsertSearchAttributes([
    { key: SA_WORKSPACE, value: input.workspace },
    { key: SA_AUTOMATION, value: input.automation.metadata.name },
    { key: SA_RUN_STATUS, value: 'RUNNING' },
  ]);
}

async function startRun(interp: Interp, root: Scope): Promise<Final> {
  const { state } = interp;
  state.pending.push({
    kind: 'run',
    runId: state.runId,
    status: 'RUNNING',
    at: state.startedAt,
    meta: metaOf(state.input),
  });
  const hookFailure = await runHooks(interp, root, 'on_start');
  if (hookFailure) return failed(hookFailure);
  const conditions = state.automation.conditions;
  if (conditions) {
    try {
      if (!condition(state, root, conditions.cel, new Date()))
        return { status: 'SKIPPED', reason: 'conditions' };
    } catch (error) {
      return failed(error as StepFailure);
    }
  }
  const matchFailure = await runHooks(interp, root, 'on_condition_match');
  if (matchFailure) return failed(matchFailure);
  return runSteps(interp, root);
}

function failed(failure: StepFailure): Final {
  return {
    status: 'FAILED',
    reason: failure.error.type === 'agent_unavailable' ? 'agent_unavailable' : 'failed_step',
    error: failure.error,
  };
}

async function runSteps(interp: Interp, root: Scope): Promise<Final> {
  const outcome: BlockOutcome = await interp.runBlock(interp.state.automation.steps, root);
  if (outcome.kind === 'done') return { status: 'COMPLETED' };
  if (outcome.kind === 'end') return { status: 'COMPLETED', reason: 'end_jump' };
  return {
    status: 'FAILED',
    reason: outcome.error.type === 'explicit_fail' ? 'fail_jump' : 'failed_step',
    error: outcome.error,
  };
}

/** Waits for detached agents, writes the final status to the log and the search attribute. */
async function finish(interp: Interp, final: Final): Promise<RunResult> {
  const { state } = interp;
  await Promise.all(state.detached);
  const finishedAt = nowIso();
  state.setStatus(final.status, finishedAt, { reason: final.reason, error: final.error });
  // The final status must reach the run log: a few more tries (each with its own retries).
  let written = await interp.calls.flush();
  for (let tries = 1; !written && tries < 3; tries++) written = await interp.calls.flush();
  upsertSearchAttributes([{ key: SA_RUN_STATUS, value: final.status }]);
  return {
    runId: state.runId,
    status: final.status,
    reason: final.reason,
    error: final.error,
    vars: state.vars,
    startedAt: state.startedAt,
    finishedAt,
    continuedAsNew: state.continuedAsNew,
  };
}

/** Continues as new at a loop boundary, carrying variables, step results and buffered events. */
async function continueRun(interp: Interp, resume: ResumeSegment[]): Promise<never> {
  const { state } = interp;
  await Promise.all(state.detached);
  await waitFor(allHandlersFinished);
  state.note(nowIso(), 'continued as new', {
    data: { resume: resume.map((s) => ({ stepId: s.stepId, iteration: s.iteration })) },
  });
  await interp.calls.flush();
  return continueAsNew<typeof automationRun>({
    ...state.input,
    continuation: {
      resume,
      vars: state.vars,
      steps: state.steps.all(),
      bufferedEvents: state.events,
      seenEventIds: state.seenEventIds,
      startedAt: state.startedAt,
      continuedAsNew: state.continuedAsNew + 1,
    },
  });
}
