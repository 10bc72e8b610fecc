/**
 * What agent runs need from the outside world besides the runtime ports: the applied agents and
 * policies, the policy counters and decisions log, and the model transport settings. The worker
 * builds them from the workspace database (workspace-agent-ports.ts); tests may build their own.
 */
import type { AgentIR, AgentPolicyIR } from '../../ir/types.js';
import type { PolicyIndex } from '../../policy/compile-index.js';
import type { PolicyCounterStore } from '../../policy/counters.js';
import type { DecisionLog } from '../../policy/decisions-log.js';
import type { TransportConfig } from '../transports/config.js';

/** The applied agents and the compiled policies of the workspace (refreshed after each apply). */
export interface AgentCatalog {
  agents: ReadonlyMap<string, AgentIR>;
  policies: readonly AgentPolicyIR[];
  index: PolicyIndex;
}

export interface AgentPorts {
  catalog(): Promise<AgentCatalog>;
  counters: PolicyCounterStore;
  decisions: DecisionLog;
  /** The aexy.yaml transport settings (`model:` gives base URL, model name and key). */
  transport: TransportConfig;
  /** Workspace time zone for the policy windows; default UTC. */
  timeZone?: string;
  now?: () => Date;
}
