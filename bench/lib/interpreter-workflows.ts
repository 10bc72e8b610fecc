/**
 * Workflow bundle of bench/interpreter.mjs: the interpreter, and the baseline it is compared with,
 * a hand-written workflow calling the same `runAction` activity for the same ten steps with the
 * same activity options, and nothing else (no run log of its own, no search attributes).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { ActionRequest, ActionResult, RuntimeActivities } from '../../src/runtime/contract.js';

export { automationRun } from '../../src/runtime/workflows/index.js';

/** Calls runAction once per request, in order, each with its step id as activity id. */
export async function handWrittenRun(requests: ActionRequest[]): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const request of requests) {
    const { runAction } = proxyActivities<RuntimeActivities>({
      activityId: request.stepId,
      startToCloseTimeout: request.timeoutMs + 10_000,
      heartbeatTimeout: 20_000,
      retry: { initialInterval: 1000, backoffCoefficient: 2, maximumInterval: 30_000, maximumAttempts: 4 },
    });
    results.push(await runAction(request));
  }
  return results;
}
