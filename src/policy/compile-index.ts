/**
 * Compiling policies into an index by (agent, tool), so a decision looks at the policies that can
 * apply to the call and never scans the whole list. Four buckets hold every policy once per tool it
 * names: (agent, tool), (agent, every tool), (every agent, tool), (every agent, every tool); the
 * candidates of a pair are the union of its four buckets in file order, cached per pair.
 */
import { compileCel } from '../cel/index.js';
import type { AgentPolicyIR, PolicyType } from '../ir/types.js';
import { type CounterWindow, MODEL_TOOL } from './types.js';

/** A policy ready to evaluate: its IR, its position, and why it is unusable (then it blocks). */
export interface CompiledPolicy {
  name: string;
  type: PolicyType;
  /** Position in the input list: candidates are reported in this order. */
  order: number;
  ir: AgentPolicyIR;
  /** Set when the policy cannot be evaluated; a call it covers is blocked (fail closed). */
  invalid?: string;
  /** Cache of the last counting window (rate_limit, token_budget), filled by the evaluation. */
  lastWindow?: WindowCache;
}

/** A policy's current counting window with what is derived from it (reason text, counter keys by agent). */
export interface WindowCache {
  timeZone: string;
  start: number;
  end: number;
  window: CounterWindow;
  /** The reason text after the count, e.g. `of 50 calls used in day 2026-11-27, resets ...`. */
  where: string;
  keys: Map<string, string>;
}

/** The index `decide` reads. Treat as opaque; build it with compilePolicies. */
export interface PolicyIndex {
  size: number;
  /** Every policy in file order. */
  all: CompiledPolicy[];
  /** agent -> tool -> policies naming both. */
  exact: Map<string, Map<string, CompiledPolicy[]>>;
  /** agent -> policies of that agent without `tools`. */
  agentAnyTool: Map<string, CompiledPolicy[]>;
  /** tool -> policies without `agent` naming the tool. */
  anyAgentTool: Map<string, CompiledPolicy[]>;
  /** Policies with neither `agent` nor `tools`. */
  anyAgentAnyTool: CompiledPolicy[];
  /** agent -> tool -> merged candidates. */
  cache: Map<string, Map<string, CompiledPolicy[]>>;
}

const ANY = '';
const MAX_CACHED_AGENTS = 10_000;
const TYPES: ReadonlySet<string> = new Set([
  'tool_block',
  'tool_require_approval',
  'field_restriction',
  'rate_limit',
  'token_budget',
]);

/** Builds the index of a workspace's policies. Never throws: a broken policy is kept and blocks. */
export function compilePolicies(policies: readonly AgentPolicyIR[]): PolicyIndex {
  const index: PolicyIndex = {
    size: policies.length,
    all: [],
    exact: new Map(),
    agentAnyTool: new Map(),
    anyAgentTool: new Map(),
    anyAgentAnyTool: [],
    cache: new Map(),
  };
  policies.forEach((ir, order) => {
    const compiled: CompiledPolicy = { name: ir.metadata.name, type: ir.type, order, ir };
    const invalid = problemOf(ir);
    if (invalid) compiled.invalid = invalid;
    index.all.push(compiled);
    for (const tool of toolsOf(ir)) insert(index, ir.agent ?? ANY, tool, compiled);
  });
  return index;
}

/**
 * The tools a policy is filed under. token_budget policies cover model calls only (MODEL_TOOL);
 * the other types cover tool calls only, so the every-tool bucket never meets a model call.
 */
function toolsOf(ir: AgentPolicyIR): string[] {
  if (ir.type === 'token_budget') return [MODEL_TOOL];
  if (!ir.tools || ir.tools.length === 0) return [ANY];
  return [...new Set(ir.tools)];
}

function insert(index: PolicyIndex, agent: string, tool: string, policy: CompiledPolicy): void {
  if (agent === ANY && tool === ANY) index.anyAgentAnyTool.push(policy);
  else if (agent === ANY) push(index.anyAgentTool, tool, policy);
  else if (tool === ANY) push(index.agentAnyTool, agent, policy);
  else {
    let byTool = index.exact.get(agent);
    if (!byTool) {
      byTool = new Map();
      index.exact.set(agent, byTool);
    }
    push(byTool, tool, policy);
  }
}

function push(map: Map<string, CompiledPolicy[]>, key: string, policy: CompiledPolicy): void {
  const list = map.get(key);
  if (list) list.push(policy);
  else map.set(key, [policy]);
}

/** The policies that may apply to (agent, tool), in file order. */
export function candidatesFor(index: PolicyIndex, agent: string, tool: string): CompiledPolicy[] {
  // Nested maps, not an `agent+tool` string key: no string is built per decision.
  let byTool = index.cache.get(agent);
  const hit = byTool?.get(tool);
  if (hit) return hit;
  const model = tool === MODEL_TOOL;
  const lists = [
    index.exact.get(agent)?.get(tool),
    model ? undefined : index.agentAnyTool.get(agent),
    index.anyAgentTool.get(tool),
    model ? undefined : index.anyAgentAnyTool,
  ];
  const merged = lists.flatMap((l) => l ?? []).sort((a, b) => a.order - b.order);
  if (!byTool) {
    if (index.cache.size >= MAX_CACHED_AGENTS) index.cache.clear();
    byTool = new Map();
    index.cache.set(agent, byTool);
  }
  byTool.set(tool, merged);
  return merged;
}

/** Why a policy cannot be evaluated as written, or undefined. The compiler reports these too. */
function problemOf(ir: AgentPolicyIR): string | undefined {
  if (!TYPES.has(ir.type)) return `unknown policy type "${ir.type}"`;
  if (ir.when) {
    const parsed = compileCel(ir.when.cel);
    if (!parsed.ok) return `\`when\` does not parse: ${parsed.error.message}`;
  }
  if (ir.type === 'field_restriction' && !ir.read && !ir.write)
    return 'a field_restriction needs `read`, `write` or both';
  if (ir.type === 'rate_limit' || ir.type === 'token_budget') {
    if (!(typeof ir.limit === 'number' && ir.limit >= 0))
      return `a ${ir.type} needs a non-negative \`limit\``;
    if (!(typeof ir.perMs === 'number' && ir.perMs > 0)) return `a ${ir.type} needs a positive \`per\``;
  }
  return undefined;
}
