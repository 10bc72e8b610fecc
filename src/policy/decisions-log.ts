/**
 * The decisions log: every decision the engine makes is recorded (time, agent, run, tool,
 * arguments with secrets redacted, outcome, matched policies, reason), allow included, so
 * `aexy policy decisions` can show what agents tried and why it was or was not allowed.
 */
import type { Decision, Outcome, PolicyCall, PolicyVerdict } from './types.js';

/** One recorded decision. */
export interface DecisionRecord {
  /** Store-assigned, increasing. */
  id?: number;
  /** ISO instant of the decision. */
  at: string;
  agent: string;
  /** The agent run (workflow) the call belongs to, when there is one. */
  run?: string;
  tool: string;
  /** The call's arguments with secrets replaced by `[REDACTED]`. */
  args: unknown;
  outcome: Outcome;
  matched: PolicyVerdict[];
  reason: string;
}

export interface DecisionFilter {
  agent?: string;
  outcome?: Outcome;
  run?: string;
  /** Newest first, at most this many (default 100). */
  limit?: number;
}

/** Where decisions are recorded. Async so a remote store fits the same shape. */
export interface DecisionLog {
  record(entry: DecisionRecord): Promise<number>;
  list(filter?: DecisionFilter): Promise<DecisionRecord[]>;
}

const REDACTED = '[REDACTED]';
/** Argument keys whose values are secrets whatever they hold. */
const SECRET_KEY = /secret|password|passwd|token|api[-_]?key|authorization|credential|private[-_]?key/i;

/**
 * The arguments with secrets removed: values under secret-looking keys, and every occurrence of a
 * known secret value (the resolved `secrets.*` of the run) inside strings.
 */
export function redactArgs(value: unknown, secrets: readonly string[] = []): unknown {
  const known = secrets.filter((s) => s.length >= 4);
  const visit = (v: unknown): unknown => {
    if (typeof v === 'string') return known.reduce((s, secret) => s.split(secret).join(REDACTED), v);
    if (Array.isArray(v)) return v.map(visit);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[k] = SECRET_KEY.test(k) ? REDACTED : visit(inner);
      return out;
    }
    return v;
  };
  return visit(value);
}

/** The log entry of a decision. */
export function decisionRecord(
  call: PolicyCall,
  decision: Decision,
  meta: { at: string; run?: string; secrets?: readonly string[] },
): DecisionRecord {
  const entry: DecisionRecord = {
    at: meta.at,
    agent: call.agent,
    tool: call.tool,
    args: redactArgs(call.args, meta.secrets),
    outcome: decision.outcome,
    matched: decision.matched,
    reason: decision.reason,
  };
  if (meta.run) entry.run = meta.run;
  return entry;
}
