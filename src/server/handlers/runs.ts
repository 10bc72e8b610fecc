/**
 * Run routes: the run log (RunStore), one run with its steps and notes, and the decisions that need
 * Temporal (approve, reject, cancel, retry) through the same functions the CLI commands use
 * (src/runtime/approvals.ts, src/runtime/run-control.ts, src/runtime/run-retry.ts).
 */
import { decideApproval } from '../../runtime/approvals.js';
import { cancelRun } from '../../runtime/run-control.js';
import { assertRetryable, RunRetryError, retryRun } from '../../runtime/run-retry.js';
import type { RunFilter, RunRecord, RunStatus } from '../../workspace/runs/types.js';
import { ApiError, badRequest, notFound } from '../api-error.js';
import type { RouteContext } from '../context.js';
import { intParam, listParam, strParam } from '../http.js';

const STATUSES = new Set(['PENDING', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED']);
const FINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED']);

/** RunFilter from query parameters (shared by /runs and /crm/automations/{name}/runs). */
export function runFilter(query: URLSearchParams, automation?: string): RunFilter {
  const status = listParam(query, 'status');
  for (const s of status ?? []) if (!STATUSES.has(s)) throw badRequest(`unknown run status "${s}"`);
  return {
    automation: automation ?? strParam(query, 'automation'),
    status: status as RunStatus[] | undefined,
    eventIds: listParam(query, 'eventId'),
    since: strParam(query, 'since'),
    until: strParam(query, 'before'),
    limit: intParam(query, 'limit', undefined, 1, 10_000),
  };
}

export async function listRuns(ctx: RouteContext) {
  return {
    status: 200,
    body: { runs: await ctx.workspace.backend.runtime.runs.listRuns(runFilter(ctx.query)) },
  };
}

/** How many runs match (`aexy automations status` counts a month's skipped and failed runs). */
export async function countRuns(ctx: RouteContext) {
  const status = strParam(ctx.query, 'status');
  if (status && !STATUSES.has(status)) throw badRequest(`unknown run status "${status}"`);
  const count = await ctx.workspace.backend.runtime.runs.countRuns({
    automation: strParam(ctx.query, 'automation'),
    status: status as RunStatus | undefined,
    reason: strParam(ctx.query, 'reason'),
    since: strParam(ctx.query, 'since'),
  });
  return { status: 200, body: { count } };
}

/** Runs an automation has used of its monthly run limit in a period (`2026-11`). */
export async function runLimitUsage(ctx: RouteContext) {
  const period = strParam(ctx.query, 'period');
  if (!period || !/^\d{4}-\d{2}$/.test(period)) throw badRequest('period must be a month like 2026-11');
  const used = await ctx.workspace.backend.runtime.counters.usedRuns(ctx.params.name, period);
  return { status: 200, body: { automation: ctx.params.name, period, used } };
}

async function requireRun(ctx: RouteContext): Promise<RunRecord> {
  const run = await ctx.workspace.backend.runtime.runs.getRun(ctx.params.id);
  if (!run) throw notFound(`no run ${ctx.params.id} in this workspace`);
  return run;
}

export async function showRun(ctx: RouteContext) {
  const run = await requireRun(ctx);
  const runs = ctx.workspace.backend.runtime.runs;
  const [steps, notes] = await Promise.all([runs.steps(run.id), runs.notes(run.id)]);
  return { status: 200, body: { run, steps, notes } };
}

function openRun(run: RunRecord, verb: string): void {
  if (FINAL.has(run.status))
    throw new ApiError(409, 'conflict', `run ${run.id} is ${run.status}: nothing to ${verb}`, {
      status: run.status,
    });
}

interface DecisionBody {
  stepId?: string;
  comment?: string;
  by?: string;
  timeoutMs?: number;
}

/** `approve` and `reject`: the Temporal update the CLI's `aexy approve` sends. */
export function decide(decision: 'approve' | 'reject') {
  return async (ctx: RouteContext) => {
    const run = await requireRun(ctx);
    openRun(run, decision);
    const body = (ctx.body ?? {}) as DecisionBody;
    // The token is the identity the server can vouch for; a name the client gives is kept beside it,
    // never instead of it, so a run's approval always says which credential made it.
    const token = `token:${ctx.token.name}`;
    const by = body.by ? `${body.by} via ${token}` : token;
    const client = await ctx.services.temporal();
    const runs = ctx.workspace.backend.runtime.runs;
    // timeoutMs is capped by the DecisionRequest schema (120 s): a request cannot hold the server longer.
    const { stepId, comment, timeoutMs } = body;
    const request = { runId: run.id, decision, stepId, comment, by, timeoutMs };
    const outcome = await decideApproval({ runs, client }, request);
    return { status: 200, body: { runId: run.id, comment: body.comment ?? null, ...outcome } };
  };
}

export async function cancel(ctx: RouteContext) {
  const run = await requireRun(ctx);
  openRun(run, 'cancel');
  const body = (ctx.body ?? {}) as { timeoutMs?: number; reason?: string };
  const client = await ctx.services.temporal();
  const runs = ctx.workspace.backend.runtime.runs;
  const result = await cancelRun(client, runs, run, body.timeoutMs ?? 30_000);
  // Who cancelled and why stays with the run (`aexy runs show` lists notes).
  const by = `token:${ctx.token.name}`;
  const note = `cancelled by ${by}${body.reason ? `: ${body.reason}` : ''}`;
  await runs.addNote({
    runId: run.id,
    stepKey: null,
    note,
    data: { by, reason: body.reason ?? null },
    at: new Date().toISOString(),
  });
  return { status: 200, body: result };
}

/**
 * `retry`: a new run of a finished run's automation (current version) with its event, linked by
 * `retryOf`; the server appends and routes the event itself, as `aexy runs retry` does locally.
 */
export async function retry(ctx: RouteContext) {
  const run = await requireRun(ctx);
  try {
    assertRetryable(run); // refused before Temporal is needed
    const backend = ctx.workspace.backend;
    const deps = {
      client: await ctx.services.temporal(),
      store: backend.store,
      stores: backend.runtime,
      settings: ctx.services.runtimeSettings(ctx.workspace.name),
      claimant: `serve:token:${ctx.token.name}`,
    };
    return { status: 200, body: await retryRun(deps, run) };
  } catch (error) {
    if (!(error instanceof RunRetryError)) throw error;
    throw new ApiError(409, 'conflict', error.message, { status: run.status }, error.hint);
  }
}
