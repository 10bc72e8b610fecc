/**
 * What one policy says about one call: whether it applies (`when`), and if so its outcome, reason,
 * and what it adds to the decision (a counter reservation, a read mask, approval settings).
 * Evaluation errors become a BLOCK with the error in the reason (fail closed).
 */
import { evaluateCondition } from '../cel/index.js';
import type { CompiledPolicy } from './compile-index.js';
import { uncoveredFields } from './fields.js';
import type { CounterView, FieldMask, PolicyCall, PolicyVerdict, Reservation } from './types.js';
import { windowFor } from './windows.js';

/** A verdict plus what the decision must collect from it. */
export interface PolicyEffect {
  verdict: PolicyVerdict;
  reservation?: Reservation;
  readMask?: FieldMask;
}

/** Context shared by every policy of one decision. */
export interface EvalContext {
  call: PolicyCall;
  counters: CounterView;
  now: number;
  timeZone: string;
}

/** Evaluates `policy` against the call; never throws. */
export function evaluatePolicy(policy: CompiledPolicy, ctx: EvalContext): PolicyEffect {
  try {
    if (policy.invalid) return blocked(policy, `policy cannot be evaluated: ${policy.invalid}`);
    const when = checkWhen(policy, ctx.call);
    if (when) return when;
    return applyType(policy, ctx);
  } catch (error) {
    return blocked(policy, `evaluation failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

function blocked(policy: CompiledPolicy, reason: string): PolicyEffect {
  return { verdict: verdict(policy, true, 'BLOCK', reason) };
}

function verdict(
  policy: CompiledPolicy,
  matched: boolean,
  outcome: PolicyVerdict['outcome'],
  reason: string,
): PolicyVerdict {
  return { policy: policy.name, type: policy.type, matched, outcome, reason };
}

/** Undefined when `when` is absent or true; the not-matched or blocked effect otherwise. */
function checkWhen(policy: CompiledPolicy, call: PolicyCall): PolicyEffect | undefined {
  const when = policy.ir.when;
  if (!when) return undefined;
  const result = evaluateCondition(when.cel, { args: call.args, agent: call.agent, tool: call.tool });
  if (!result.ok) return blocked(policy, `\`when\` failed: ${result.error.message}`);
  if (result.value) return undefined;
  return { verdict: verdict(policy, false, 'ALLOW', `\`when\` is false: ${when.cel}`) };
}

function applyType(policy: CompiledPolicy, ctx: EvalContext): PolicyEffect {
  switch (policy.type) {
    case 'tool_block':
      return blocked(policy, `tool ${ctx.call.tool} is blocked for ${ctx.call.agent}`);
    case 'tool_require_approval':
      return {
        verdict: verdict(policy, true, 'REQUIRE_APPROVAL', `tool ${ctx.call.tool} needs a person's approval`),
      };
    case 'field_restriction':
      return fieldRestriction(policy, ctx.call);
    case 'rate_limit':
      return counted(policy, ctx, 1, 'RATE_LIMITED');
    case 'token_budget':
      return counted(policy, ctx, ctx.call.estimatedTokens ?? 0, 'BLOCK');
    default:
      return blocked(policy, `unknown policy type "${policy.type}"`);
  }
}

/** Writes must touch only fields in `write`; reads may only name fields in `read` and are masked by it. */
function fieldRestriction(policy: CompiledPolicy, call: PolicyCall): PolicyEffect {
  const access = call.access ?? 'write';
  const mask = access === 'read' ? policy.ir.read : policy.ir.write;
  if (!mask)
    return {
      verdict: verdict(policy, true, 'ALLOW', `no \`${access}\` list: ${access}s are not restricted`),
    };
  const outside = uncoveredFields(call.args, mask);
  const effect: PolicyEffect =
    outside.length > 0
      ? blocked(policy, `${access} touches fields outside the allow-list: ${outside.join(', ')}`)
      : { verdict: verdict(policy, true, 'ALLOW', `${access} touches only allowed fields`) };
  if (access === 'read') effect.readMask = mask;
  return effect;
}

/** True when `amount` more fits: the counter is below the limit and stays within it. */
export function fits(used: number, amount: number, limit: number): boolean {
  return used < limit && used + amount <= limit;
}

function counted(
  policy: CompiledPolicy,
  ctx: EvalContext,
  amount: number,
  over: 'RATE_LIMITED' | 'BLOCK',
): PolicyEffect {
  const limit = policy.ir.limit as number;
  const window = windowFor(policy.ir.perMs as number, ctx.now, ctx.timeZone);
  const key = `${policy.name}@${window.start}`;
  const used = ctx.counters.used(key);
  const unit = policy.type === 'rate_limit' ? 'calls' : 'tokens';
  const where = `in ${window.unit} ${window.label}, resets ${window.end}`;
  if (!fits(used, amount, limit)) {
    const asked = policy.type === 'token_budget' ? ` (this call needs ${amount})` : '';
    return { verdict: verdict(policy, true, over, `${used} of ${limit} ${unit} used ${where}${asked}`) };
  }
  const type = policy.type as Reservation['type'];
  return {
    verdict: verdict(policy, true, 'ALLOW', `${used} of ${limit} ${unit} used ${where}`),
    reservation: { policy: policy.name, type, key, amount, limit, window },
  };
}
