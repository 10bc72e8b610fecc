/**
 * Deciding one call: every candidate policy from the index is evaluated, the most restrictive
 * outcome of those that apply wins (BLOCK > REQUIRE_APPROVAL > RATE_LIMITED > ALLOW), whatever the
 * order of the files. Anything that goes wrong while deciding blocks the call (fail closed).
 */
import { candidatesFor, type PolicyIndex } from './compile-index.js';
import { type EvalContext, evaluatePolicy } from './evaluate-policy.js';
import {
  type CounterView,
  type DecideOptions,
  type Decision,
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
    const ctx: EvalContext = {
      call,
      counters,
      now: instant(options.now),
      timeZone: options.timeZone ?? 'UTC',
    };
    return combine(candidatesFor(index, call.agent, call.tool), ctx);
  } catch (error) {
    return failClosed(`policy evaluation failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

function instant(now: DecideOptions['now']): number {
  const ms = now instanceof Date ? now.getTime() : typeof now === 'string' ? Date.parse(now) : now;
  if (!Number.isFinite(ms)) throw new Error(`invalid decision time: ${String(now)}`);
  return ms;
}

function combine(policies: ReturnType<typeof candidatesFor>, ctx: EvalContext): Decision {
  const considered: PolicyVerdict[] = [];
  const matched: PolicyVerdict[] = [];
  const reservations: Reservation[] = [];
  const decision: Decision = {
    outcome: 'ALLOW',
    matched,
    considered,
    reason: '',
    reservations,
    readMasks: [],
  };
  for (const policy of policies) {
    const effect = evaluatePolicy(policy, ctx);
    considered.push(effect.verdict);
    if (!effect.verdict.matched) continue;
    matched.push(effect.verdict);
    if (OUTCOME_RANK[effect.verdict.outcome] > OUTCOME_RANK[decision.outcome])
      decision.outcome = effect.verdict.outcome;
    if (effect.reservation) reservations.push(effect.reservation);
    if (effect.readMask) decision.readMasks.push(effect.readMask);
    if (effect.verdict.outcome === 'REQUIRE_APPROVAL') addApproval(decision, policy.ir.approval, policy.name);
  }
  return finish(decision);
}

/** Several approval policies: every approver may decide, and the shortest timeout applies. */
function addApproval(
  decision: Decision,
  approval: { approvers: string[]; timeoutMs: number } | undefined,
  name: string,
): void {
  const current = decision.approval ?? { policies: [], approvers: [], timeoutMs: 0 };
  current.policies.push(name);
  for (const a of approval?.approvers ?? []) if (!current.approvers.includes(a)) current.approvers.push(a);
  const t = approval?.timeoutMs ?? 0;
  if (t > 0 && (current.timeoutMs === 0 || t < current.timeoutMs)) current.timeoutMs = t;
  decision.approval = current;
}

function finish(decision: Decision): Decision {
  // A call that will not run reserves nothing; one that waits for approval reserves when approved.
  if (decision.outcome === 'BLOCK' || decision.outcome === 'RATE_LIMITED') decision.reservations = [];
  if (decision.outcome !== 'REQUIRE_APPROVAL') delete decision.approval;
  decision.reason = reasonOf(decision.outcome, decision.matched);
  return decision;
}

function reasonOf(outcome: Outcome, matched: PolicyVerdict[]): string {
  if (matched.length === 0) return 'no policy applies';
  const deciding = matched.filter((v) => v.outcome === outcome);
  if (outcome === 'ALLOW') return `allowed by ${matched.map((v) => v.policy).join(', ')}`;
  return deciding.map((v) => `${v.policy}: ${v.reason}`).join('; ');
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
  return finish({ ...decision, outcome, matched, reservations: [] });
}
