/**
 * AgentPorts on the workspace SQLite file: agents and policies are the current applied versions,
 * compiled once per workspace serial (every apply bumps it); counters and decisions are the
 * workspace's policy tables.
 */
import type { Database } from 'better-sqlite3';
import type { AgentIR, AgentPolicyIR } from '../../ir/types.js';
import { compilePolicies } from '../../policy/compile-index.js';
import { SqlitePolicyCounterStore } from '../../workspace/policy-counters.js';
import { SqliteDecisionLog } from '../../workspace/policy-decisions.js';
import { readCurrentVersions, readMeta } from '../../workspace/sqlite/queries.js';
import type { TransportConfig } from '../transports/config.js';
import type { AgentCatalog, AgentPorts } from './ports.js';

export function workspaceAgentPorts(
  db: Database,
  transport: TransportConfig,
  projectData: Record<string, unknown> = {},
): AgentPorts {
  let cached: { serial: number; catalog: AgentCatalog } | undefined;
  const tz = projectData.timezone;
  return {
    async catalog() {
      const { serial } = readMeta(db);
      if (cached?.serial === serial) return cached.catalog;
      const irs = readCurrentVersions(db).map((v) => v.ir);
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
    counters: new SqlitePolicyCounterStore(db),
    decisions: new SqliteDecisionLog(db),
    transport,
    timeZone: typeof tz === 'string' && tz ? tz : 'UTC',
  };
}
