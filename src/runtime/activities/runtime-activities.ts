/**
 * createRuntimeActivities: the activities the interpreter workflow calls (see RuntimeActivities in
 * contract.ts), written against the ports. runAction writes its own RUNNING / RETRYING / SUCCESS /
 * FAILED rows (plus any progress piggy-backed on the request), resolves secrets, enforces the step
 * timeout, heartbeats (so a killed worker's attempt is retried quickly), and decides retryability from
 * the step's policy: only the named error classes, and only while attempts remain.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import {
  type ActionRequest,
  type ActionResult,
  type AgentRequest,
  type ProgressEntry,
  RUNTIME_ERROR_TYPES,
  type RuntimeActivities,
  stepKeyOf,
} from '../contract.js';
import { dryRunHandler } from './dry-run.js';
import { ActionError, classifyError } from './errors.js';
import { type ActionContext, type ActionHandler, type RuntimePorts, writeProgress } from './ports.js';
import { recordActionHandlers } from './record-actions.js';
import { redact, resolveSecrets, secretFromEnv } from './secrets.js';

/** One action attempt as the runner sees it. */
interface Attempt {
  request: ActionRequest | AgentRequest;
  stepKind: 'action' | 'agent';
  attempt: number;
  retryOn: string[];
  maxAttempts: number;
}

export function createRuntimeActivities(ports: RuntimePorts): RuntimeActivities {
  const records = recordActionHandlers(ports.records);
  const handlers = { ...records, ...ports.handlers };
  const now = () => (ports.now?.() ?? new Date()).toISOString();
  const log = (entries: ProgressEntry[]) => writeProgress(ports.runLog, entries);

  async function execute(a: Attempt, handler: ActionHandler): Promise<ActionResult> {
    const { request } = a;
    const stepKey = stepKeyOf(request.stepId, request.iterationKey);
    const base = {
      kind: 'step' as const,
      runId: request.runId,
      stepId: request.stepId,
      stepKey,
      stepKind: a.stepKind,
      attempt: a.attempt,
    };
    await log(request.progress ?? []);
    const done = await ports.idempotency?.get(request.idempotencyKey);
    if (done) {
      await log([{ ...base, status: 'SUCCESS', at: now(), output: done.output }]);
      return { output: done.output, attempt: a.attempt, replayed: true };
    }
    await log([{ ...base, status: a.attempt > 1 ? 'RETRYING' : 'RUNNING', at: now(), input: request.input }]);
    const used = new Set<string>();
    try {
      const input = resolveSecrets(request.input, ports.secret ?? secretFromEnv, used) as Record<
        string,
        unknown
      >;
      const output = redact(await withDeadline(request, a, input, handler), used);
      await ports.idempotency?.put(request.idempotencyKey, output);
      await log([{ ...base, status: 'SUCCESS', at: now(), output }]);
      return { output, attempt: a.attempt, replayed: false };
    } catch (error) {
      if (error instanceof CancelledFailure) {
        // The workflow no longer wants this step (a parallel join was satisfied, the run was cancelled).
        await log([
          {
            ...base,
            status: 'SKIPPED',
            at: now(),
            error: { type: 'cancelled', message: error.message, retryable: false },
          },
        ]);
        throw error;
      }
      const failure = redact(classifyError(error), used);
      const retry = failure.retryable && a.retryOn.includes(failure.type) && a.attempt < a.maxAttempts;
      const logged = { type: failure.type, message: failure.message, retryable: retry };
      await log([{ ...base, status: retry ? 'RETRYING' : 'FAILED', at: now(), error: logged }]);
      throw ApplicationFailure.create({
        type: failure.type,
        message: failure.message,
        nonRetryable: !retry,
        nextRetryDelay: retry ? failure.nextRetryDelayMs : undefined,
        details: [{ logged: true, retryable: retry }],
      });
    }
  }

  /** Runs the handler with the step timeout, heartbeats and cancellation wired to an AbortSignal. */
  async function withDeadline(
    request: Attempt['request'],
    a: Attempt,
    input: Record<string, unknown>,
    handler: ActionHandler,
  ) {
    const context = Context.current();
    const controller = new AbortController();
    const cancelled = context.cancelled.catch((reason) => {
      controller.abort(reason);
      throw reason;
    });
    const beat = setInterval(
      () => context.heartbeat(),
      Math.max(200, (context.info.heartbeatTimeoutMs ?? 30_000) / 3),
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new ActionError('timeout', `the step did not finish within ${request.timeoutMs} ms`));
      }, request.timeoutMs);
    });
    const ctx = actionContext(request, a.attempt, controller.signal);
    try {
      return await Promise.race([handler(input, ctx), deadline, cancelled]);
    } finally {
      clearInterval(beat);
      clearTimeout(timer);
    }
  }

  return {
    async runAction(request) {
      // A dry run never reaches a side-effecting handler (record actions simulate their own writes).
      const handler = request.dryRun
        ? dryRunHandler(
            request,
            handlers[request.action],
            handlers[request.action] === records[request.action],
          )
        : handlers[request.action];
      const attempt = Context.current().info.attempt;
      const missing: ActionHandler = async () => {
        throw new ActionError(
          RUNTIME_ERROR_TYPES.unknownAction,
          `no handler for action ${request.action} is installed in this worker`,
        );
      };
      return execute(
        { request, stepKind: 'action', attempt, retryOn: request.retryOn, maxAttempts: request.maxAttempts },
        handler ?? missing,
      );
    },
    async runAgent(request) {
      const attempt = Context.current().info.attempt;
      const agents = ports.agents;
      const handler: ActionHandler = agents
        ? (input, ctx) => agents(request.agent, input, ctx)
        : async () => {
            throw new ActionError(
              RUNTIME_ERROR_TYPES.agentUnavailable,
              `agents are not available yet: agent ${request.agent} cannot run`,
            );
          };
      return execute(
        {
          request,
          stepKind: 'agent',
          attempt,
          retryOn: ['timeout', 'rate_limit', 'server_error', 'connection_error'],
          maxAttempts: 1,
        },
        handler,
      );
    },
    async recordProgress(batch) {
      await log(batch);
    },
  };
}

function actionContext(
  request: ActionRequest | AgentRequest,
  attempt: number,
  signal: AbortSignal,
): ActionContext {
  return {
    idempotencyKey: request.idempotencyKey,
    runId: request.runId,
    stepId: request.stepId,
    stepKey: stepKeyOf(request.stepId, request.iterationKey),
    dryRun: request.dryRun,
    attempt,
    workspace: request.workspace,
    automation: request.automation,
    causation: 'causation' in request ? request.causation : [request.runId],
    record: 'record' in request ? request.record : undefined,
    signal,
  };
}
