/** The `Agent` and `AgentPolicy` specs (language.md §6). */
import type { JsonSchema, Registry } from '../registry/types.js';
import { closed, duration, expr, ifThen, NAME_PATTERN } from './fragments.js';

export const AGENT_TYPES = ['sales_outreach', 'lead_scoring', 'email_drafter', 'data_enrichment', 'custom'];
export const POLICY_TYPES = [
  'tool_block',
  'tool_require_approval',
  'field_restriction',
  'rate_limit',
  'token_budget',
];

const agentName = (description: string): JsonSchema => ({
  type: 'string',
  pattern: NAME_PATTERN,
  description,
});

/** The `agentSpec` definition. */
export function agentSpecDefinition(registry: Registry): JsonSchema {
  return {
    ...closed(
      {
        type: {
          enum: AGENT_TYPES,
          description: 'Prebuilt behaviour, or `custom` (then `instructions` is required).',
        },
        model: closed(
          {
            provider: {
              type: 'string',
              minLength: 1,
              description: 'Model provider, e.g. `openai` (any OpenAI-compatible endpoint with `baseUrl`).',
            },
            name: { type: 'string', minLength: 1, description: 'Model name, e.g. `gpt-4o-mini`.' },
            temperature: {
              type: 'number',
              minimum: 0,
              maximum: 2,
              description: 'Sampling temperature; default 0.',
            },
            baseUrl: { type: 'string', description: 'Endpoint of an OpenAI-compatible API.' },
          },
          ['provider', 'name'],
          'The language model.',
        ),
        instructions: {
          type: 'string',
          minLength: 1,
          description: 'System instructions: what the agent is for and how to answer.',
        },
        tools: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string', enum: [...registry.actions.keys()], 'x-code': 'schema/unknown-action' },
          description:
            'Registry actions the agent may call as tools; every call is checked against the agent policies.',
        },
        output: {
          type: 'object',
          description: 'JSON Schema the final answer must satisfy; it becomes `steps.<id>.output`.',
        },
        maxIterations: {
          type: 'integer',
          minimum: 1,
          maximum: 100,
          description: 'Model/tool round trips at most; default 10.',
        },
        timeout: duration('Time limit of one agent run; default `5m`.'),
      },
      ['type', 'model'],
      'An AI agent: a model, instructions, tools and a structured output.',
    ),
    allOf: [
      ifThen(
        { properties: { type: { const: 'custom' } }, required: ['type'] },
        { required: ['instructions'] },
      ),
    ],
  };
}

const policyKeys: Record<string, JsonSchema> = {
  agent: agentName('The agent this policy applies to; omit for every agent of the workspace.'),
  type: {
    enum: POLICY_TYPES,
    description:
      'Policy type: tool_block, tool_require_approval, field_restriction, rate_limit, token_budget.',
  },
  tools: {
    type: 'array',
    minItems: 1,
    items: { type: 'string' },
    description: 'Tools (action ids) it applies to; omit for every tool.',
  },
  when: expr('CEL condition on the call (`args`, `agent`, `tool`); the policy applies only when true.'),
  approval: closed(
    {
      approvers: {
        type: 'array',
        minItems: 1,
        items: { type: 'string' },
        description: 'Who may approve: `role:<role>`, `team:<team>` or an email.',
      },
      timeout: duration('Blocked when nobody decides within this time.'),
    },
    ['approvers', 'timeout'],
    'Who approves the call, and for how long the call waits.',
  ),
  read: {
    type: 'array',
    items: { type: 'string' },
    description: 'Record attributes the agent may see (others are removed from tool results).',
  },
  write: {
    type: 'array',
    items: { type: 'string' },
    description: 'Record attributes the agent may write (other writes are blocked).',
  },
  limit: {
    type: 'integer',
    minimum: 1,
    description: 'Calls (rate_limit) or tokens (token_budget) allowed per period.',
  },
  per: duration('The period, e.g. `1d`, `30d`.'),
};

const pick = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, policyKeys[k]]));

const policyBranches: Record<string, { keys: string[]; required: string[]; extra?: JsonSchema }> = {
  tool_block: { keys: ['agent', 'type', 'tools', 'when'], required: ['tools'] },
  tool_require_approval: {
    keys: ['agent', 'type', 'tools', 'when', 'approval'],
    required: ['tools', 'approval'],
  },
  field_restriction: {
    keys: ['agent', 'type', 'tools', 'read', 'write'],
    required: [],
    extra: {
      anyOf: [{ required: ['read'] }, { required: ['write'] }],
      errorMessage: 'a field_restriction needs `read` or `write`',
      'x-code': 'schema/required',
    },
  },
  rate_limit: { keys: ['agent', 'type', 'tools', 'when', 'limit', 'per'], required: ['limit', 'per'] },
  token_budget: { keys: ['agent', 'type', 'limit', 'per'], required: ['limit', 'per'] },
};

/** The `agentPolicySpec` definition: one closed branch per policy type. */
export function agentPolicySpecDefinition(): JsonSchema {
  return {
    type: 'object',
    description:
      'A rule every tool call of the matching agents is checked against; the most restrictive decision wins.',
    required: ['type'],
    properties: {
      ...Object.fromEntries(Object.entries(policyKeys).map(([k, v]) => [k, { description: v.description }])),
      type: policyKeys.type,
    },
    allOf: Object.entries(policyBranches).map(([type, branch]) =>
      ifThen(
        { properties: { type: { const: type } }, required: ['type'] },
        { ...closed(pick(branch.keys), branch.required, `A \`${type}\` policy.`), ...branch.extra },
      ),
    ),
  };
}
