/**
 * What one policy says about one call: whether it applies (`when`), and if so its outcome and
 * reason; what it adds to the decision (a counter reservation, a read mask) goes into the context.
 * Evaluation errors become a BLOCK with the error in the reason (fail closed).
 */
import { evaluateCondition } from '../cel/index.js';
import type { CompiledPolicy, WindowCache } from './compile-index.js';
import { covers, touchedFields } from './fields.js';
import type { CounterView, FieldMask, PolicyCall, PolicyVerdict, Reservation } from './types.js';
import { windowFor } from './windows.js';

/** Context shared by every policy of one decision. */
export interface EvalContext {
  call: PolicyCall;
  counters: CounterView;
  now: number;
  timeZone: string;
  /** The call's touched field paths, computed once per decision by the first field restriction. */
  touched?: string[];
  /** The CEL activation of `when` (`args`, `agent`, `tool`), built once per decision. */
  activation?: Record<string, unknown>;
  /** Collected by the evaluation: counter reservations of applicable counted policies. */
  reservations: Reservation[];
  /** Collected by the evaluation: read masks of applicable field restrictions. */
  readMasks: FieldMask[];
}

/** Evaluates `policy` against the call (adding reservations and read masks to ctx); never throws. */
export function evaluatePolicy(policy: CompiledPolicy, ctx: EvalContext): PolicyVerdict {
  try {
    if (policy.invalid) return blocked(policy, `policy cannot be evaluated: ${policy.invalid}`);
    const when = checkWhen(policy, ctx);
    if (when) return when;
    return applyType(policy, ctx);
  } catch (error) {
    return blocked(policy, `evaluation failed: ${(error as Error)?.message ?? String(error)}`);
  }
}

function blocked(policy: CompiledPolicy, reason: string): PolicyVerdict {
  return verdict(policy, true, 'BLOCK', reason);
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
function checkWhen(policy: CompiledPolicy, ctx: EvalContext): PolicyVerdict | undefined {
  const when = policy.ir.when;
  if (!when) return undefined;
  const { call } = ctx;
  ctx.activation ??= { args: call.args, agent: call.agent, tool: call.tool };
  const result = evaluateCondition(when.cel, ctx.activation);
  if (!result.ok) return blocked(policy, `\`when\` failed: ${result.error.message}`);
  if (result.value) return undefined;
  return verdict(policy, false, 'ALLOW', `\`when\` is false: ${when.cel}`);
}

function applyType(policy: CompiledPolicy, ctx: EvalContext): PolicyVerdict {
  switch (policy.type) {
    case 'tool_block':
      return blocked(policy, `tool ${ctx.call.tool} is blocked for ${ctx.call.agent}`);
    case 'tool_require_approval':
      return verdict(policy, true, 'REQUIRE_APPROVAL', `tool ${ctx.call.tool} needs a person's approval`);
    case 'field_restriction':
      return fieldRestriction(policy, ctx);
    case 'rate_limit':
      return counted(policy, ctx, 1, 'RATE_LIMITED');
    case 'token_budget':
      return counted(policy, ctx, ctx.call.estimatedTokens ?? 0, 'BLOCK');
    default:
      return blocked(policy, `unknown policy type "${policy.type}"`);
  }
}

// Constant reasons: the hot path should not build the same string for every call.
const UNRESTRICTED = {
  read: 'no `read` list: reads are not restricted',
  write: 'no `write` list: writes are not restricted',
};
const WITHIN = { read: 'read touches only allowed fields', write: 'write touches only allowed fields' };

/** Writes must touch only fields in `write`; reads may only name fields in `read` and are masked by it. */
function fieldRestriction(policy: CompiledPolicy, ctx: EvalContext): PolicyVerdict {
  const access = ctx.call.access ?? 'write';
  const mask = access === 'read' ? policy.ir.read : policy.ir.write;
  if (!mask) return verdict(policy, true, 'ALLOW', UNRESTRICTED[access]);
  ctx.touched ??= touchedFields(ctx.call.args);
  const outside = ctx.touched.filter((path) => !covers(mask, path));
  if (access === 'read') ctx.readMasks.push(mask);
  return outside.length > 0
    ? blocked(policy, `${access} touches fields outside the allow-list: ${outside.join(', ')}`)
    : verdict(policy, true, 'ALLOW', WITHIN[access]);
}

/** The policy's counting window at `now`, cached on the policy while `now` stays inside it (hot path). */
function windowOf(policy: CompiledPolicy, ctx: EvalContext): WindowCache {
  const last = policy.lastWindow;
  if (last && last.timeZone === ctx.timeZone && ctx.now >= last.start && ctx.now < last.end) return last;
  const window = windowFor(policy.ir.perMs as number, ctx.now, ctx.timeZone);
  // Everything of the reason but the count: `<used> of 50 calls used in day 2026-11-27, resets ...`.
  const unit = policy.type === 'rate_limit' ? 'calls' : 'tokens';
  const where = `of ${policy.ir.limit} ${unit} used in ${window.unit} ${window.label}, resets ${window.end}`;
  const cache: WindowCache = {
    timeZone: ctx.timeZone,
    start: Date.parse(window.start),
    end: Date.parse(window.end),
    window,
    where,
    keys: new Map(),
  };
  policy.lastWindow = cache;
  return cache;
}

/** The counter key of the call's agent in the cached window (built once per agent and window). */
function keyOf(policy: CompiledPolicy, cache: WindowCache, agent: string): string {
  let key = cache.keys.get(agent);
  if (key === undefined) {
    key = counterKey(policy.name, policy.type, agent, cache.window.start);
    cache.keys.set(agent, key);
  }
  return key;
}

/**
 * The counter of a policy in a window. A rate limit counts each agent separately (a policy without
 * `agent` caps every agent at `limit`); a token budget is one pool for every agent it covers.
 */
export function counterKey(policy: string, type: string, agent: string, windowStart: string): string {
  return type === 'rate_limit' ? `${policy}/${agent}@${windowStart}` : `${policy}@${windowStart}`;
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
): PolicyVerdict {
  const limit = policy.ir.limit as number;
  const cache = windowOf(policy, ctx);
  const key = keyOf(policy, cache, ctx.call.agent);
  const used = ctx.counters.used(key);
  if (!fits(used, amount, limit)) {
    const asked = policy.type === 'token_budget' ? ` (this call needs ${amount})` : '';
    return verdict(policy, true, over, `${used} ${cache.where}${asked}`);
  }
  const type = policy.type as Reservation['type'];
  ctx.reservations.push({ policy: policy.name, type, key, amount, limit, window: cache.window });
  return verdict(policy, true, 'ALLOW', `${used} ${cache.where}`);
}
