/** Builders for AgentPolicyIR / AgentIR values in policy tests (the compiler is not needed here). */
import type { AgentIR, AgentPolicyIR } from '../../../src/ir/types.js';

export type PolicySpec = Partial<Omit<AgentPolicyIR, 'kind' | 'metadata' | 'source' | 'when'>> & {
  name: string;
  type: AgentPolicyIR['type'];
  when?: string;
};

/** An AgentPolicyIR as the compiler would produce it. */
export function policy(spec: PolicySpec): AgentPolicyIR {
  const { name, when, ...rest } = spec;
  return {
    kind: 'AgentPolicy',
    metadata: { name, labels: {}, protected: false },
    ...rest,
    ...(when === undefined ? {} : { when: { cel: when } }),
    source: { file: `${name}.yaml`, text: '' },
  };
}

/** An AgentIR with the given tools. */
export function agent(name: string, tools: string[]): AgentIR {
  return {
    kind: 'Agent',
    metadata: { name, labels: {}, protected: false },
    type: 'custom',
    model: { provider: 'openai', name: 'gpt-4o-mini' },
    instructions: '',
    tools,
    maxIterations: 10,
    timeoutMs: 300_000,
    source: { file: `${name}.yaml`, text: '' },
  };
}

export const NOW = '2026-11-27T12:00:00Z';
