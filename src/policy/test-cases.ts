/**
 * Policy test cases (`aexy policy test`): YAML lists of calls and the outcome each must get, run
 * against the project's policies in CI. Pure: the command reads the files and prints the results.
 *
 * ```yaml
 * - name: external email needs approval     # optional
 *   call: { agent: outreach, tool: send_email, args: { to: lead@example.com } }
 *   expect: REQUIRE_APPROVAL
 *   now: 2026-11-27T12:00:00Z               # optional; default 2026-01-01T12:00:00Z (fixed, reproducible)
 *   counters: { email-cap: 50 }             # optional: used units per policy in the window of `now`
 *   matched: [external-email]               # optional: exactly these policies must match
 * ```
 * A file may also be a mapping with a `tests:` list.
 */
import type { AgentPolicyIR } from '../ir/types.js';
import type { PolicyIndex } from './compile-index.js';
import { counterView } from './counters.js';
import { decide } from './decide.js';
import { counterKey } from './evaluate-policy.js';
import { type Access, type Decision, OUTCOME_RANK, type Outcome, type PolicyCall } from './types.js';
import { windowFor } from './windows.js';

/** A parsed test case; `path` locates it in its file (e.g. `[2]` or `tests[2]`). */
export interface PolicyTestCase {
  name: string;
  file: string;
  path: Array<string | number>;
  call: PolicyCall;
  expect: Outcome;
  now: string;
  counters: Record<string, number>;
  matched?: string[];
}

export interface PolicyTestProblem {
  file: string;
  path: Array<string | number>;
  message: string;
}

export interface PolicyTestResult {
  case: PolicyTestCase;
  pass: boolean;
  actual: Outcome;
  /** What differs, one line each (empty when it passed). */
  diff: string[];
  decision: Decision;
}

export const DEFAULT_TEST_NOW = '2026-01-01T12:00:00Z';
const OUTCOMES = Object.keys(OUTCOME_RANK) as Outcome[];

/** Reads the test cases of one YAML document; problems are reported, not thrown. */
export function parseTestCases(
  file: string,
  data: unknown,
  access: (tool: string) => Access,
): { cases: PolicyTestCase[]; problems: PolicyTestProblem[] } {
  const wrapped = isMap(data) && Array.isArray(data.tests);
  const list = wrapped ? (data as { tests: unknown[] }).tests : data;
  const prefix: Array<string | number> = wrapped ? ['tests'] : [];
  if (!Array.isArray(list))
    return {
      cases: [],
      problems: [{ file, path: [], message: 'a policy test file is a list of cases (or `tests:` with one)' }],
    };
  const cases: PolicyTestCase[] = [];
  const problems: PolicyTestProblem[] = [];
  list.forEach((raw, i) => {
    const path = [...prefix, i];
    const parsed = parseCase(raw, file, path, access);
    if (typeof parsed === 'string') problems.push({ file, path, message: parsed });
    else cases.push(parsed);
  });
  return { cases, problems };
}

function parseCase(
  raw: unknown,
  file: string,
  path: Array<string | number>,
  access: (tool: string) => Access,
): PolicyTestCase | string {
  if (!isMap(raw) || !isMap(raw.call)) return 'a case needs `call: {agent, tool, args}` and `expect`';
  const { agent, tool, args } = raw.call;
  if (typeof agent !== 'string' || typeof tool !== 'string') return '`call` needs `agent` and `tool` strings';
  if (args !== undefined && !isMap(args)) return '`call.args` must be a mapping';
  if (!OUTCOMES.includes(raw.expect as Outcome)) return `\`expect\` must be one of ${OUTCOMES.join(', ')}`;
  const call: PolicyCall = { agent, tool, args: (args as Record<string, unknown>) ?? {} };
  call.access = raw.call.access === 'read' || raw.call.access === 'write' ? raw.call.access : access(tool);
  if (typeof raw.call.estimatedTokens === 'number') call.estimatedTokens = raw.call.estimatedTokens;
  const now =
    raw.now instanceof Date
      ? raw.now.toISOString()
      : typeof raw.now === 'string'
        ? raw.now
        : DEFAULT_TEST_NOW;
  if (!Number.isFinite(Date.parse(now))) return `\`now\` is not a date: ${now}`;
  const counters = isMap(raw.counters) ? (raw.counters as Record<string, number>) : {};
  const name = typeof raw.name === 'string' ? raw.name : `${agent} ${tool} -> ${raw.expect}`;
  const matched = Array.isArray(raw.matched) ? raw.matched.map(String) : undefined;
  return {
    name,
    file,
    path,
    call,
    expect: raw.expect as Outcome,
    now,
    counters,
    ...(matched ? { matched } : {}),
  };
}

/** Runs one case: the decision, and what differs from the expectation. */
export function runTestCase(
  index: PolicyIndex,
  policies: readonly AgentPolicyIR[],
  test: PolicyTestCase,
  timeZone = 'UTC',
): PolicyTestResult {
  const counts = new Map<string, number>();
  for (const p of policies) {
    const used = test.counters[p.metadata.name];
    if (used !== undefined && p.perMs) {
      const window = windowFor(p.perMs, Date.parse(test.now), timeZone);
      counts.set(counterKey(p.metadata.name, p.type, test.call.agent, window.start), Number(used));
    }
  }
  const decision = decide(index, test.call, counterView(counts), { now: test.now, timeZone });
  const diff: string[] = [];
  if (decision.outcome !== test.expect)
    diff.push(`- expect: ${test.expect}`, `+ actual: ${decision.outcome}`);
  if (test.matched) {
    const actual = decision.matched.map((m) => m.policy).sort();
    const wanted = [...test.matched].sort();
    if (actual.join('\n') !== wanted.join('\n'))
      diff.push(`- matched: [${wanted.join(', ')}]`, `+ matched: [${actual.join(', ')}]`);
  }
  return { case: test, pass: diff.length === 0, actual: decision.outcome, diff, decision };
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
