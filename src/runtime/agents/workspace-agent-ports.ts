/**
 * AgentPorts on a workspace backend: agents and policies are the current applied versions,
 * compiled once per workspace serial (every apply bumps it); counters and decisions are the
 * workspace's policy stores.
 */
import type { AgentIR, AgentPolicyIR } from '../../ir/types.js';
import { compilePolicies } from '../../policy/compile-index.js';
import type { WorkspaceBackend } from '../../workspace/backend.js';
import type { TransportConfig } from '../transports/config.js';
import type { AgentCatalog, AgentPorts } from './ports.js';

/** The agent ports of a workspace backend. */
export function workspaceAgentPorts(
  backend: Pick<WorkspaceBackend, 'store' | 'policyCounters' | 'decisions'>,
  transport: TransportConfig,
  projectData: Record<string, unknown> = {},
): AgentPorts {
  let cached: { serial: number; catalog: AgentCatalog } | undefined;
  const tz = projectData.timezone;
  return {
    async catalog() {
      const { serial } = await backend.store.info();
      if (cached?.serial === serial) return cached.catalog;
      const irs = (await backend.store.currentVersions()).map((v) => v.ir);
      const agents = irs.filter((r): r is AgentIR => r.kind === 'Agent');
      const policies = irs.filter((r): r is AgentPolicyIR => r.kind === 'AgentPolicy');
      const catalog = {
        agents: new Map(agents.map((a) => [a.metadata.name, a])),
        policies,
        index: compilePolicies(policies),
      };
      cached = { serial, catalog };
      return catalog;
    },
    counters: backend.policyCounters,
    decisions: backend.decisions,
    transport,
    timeZone: typeof tz === 'string' && tz ? tz : 'UTC',
  };
}
