/**
 * Deciding one call: every candidate policy from the index is evaluated, the most restrictive
 * outcome of those that apply wins (BLOCK > REQUIRE_APPROVAL > RATE_LIMITED > ALLOW), whatever the
 * order of the files. Anything that goes wrong while deciding blocks the call (fail closed).
 */
import { type CompiledPolicy, candidatesFor, type PolicyIndex } from './compile-index.js';
import { type EvalContext, evaluatePolicy } from './evaluate-policy.js';
import {
  type CounterView,
  type DecideOptions,
  type Decision,
  type FieldMask,
  OUTCOME_RANK,
  type Outcome,
  type PolicyCall,
  type PolicyVerdict,
  type Reservation,
} from './types.js';

/** Decides `call` against the index; `counters` previews rate limits and budgets. Never throws. */
export function decide(
  index: PolicyIndex,
  call: PolicyCall,
  counters: CounterView,
  options: DecideOptions,
): Decision {
  try {
    return decideAmong(candidatesFor(index, call.agent, call.tool), call, counters, options);
  } catch (error) {
    return failClosed(`policy evaluation failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

/**
 * Decides `call` against an explicit list of candidate policies (those whose scope covers the
 * call). `decide` passes the index's candidates; the benchmark passes a linear scan's.
 */
export function decideAmong(
  candidates: readonly CompiledPolicy[],
  call: PolicyCall,
  counters: CounterView,
  options: DecideOptions,
): Decision {
  try {
    const now = instant(options.now);
    const timeZone = options.timeZone ?? 'UTC';
    return combine(candidates, { call, counters, now, timeZone, reservations: [], readMasks: [] });
  } catch (error) {
    return failClosed(`policy evaluation failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

function instant(now: DecideOptions['now']): number {
  const ms = now instanceof Date ? now.getTime() : typeof now === 'string' ? Date.parse(now) : now;
  if (!Number.isFinite(ms)) throw new Error(`invalid decision time: ${String(now)}`);
  return ms;
}

function combine(policies: readonly CompiledPolicy[], ctx: EvalContext): Decision {
  const considered: PolicyVerdict[] = [];
  const matched: PolicyVerdict[] = [];
  const approvals: CompiledPolicy[] = [];
  let outcome: Outcome = 'ALLOW';
  for (const policy of policies) {
    const verdict = evaluatePolicy(policy, ctx);
    considered.push(verdict);
    if (!verdict.matched) continue;
    matched.push(verdict);
    if (OUTCOME_RANK[verdict.outcome] > OUTCOME_RANK[outcome]) outcome = verdict.outcome;
    if (verdict.outcome === 'REQUIRE_APPROVAL') approvals.push(policy);
  }
  const approval = outcome === 'REQUIRE_APPROVAL' ? approvalOf(approvals) : undefined;
  return finish(outcome, matched, considered, ctx.reservations, ctx.readMasks, approval);
}

/** Several approval policies: every approver may decide, and the shortest timeout applies. */
function approvalOf(policies: CompiledPolicy[]): NonNullable<Decision['approval']> {
  const approval = { policies: [] as string[], approvers: [] as string[], timeoutMs: 0 };
  for (const policy of policies) {
    approval.policies.push(policy.name);
    for (const a of policy.ir.approval?.approvers ?? [])
      if (!approval.approvers.includes(a)) approval.approvers.push(a);
    const t = policy.ir.approval?.timeoutMs ?? 0;
    if (t > 0 && (approval.timeoutMs === 0 || t < approval.timeoutMs)) approval.timeoutMs = t;
  }
  return approval;
}

/** Assembles a decision in one object shape (the hot path must not reshape objects). */
function finish(
  outcome: Outcome,
  matched: PolicyVerdict[],
  considered: PolicyVerdict[],
  reservations: Reservation[],
  readMasks: FieldMask[],
  approval?: Decision['approval'],
): Decision {
  // A call that will not run reserves nothing; one that waits for approval reserves when approved.
  const reserve = outcome === 'BLOCK' || outcome === 'RATE_LIMITED' ? [] : reservations;
  const reason = reasonOf(outcome, matched);
  return { outcome, matched, considered, reason, reservations: reserve, readMasks, approval };
}

function reasonOf(outcome: Outcome, matched: PolicyVerdict[]): string {
  if (matched.length === 0) return 'no policy applies';
  // The verdicts carry each policy's reason; the summary of an ALLOW stays short (hot path).
  if (outcome === 'ALLOW')
    return matched.length === 1 ? `allowed by ${matched[0].policy}` : `allowed by ${matched.length} policies`;
  let reason = '';
  for (const v of matched)
    if (v.outcome === outcome) reason += `${reason ? '; ' : ''}${v.policy}: ${v.reason}`;
  return reason;
}

/** The decision for a call that could not be evaluated: BLOCK, with the error as the reason. */
export function failClosed(reason: string): Decision {
  const verdict: PolicyVerdict = {
    policy: '(engine)',
    type: 'tool_block',
    matched: true,
    outcome: 'BLOCK',
    reason,
  };
  return {
    outcome: 'BLOCK',
    matched: [verdict],
    considered: [verdict],
    reason,
    reservations: [],
    readMasks: [],
  };
}

/**
 * The decision after the caller tried to reserve its counters: a reservation the store refused
 * (another call took the last unit meanwhile) turns the outcome into RATE_LIMITED for a rate limit
 * and BLOCK for a token budget, like the preview would have.
 */
export function afterReservation(decision: Decision, refused: readonly Reservation[]): Decision {
  if (refused.length === 0) return decision;
  const verdicts: PolicyVerdict[] = refused.map((r) => ({
    policy: r.policy,
    type: r.type,
    matched: true,
    outcome: r.type === 'rate_limit' ? 'RATE_LIMITED' : 'BLOCK',
    reason: `limit of ${r.limit} reached in ${r.window.unit} ${r.window.label} (reservation refused)`,
  }));
  const matched = [
    ...decision.matched.filter((v) => !refused.some((r) => r.policy === v.policy)),
    ...verdicts,
  ];
  const outcome = matched.reduce<Outcome>(
    (o, v) => (OUTCOME_RANK[v.outcome] > OUTCOME_RANK[o] ? v.outcome : o),
    'ALLOW',
  );
  const approval = outcome === 'REQUIRE_APPROVAL' ? decision.approval : undefined;
  return finish(outcome, matched, decision.considered, [], decision.readMasks, approval);
}
