/**
 * The published JSON Schemas (draft-07), built from the language definitions and the registry:
 * one per document kind, one for `aexy.yaml`, and a combined one selecting the kind by `kind:`.
 * Each schema carries only the definitions it reaches, so the files stay self-contained.
 */
import { registry as defaultRegistry } from '../registry/index.js';
import type { JsonSchema, Registry } from '../registry/types.js';
import { agentPolicySpecDefinition, agentSpecDefinition } from './agents.js';
import { automationSpecDefinition } from './automation.js';
import { conditionDefinition } from './conditions.js';
import { API_VERSION, envelope, ifThen, metadataDefinition } from './fragments.js';
import { projectSchemaBody } from './project.js';
import {
  actionInputDefinition,
  type BranchOptions,
  eventIds,
  triggerDefinition,
} from './registry-schemas.js';
import { stepDefinitions } from './steps.js';

export const SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';
export const SCHEMA_BASE_URL = 'https://aexy.dev/schemas/v1/';

export type DocumentKind = 'Automation' | 'Agent' | 'AgentPolicy';
export const DOCUMENT_KINDS: DocumentKind[] = ['Automation', 'Agent', 'AgentPolicy'];

/** File name of each exported schema. */
export const SCHEMA_FILES = {
  Automation: 'automation.schema.json',
  Agent: 'agent.schema.json',
  AgentPolicy: 'agent-policy.schema.json',
  project: 'aexy.schema.json',
  documents: 'aexy-documents.schema.json',
} as const;

export type SchemaKey = keyof typeof SCHEMA_FILES;

function allDefinitions(registry: Registry, options: BranchOptions): Record<string, JsonSchema> {
  return {
    metadata: metadataDefinition,
    condition: conditionDefinition,
    trigger: triggerDefinition(registry, options),
    actionInput: actionInputDefinition(registry, options),
    ...stepDefinitions([...registry.actions.keys()], eventIds(registry)),
    automationSpec: automationSpecDefinition(registry),
    agentSpec: agentSpecDefinition(registry),
    agentPolicySpec: agentPolicySpecDefinition(),
    automationDocument: envelope('Automation', 'automationSpec', 'An aexy Automation document.'),
    agentDocument: envelope('Agent', 'agentSpec', 'An aexy Agent document.'),
    agentPolicyDocument: envelope('AgentPolicy', 'agentPolicySpec', 'An aexy AgentPolicy document.'),
  };
}

/** Names of the definitions reachable from `root` through `#/definitions/...` refs. */
function reachable(root: unknown, definitions: Record<string, JsonSchema>): string[] {
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
        const name = value.slice('#/definitions/'.length);
        if (!seen.has(name)) {
          seen.add(name);
          visit(definitions[name]);
        }
      } else visit(value);
    }
  };
  visit(root);
  return [...seen].sort();
}

function finish(
  file: string,
  title: string,
  body: JsonSchema,
  definitions: Record<string, JsonSchema>,
): JsonSchema {
  const used = reachable(body, definitions);
  const schema: JsonSchema = { $schema: SCHEMA_DIALECT, $id: `${SCHEMA_BASE_URL}${file}`, title, ...body };
  if (used.length > 0) schema.definitions = Object.fromEntries(used.map((name) => [name, definitions[name]]));
  return schema;
}

const DOCUMENT_DEFINITION: Record<DocumentKind, string> = {
  Automation: 'automationDocument',
  Agent: 'agentDocument',
  AgentPolicy: 'agentPolicyDocument',
};

