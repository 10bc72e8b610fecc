/**
 * Raw documents -> IR resources (Automation, Agent, AgentPolicy). Steps are built by StepBuilder;
 * this file holds the envelope, the automation-level settings and the agent/policy shapes.
 */
import type {
  AgentHook,
  AgentIR,
  AgentPolicyIR,
  AutomationIR,
  ConcurrencyMode,
  ErrorPolicy,
  Metadata,
  PolicyType,
  Resource,
  Step,
} from '../ir/types.js';
import type { LoadedDocument } from '../loader/types.js';
import { StepBuilder } from './build-steps.js';
import { DEFAULTS } from './defaults.js';
import { buildCondition, buildExpr, type Scope } from './expressions.js';
import { asBool, asList, asMap, asNumber, asString, asStrings, compact, isMap, type RawMap } from './raw.js';
import type { CompileUnit } from './unit.js';

const TOP: Scope = { before: new Set(), locals: [] };

function metadata(raw: unknown): Metadata {
  const m = asMap(raw);
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(asMap(m.labels))) labels[k] = String(v);
  return compact({
    name: asString(m.name) ?? '',
    description: asString(m.description),
    labels,
    previousName: asString(m.previousName),
    protected: asBool(m.protected) ?? false,
  });
}

/** Builds the IR of one document; undefined for a kind the compiler does not know (a schema error). */
export function buildUnit(doc: LoadedDocument): CompileUnit | undefined {
  const data = asMap(doc.data);
  const spec = asMap(data.spec);
  const unit: CompileUnit = {
    doc,
    spec,
    resource: undefined as unknown as Resource,
    stepPaths: new Map(),
    exprs: [],
    problems: [],
  };
  const meta = metadata(data.metadata);
  const source = { file: doc.file, text: doc.text };
  if (doc.kind === 'Automation') unit.resource = automation(unit, meta, spec, source);
  else if (doc.kind === 'Agent') unit.resource = agent(unit, meta, spec, source);
  else if (doc.kind === 'AgentPolicy') unit.resource = policy(unit, meta, spec, source);
  else return undefined;
  return unit;
}

/** `limits.concurrency` (the mode) and `limits.maxConcurrent` become one `{mode, max}`. */
function concurrency(limits: RawMap): AutomationIR['limits']['concurrency'] {
  const mode = (asString(limits.concurrency) ?? DEFAULTS.concurrency) as ConcurrencyMode;
  return compact({ mode, max: asNumber(limits.maxConcurrent) });
}

function automation(
  unit: CompileUnit,
  metadata: Metadata,
  spec: RawMap,
  source: AutomationIR['source'],
): AutomationIR {
  const b = new StepBuilder(unit, DEFAULTS.retry);
  const retry =
    spec.retry === undefined ? { ...DEFAULTS.retry } : b.retry(spec.retry, ['spec', 'retry'], DEFAULTS.retry);
  const builder = new StepBuilder(unit, retry);
  const trigger = asMap(spec.trigger);
  const { type: _type, ...config } = trigger;
  const limits = asMap(spec.limits);
  return compact({
    kind: 'Automation' as const,
    metadata,
    module: asString(spec.module) ?? '',
    enabled: asBool(spec.enabled) ?? DEFAULTS.enabled,
    trigger: { type: asString(trigger.type) ?? '', config, ref: unit.doc.locate(['spec', 'trigger']) },
    conditions:
      spec.conditions === undefined
        ? undefined
        : buildCondition(unit, spec.conditions, ['spec', 'conditions'], TOP),
    agents: asList(spec.agents).map((raw, i) => hook(builder, raw, i)),
    limits: {
      ...compact({ runsPerMonth: asNumber(limits.runsPerMonth) }),
      concurrency: concurrency(limits),
    },
    onError: (asString(spec.onError) ?? DEFAULTS.onError) as ErrorPolicy,
    retry,
    timeoutMs: spec.timeout === undefined ? undefined : builder.duration(spec.timeout, ['spec', 'timeout']),
    steps: steps(builder, spec),
    source,
  });
}

function steps(b: StepBuilder, spec: RawMap): Step[] {
  if (spec.workflow !== undefined)
    return b.block(asMap(spec.workflow).steps, ['spec', 'workflow', 'steps'], TOP);
  const before = new Set<string>();
  return asList(spec.actions).map((raw, i) => {
    const step = b.flatAction(raw, ['spec', 'actions', i], { ...TOP, before: new Set(before) }, i);
    before.add(step.id);
    return step;
  });
}

function hook(b: StepBuilder, raw: unknown, i: number): AgentHook {
  const m = asMap(raw);
  const path = ['spec', 'agents', i];
  return {
    agent: asString(m.agent) ?? '',
    at: asString(m.at) === 'on_condition_match' ? 'on_condition_match' : 'on_start',
    input: b.templates(m.input, [...path, 'input'], TOP),
    waitForCompletion: asBool(m.waitForCompletion) ?? DEFAULTS.waitForCompletion,
    timeoutMs:
      m.timeout === undefined ? DEFAULTS.agentTimeoutMs : b.duration(m.timeout, [...path, 'timeout']),
    ref: b.unit.doc.locate(path),
  };
}

function agent(unit: CompileUnit, metadata: Metadata, spec: RawMap, source: AgentIR['source']): AgentIR {
  const b = new StepBuilder(unit, DEFAULTS.retry);
  const model = asMap(spec.model);
  return compact({
    kind: 'Agent' as const,
    metadata,
    type: (asString(spec.type) ?? 'custom') as AgentIR['type'],
    model: compact({
      provider: asString(model.provider) ?? '',
      name: asString(model.name) ?? '',
      temperature: asNumber(model.temperature),
      baseUrl: asString(model.baseUrl),
    }),
    instructions: asString(spec.instructions) ?? '',
    tools: asStrings(spec.tools) ?? [],
    output: isMap(spec.output) ? spec.output : undefined,
    maxIterations: asNumber(spec.maxIterations) ?? DEFAULTS.agentMaxIterations,
    timeoutMs:
      spec.timeout === undefined ? DEFAULTS.agentTimeoutMs : b.duration(spec.timeout, ['spec', 'timeout']),
    source,
  });
}

function policy(
  unit: CompileUnit,
  metadata: Metadata,
  spec: RawMap,
  source: AgentPolicyIR['source'],
): AgentPolicyIR {
  const b = new StepBuilder(unit, DEFAULTS.retry);
  const approval = asMap(spec.approval);
  return compact({
    kind: 'AgentPolicy' as const,
    metadata,
    agent: asString(spec.agent),
    type: (asString(spec.type) ?? '') as PolicyType,
    tools: asStrings(spec.tools),
    when:
      spec.when === undefined ? undefined : buildExpr(unit, spec.when, ['spec', 'when'], 'condition', TOP),
    approval: isMap(spec.approval)
      ? {
          approvers: asStrings(approval.approvers) ?? [],
          timeoutMs:
            approval.timeout === undefined
              ? 0
              : b.duration(approval.timeout, ['spec', 'approval', 'timeout']),
        }
      : undefined,
    read: asStrings(spec.read),
    write: asStrings(spec.write),
    limit: asNumber(spec.limit),
    perMs: spec.per === undefined ? undefined : b.duration(spec.per, ['spec', 'per']),
    source,
  });
}
