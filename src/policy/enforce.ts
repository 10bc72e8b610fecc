/**
 * The whole enforcement protocol for one call, as the agent runtime runs it (in an activity):
 * preview the counters, decide, reserve atomically, record the decision. Pure apart from the
 * injected stores (PolicyCounterStore, DecisionLog), so any store implementation fits.
 */
import type { PolicyIndex } from './compile-index.js';
import {
  type CounterRequest,
  counterRequests,
  counterView,
  EMPTY_COUNTERS,
  type PolicyCounterStore,
} from './counters.js';
import { afterReservation, decide, failClosed } from './decide.js';
import { type DecisionLog, decisionRecord } from './decisions-log.js';
import type { DecideOptions, Decision, PolicyCall, Reservation } from './types.js';

/** What enforcing a call needs besides the call itself. */
export interface EnforceContext {
  index: PolicyIndex;
  counters: PolicyCounterStore;
  log: DecisionLog;
  options: DecideOptions;
  /** The agent run the call belongs to, for the log. */
  run?: string;
  /** Resolved secret values of the run, redacted from the logged arguments. */
  secrets?: readonly string[];
}

/**
 * Decides a call and, when it may run now (ALLOW), reserves its counters. REQUIRE_APPROVAL
 * reserves nothing yet: call `reserveApproved` once a person approves. The final decision is
 * recorded. A store failure blocks the call (fail closed) and is recorded too.
 */
export async function enforceCall(ctx: EnforceContext, call: PolicyCall): Promise<Decision> {
  let decision: Decision;
  try {
    decision = await decideWithStore(ctx, call);
    if (decision.outcome === 'ALLOW') decision = await reserve(ctx, decision);
  } catch (error) {
    decision = failClosed(`policy evaluation failed: ${(error as Error)?.message ?? String(error)}`);
  }
  return recorded(ctx, call, decision);
}

/**
 * Records the decision. A decision that cannot be recorded does not run: its reservations are
 * returned and the call is blocked (fail closed), and the error propagates in the reason.
 */
async function recorded(ctx: EnforceContext, call: PolicyCall, decision: Decision): Promise<Decision> {
  try {
    await record(ctx, call, decision);
    return decision;
  } catch (error) {
    // Only an ALLOW holds reservations (REQUIRE_APPROVAL lists them but has not made them yet).
    if (decision.outcome === 'ALLOW')
      await releaseReservations(ctx.counters, decision).catch(() => undefined);
    return failClosed(`the decision could not be recorded: ${(error as Error)?.message ?? String(error)}`);
  }
}

/** After an approval: reserves the decision's counters; a refusal makes it RATE_LIMITED or BLOCK. */
export async function reserveApproved(
  ctx: EnforceContext,
  call: PolicyCall,
  approved: Decision,
): Promise<Decision> {
  let decision: Decision;
  try {
    const refused = await ctx.counters.reserveAll(counterRequests(approved.reservations));
    // The approval policies are satisfied: they now say ALLOW, so only the counters can refuse.
    const matched = approved.matched.map((v) =>
      v.outcome === 'REQUIRE_APPROVAL'
        ? { ...v, outcome: 'ALLOW' as const, reason: `${v.reason}: approved` }
        : v,
    );
    const asAllowed: Decision = {
      ...approved,
      outcome: 'ALLOW',
      matched,
      reason: 'approved',
      approval: undefined,
    };
    decision =
      refused.length === 0 ? asAllowed : afterReservation(asAllowed, pick(approved.reservations, refused));
  } catch (error) {
    decision = failClosed(`counter reservation failed: ${(error as Error)?.message ?? String(error)}`);
  }
  return recorded(ctx, call, decision);
}

/**
 * After a model call: replaces the reserved token estimates by the real usage (0 when the call did
 * not run), so the budget counts what was really spent.
 */
export async function settleTokens(
  counters: PolicyCounterStore,
  decision: Decision,
  actualTokens: number,
): Promise<void> {
  for (const r of decision.reservations)
    if (r.type === 'token_budget') await counters.settle(r.key, r.amount, actualTokens);
}

/** Releases every reservation of a call that did not run after all (cancelled, failed to start). */
export async function releaseReservations(counters: PolicyCounterStore, decision: Decision): Promise<void> {
  for (const r of decision.reservations) await counters.settle(r.key, r.amount, 0);
}

/** Decides twice: once to learn which counters the call touches, then with their current counts. */
async function decideWithStore(ctx: EnforceContext, call: PolicyCall): Promise<Decision> {
  const first = decide(ctx.index, call, EMPTY_COUNTERS, ctx.options);
  if (first.reservations.length === 0) return first;
  const counts = await ctx.counters.readMany(first.reservations.map((r) => r.key));
  return decide(ctx.index, call, counterView(counts), ctx.options);
}

async function reserve(ctx: EnforceContext, decision: Decision): Promise<Decision> {
  if (decision.reservations.length === 0) return decision;
  const requests: CounterRequest[] = counterRequests(decision.reservations);
  const refused = await ctx.counters.reserveAll(requests);
  return refused.length === 0 ? decision : afterReservation(decision, pick(decision.reservations, refused));
}

function pick(reservations: readonly Reservation[], keys: readonly string[]): Reservation[] {
  return reservations.filter((r) => keys.includes(r.key));
}

async function record(ctx: EnforceContext, call: PolicyCall, decision: Decision): Promise<void> {
  const at = new Date(instant(ctx.options.now)).toISOString();
  await ctx.log.record(decisionRecord(call, decision, { at, run: ctx.run, secrets: ctx.secrets }));
}

function instant(now: DecideOptions['now']): number {
  const ms = now instanceof Date ? now.getTime() : typeof now === 'string' ? Date.parse(now) : now;
  return Number.isFinite(ms) ? ms : 0;
}