function combinedBody(): JsonSchema {
  return {
    type: 'object',
    description: 'Any aexy document; `kind` selects Automation, Agent or AgentPolicy.',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: { const: API_VERSION, description: `Schema version: \`${API_VERSION}\`.` },
      kind: { enum: DOCUMENT_KINDS, description: 'Document kind: Automation, Agent or AgentPolicy.' },
      metadata: { description: 'Identity and description of the resource.' },
      spec: { description: 'The resource itself; its shape depends on `kind`.' },
    },
    allOf: DOCUMENT_KINDS.map((kind) =>
      ifThen(
        { properties: { kind: { const: kind } }, required: ['kind'] },
        { $ref: `#/definitions/${DOCUMENT_DEFINITION[kind]}` },
      ),
    ),
    defaultSnippets: DOCUMENT_SNIPPETS,
  };
}

const meta = { name: '${1:my-name}', description: '$2' };

/** Editor snippets (yaml-language-server `defaultSnippets`): a skeleton per document kind. */
const DOCUMENT_SNIPPETS = [
  {
    label: 'Automation (flat actions)',
    description: 'A trigger and a list of actions.',
    body: {
      apiVersion: API_VERSION,
      kind: 'Automation',
      metadata: meta,
      spec: {
        module: 'crm',
        trigger: { type: '${3:record.created}', object: '${4:deals}' },
        actions: [{ action: '$5', with: {} }],
      },
    },
  },
  {
    label: 'Automation (workflow)',
    description: 'A trigger and workflow steps.',
    body: {
      apiVersion: API_VERSION,
      kind: 'Automation',
      metadata: meta,
      spec: {
        module: 'crm',
        trigger: { type: '$3' },
        workflow: { steps: [{ id: '$4', action: '$5', with: {} }] },
      },
    },
  },
  {
    label: 'Agent',
    description: 'A model, instructions, tools and a structured output.',
    body: {
      apiVersion: API_VERSION,
      kind: 'Agent',
      metadata: meta,
      spec: {
        type: 'custom',
        model: { provider: 'openai', name: 'gpt-4o-mini' },
        instructions: '$3',
        tools: [],
        output: { type: 'object' },
      },
    },
  },
  {
    label: 'AgentPolicy',
    description: 'A guard rail on agent tool calls.',
    body: {
      apiVersion: API_VERSION,
      kind: 'AgentPolicy',
      metadata: meta,
      spec: { type: '${3:tool_block}', tools: [] },
    },
  },
];

/**
 * Every published schema, keyed like SCHEMA_FILES. With `branches: false` the registry's per-trigger
 * and per-action branches are left out (aexy's validator checks those separately, see
 * registry-checks.ts); the published files always have them.
 */
export function buildSchemas(
  registry: Registry = defaultRegistry,
  options: BranchOptions = { branches: true },
): Record<SchemaKey, JsonSchema> {
  const defs = allDefinitions(registry, options);
  const doc = (kind: DocumentKind) => ({ allOf: [{ $ref: `#/definitions/${DOCUMENT_DEFINITION[kind]}` }] });
  return {
    Automation: finish(SCHEMA_FILES.Automation, 'aexy Automation', doc('Automation'), defs),
    Agent: finish(SCHEMA_FILES.Agent, 'aexy Agent', doc('Agent'), defs),
    AgentPolicy: finish(SCHEMA_FILES.AgentPolicy, 'aexy AgentPolicy', doc('AgentPolicy'), defs),
    project: finish(SCHEMA_FILES.project, 'aexy project file (aexy.yaml)', projectSchemaBody(), defs),
    documents: finish(SCHEMA_FILES.documents, 'aexy documents', combinedBody(), defs),
  };
}

let cached: Record<SchemaKey, JsonSchema> | undefined;
let cachedCore: Record<SchemaKey, JsonSchema> | undefined;

/** The published schemas of the default registry, built once. */
export function schemas(): Record<SchemaKey, JsonSchema> {
  cached ??= buildSchemas();
  return cached;
}

/** The same schemas without the registry branches (what aexy's validator compiles), built once. */
export function coreSchemas(): Record<SchemaKey, JsonSchema> {
  cachedCore ??= buildSchemas(defaultRegistry, { branches: false });
  return cachedCore;
}
