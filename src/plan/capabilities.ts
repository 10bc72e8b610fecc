/**
 * The agent capability part of a plan: per agent, the tools and fields it gains or loses through the
 * change of agents or policies, flagged when it gains a side-effecting tool that no approval policy
 * covers. Reviewers see what an agent may newly do, not only which YAML keys changed.
 */
import { type Diagnostic, NO_RANGE } from '../diagnostics/diagnostic.js';
import type { AgentIR, AgentPolicyIR, Resource } from '../ir/types.js';
import { type CapabilityChange, capabilityDiff } from '../policy/index.js';
import { registry } from '../registry/index.js';
import type { StateResource } from './types.js';

export function agentCapabilityChanges(
  desired: readonly Resource[],
  state: readonly StateResource[],
): CapabilityChange[] {
  // Only agents and policies matter; reading no other IR keeps a 1,000-resource plan cheap.
  const before = state.filter((s) => s.kind === 'Agent' || s.kind === 'AgentPolicy').map((s) => s.ir);
  const agentsOf = (rs: readonly Resource[]) => rs.filter((r): r is AgentIR => r.kind === 'Agent');
  const policiesOf = (rs: readonly Resource[]) =>
    rs.filter((r): r is AgentPolicyIR => r.kind === 'AgentPolicy');
  return capabilityDiff(agentsOf(before), policiesOf(before), agentsOf(desired), policiesOf(desired), {
    sideEffect: (tool) => registry.actions.get(tool)?.sideEffect !== false,
  });
}

/** One warning per flag, so CI annotations and the plan's diagnostics carry them too. */
export function capabilityWarnings(
  changes: readonly CapabilityChange[],
  desired: readonly Resource[],
): Diagnostic[] {
  const fileOf = (agent: string) =>
    desired.find((r) => r.kind === 'Agent' && r.metadata.name === agent)?.source.file ?? 'aexy.yaml';
  return changes.flatMap((change) =>
    change.flags.map((flag) => ({
      code: flag.code,
      severity: 'warning' as const,
      summary: flag.message,
      detail: `Add an AgentPolicy of type tool_require_approval for ${flag.tool} (agent: ${change.agent}), or confirm that ${change.agent} may use it unattended.`,
      file: fileOf(change.agent),
      range: NO_RANGE,
    })),
  );
}
