/**
 * The agent capability diff `aexy plan` shows: per agent, the tools and fields it gains or loses
 * through changes to agents or policies, flagged when an agent gains a side-effecting tool that no
 * approval policy covers. Capabilities are what holds for every call: a tool counts as available
 * unless an unconditional tool_block covers it; a field list is the intersection of the
 * unconditional field_restriction lists covering the tool (`*` when none restricts it).
 */
import type { AgentIR, AgentPolicyIR } from '../ir/types.js';
import { type CompiledPolicy, candidatesFor, compilePolicies, type PolicyIndex } from './compile-index.js';
import { covers } from './fields.js';

/** Fields gained or lost for one tool and access. `*` stands for "every field". */
export interface FieldChange {
  tool: string;
  access: 'read' | 'write';
  gained: string[];
  lost: string[];
}

export interface CapabilityFlag {
  code: 'policy/unapproved-side-effect';
  tool: string;
  message: string;
}

/** What changed for one agent (agents without a change are left out). */
export interface CapabilityChange {
  agent: string;
  change: 'added' | 'removed' | 'changed';
  toolsGained: string[];
  toolsLost: string[];
  fields: FieldChange[];
  flags: CapabilityFlag[];
}

/** Tool -> access -> allowed fields (`['*']` unrestricted). */
type Capabilities = Map<string, { read: string[]; write: string[] }>;

/** Options: which tools have side effects (the registry's `sideEffect`). */
export interface CapabilityOptions {
  sideEffect(tool: string): boolean;
}

/** Compares what each agent may do before and after a change; sorted by agent name. */
export function capabilityDiff(
  beforeAgents: readonly AgentIR[],
  beforePolicies: readonly AgentPolicyIR[],
  afterAgents: readonly AgentIR[],
  afterPolicies: readonly AgentPolicyIR[],
  options: CapabilityOptions,
): CapabilityChange[] {
  const beforeIndex = compilePolicies(beforePolicies);
  const afterIndex = compilePolicies(afterPolicies);
  const before = new Map(beforeAgents.map((a) => [a.metadata.name, a]));
  const after = new Map(afterAgents.map((a) => [a.metadata.name, a]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: CapabilityChange[] = [];
  for (const name of names) {
    const b = before.get(name);
    const a = after.get(name);
    const was = b ? capabilitiesOf(b, beforeIndex) : new Map();
    const is = a ? capabilitiesOf(a, afterIndex) : new Map();
    const change = compare(name, was, is, a ? afterIndex : undefined, options);
    change.change = !b ? 'added' : !a ? 'removed' : 'changed';
    if (!b || !a || change.toolsGained.length || change.toolsLost.length || change.fields.length)
      changes.push(change);
  }
  return changes;
}

function capabilitiesOf(agent: AgentIR, index: PolicyIndex): Capabilities {
  const caps: Capabilities = new Map();
  for (const tool of [...new Set(agent.tools)].sort()) {
    const policies = candidatesFor(index, agent.metadata.name, tool).filter((p) => !p.ir.when && !p.invalid);
    if (policies.some((p) => p.type === 'tool_block')) continue;
    const restrictions = policies.filter((p) => p.type === 'field_restriction');
    caps.set(tool, { read: intersect(restrictions, 'read'), write: intersect(restrictions, 'write') });
  }
  return caps;
}

/** The fields every restriction allows: a path survives when each list covers it. */
function intersect(restrictions: CompiledPolicy[], access: 'read' | 'write'): string[] {
  const lists = restrictions.map((p) => p.ir[access]).filter((l): l is string[] => Array.isArray(l));
  if (lists.length === 0) return ['*'];
  const all = [...new Set(lists.flat())].sort();
  return all.filter((path) => lists.every((l) => covers(l, path)));
}

function compare(
  agent: string,
  was: Capabilities,
  is: Capabilities,
  index: PolicyIndex | undefined,
  options: CapabilityOptions,
): CapabilityChange {
  const toolsGained = [...is.keys()].filter((t) => !was.has(t));
  const toolsLost = [...was.keys()].filter((t) => !is.has(t));
  const fields: FieldChange[] = [];
  for (const [tool, now] of is) {
    const then = was.get(tool);
    if (!then) continue;
    for (const access of ['read', 'write'] as const) {
      const gained = now[access].filter((f) => !then[access].includes(f));
      const lost = then[access].filter((f) => !now[access].includes(f));
      if (gained.length || lost.length) fields.push({ tool, access, gained, lost });
    }
  }
  const flags = toolsGained
    .filter((tool) => options.sideEffect(tool) && !approvalCovers(index, agent, tool))
    .map((tool) => ({
      code: 'policy/unapproved-side-effect' as const,
      tool,
      message: `${agent} gains ${tool}, which has side effects, and no tool_require_approval policy covers it`,
    }));
  return { agent, change: 'changed', toolsGained, toolsLost, fields, flags };
}

/** True when an approval policy without `when` covers every call of the agent to the tool. */
function approvalCovers(index: PolicyIndex | undefined, agent: string, tool: string): boolean {
  if (!index) return false;
  return candidatesFor(index, agent, tool).some((p) => p.type === 'tool_require_approval' && !p.ir.when);
}
