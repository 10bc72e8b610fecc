/**
 * The vocabulary of the policy engine: the call being decided, the decision, and what a decision
 * asks the counter store to reserve. Plain JSON so decisions can be logged, printed and passed
 * through Temporal payloads unchanged.
 */
import type { PolicyType } from '../ir/types.js';

/** The four outcomes, most restrictive first (see OUTCOME_RANK). */
export type Outcome = 'BLOCK' | 'REQUIRE_APPROVAL' | 'RATE_LIMITED' | 'ALLOW';

/** Higher wins: BLOCK > REQUIRE_APPROVAL > RATE_LIMITED > ALLOW, whatever the order of the files. */
export const OUTCOME_RANK: Record<Outcome, number> = {
  ALLOW: 0,
  RATE_LIMITED: 1,
  REQUIRE_APPROVAL: 2,
  BLOCK: 3,
};

/**
 * The pseudo tool name of a model call (one chat-completions request of an agent). Only
 * token_budget policies apply to it, and token_budget policies apply to nothing else. The `@`
 * keeps it apart from registry ids, which are snake_case.
 */
export const MODEL_TOOL = '@model';

/** Whether a tool call reads records or writes them; decides which field list applies. */
export type Access = 'read' | 'write';

/** One call an agent wants to make. */
export interface PolicyCall {
  agent: string;
  tool: string;
  args: Record<string, unknown>;
  /**
   * `read` for tools without side effects (registry `sideEffect: false`), else `write`. Absent:
   * `write`, the stricter reading (fail closed).
   */
  access?: Access;
  /** Model calls only: the tokens reserved before the call (settled afterwards). */
  estimatedTokens?: number;
}

/** Read-only access to the counters, for a decision's preview of rate limits and budgets. */
export interface CounterView {
  /** What has been counted (reserved or settled) under `key`; 0 when nothing was. */
  used(key: string): number;
}

/** A calendar (or fixed) counting window; `start` inclusive, `end` exclusive, ISO instants. */
export interface CounterWindow {
  unit: 'hour' | 'day' | 'week' | 'month' | 'fixed';
  start: string;
  end: string;
  /** Human label in the workspace time zone, e.g. `2026-11-27`, `2026-W48`, `2026-11`. */
  label: string;
}

/** A counter increment the caller must reserve atomically before the call runs. */
export interface Reservation {
  policy: string;
  type: 'rate_limit' | 'token_budget';
  /**
   * Counter key: `<policy>/<agent>@<window start ISO>` for a rate limit (each agent counts
   * separately), `<policy>@<window start ISO>` for a token budget (one pool for every agent).
   */
  key: string;
  amount: number;
  limit: number;
  window: CounterWindow;
}

/** What one policy said about one call. */
export interface PolicyVerdict {
  policy: string;
  type: PolicyType;
  /** True when the policy applies to this call (scope and `when` hold). */
  matched: boolean;
  outcome: Outcome;
  reason: string;
}

/** An allow-list of field paths (FieldMask semantics: a path covers its sub-fields). */
export type FieldMask = readonly string[];

/** The result of deciding one call. */
export interface Decision {
  outcome: Outcome;
  /** The policies that applied to the call, with what each said. */
  matched: PolicyVerdict[];
  /** Every policy the index handed to the decision (matched or not), for `aexy policy eval`. */
  considered: PolicyVerdict[];
  /** One sentence: why the outcome is what it is. */
  reason: string;
  /** Counters to reserve before running the call (only when the outcome is ALLOW or REQUIRE_APPROVAL). */
  reservations: Reservation[];
  /** Read masks of matching field restrictions: apply every one to the tool's result (filterToolResult). */
  readMasks: FieldMask[];
  /** Approval settings of the policy that asks for approval (the strictest timeout wins). */
  approval?: { policies: string[]; approvers: string[]; timeoutMs: number };
}

/** What the engine needs besides the call: the clock and the workspace time zone. */
export interface DecideOptions {
  /** Decision time (ISO string, epoch ms or Date); windows are computed from it. */
  now: Date | string | number;
  /** IANA time zone of the workspace; default UTC. */
  timeZone?: string;
}
