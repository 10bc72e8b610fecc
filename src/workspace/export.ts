/**
 * IR -> YAML in the canonical form of the language (pure: data in, text out). Used by
 * `aexy export`; compiling the output gives back the same IR, so export then plan shows no changes.
 * Values the compiler fills in (automation-level settings) are written explicitly; step-level
 * overrides only when the IR has them. Durations are written in their largest exact units.
 */
import { stringify } from 'yaml';
import { formatDuration } from '../compiler/duration.js';
import type {
  AgentHook,
  AgentIR,
  AgentPolicyIR,
  AutomationIR,
  Metadata,
  Resource,
  RetryPolicy,
  Step,
  Target,
  WaitSpec,
} from '../ir/types.js';

type Raw = Record<string, unknown>;

/** The folder and file name a resource is exported to, e.g. `automations/deal-followup.yaml`. */
export function exportPath(resource: Resource): string {
  const folder =
    resource.kind === 'Automation' ? 'automations' : resource.kind === 'Agent' ? 'agents' : 'policies';
  return `${folder}/${resource.metadata.name}.yaml`;
}

/** One resource as a YAML document (text ends with a newline). */
export function emitYaml(resource: Resource): string {
  return stringify(emitDocument(resource), { lineWidth: 0, aliasDuplicateObjects: false });
}

/** One resource as the plain data of its YAML document. */
export function emitDocument(resource: Resource): Raw {
  const spec =
    resource.kind === 'Automation'
      ? automationSpec(resource)
      : resource.kind === 'Agent'
        ? agentSpec(resource)
        : policySpec(resource);
  return { apiVersion: 'aexy/v1', kind: resource.kind, metadata: metadata(resource.metadata), spec };
}

function metadata(m: Metadata): Raw {
  return compact({
    name: m.name,
    description: m.description,
    labels: Object.keys(m.labels).length > 0 ? m.labels : undefined,
    protected: m.protected ? true : undefined,
  });
}

function automationSpec(a: AutomationIR): Raw {
  const { mode, max } = a.limits.concurrency;
  return compact({
    module: a.module,
    enabled: a.enabled,
    trigger: { type: a.trigger.type, ...a.trigger.config },
    conditions: a.conditions ? { expr: a.conditions.cel } : undefined,
    agents: a.agents.length > 0 ? a.agents.map(hook) : undefined,
    limits: compact({
      runsPerMonth: a.limits.runsPerMonth,
      concurrency: max === undefined ? mode : { mode, max },
    }),
    onError: a.onError,
    retry: retry(a.retry),
    workflow: { steps: a.steps.map(step) },
  });
}

function hook(h: AgentHook): Raw {
  return {
    agent: h.agent,
    at: h.at,
    input: h.input,
    waitForCompletion: h.waitForCompletion,
    timeout: formatDuration(h.timeoutMs),
  };
}

function retry(r: RetryPolicy): Raw {
  return {
    maxAttempts: r.maxAttempts,
    initialInterval: formatDuration(r.initialIntervalMs),
    backoff: r.backoff,
    maxInterval: formatDuration(r.maxIntervalMs),
    on: r.on,
  };
}

function step(s: Step): Raw {
  const base = compact({ id: s.id, name: s.name });
  const common = compact({
    next: s.next,
    onError: s.onError,
    retry: s.retry ? retry(s.retry) : undefined,
    // Approval and agent steps use `timeoutMs` for their own timeout (written by kindFields).
    timeout:
      s.timeoutMs === undefined || s.kind === 'approval' || s.kind === 'agent'
        ? undefined
        : formatDuration(s.timeoutMs),
    catch: target(s.catch),
  });
  return { ...base, ...kindFields(s), ...common };
}

function kindFields(s: Step): Raw {
  switch (s.kind) {
    case 'action':
      return { action: s.action, with: s.with };
    case 'if':
      // biome-ignore lint/suspicious/noThenProperty: the language's if step has a then branch
      return compact({ if: s.condition.cel, then: target(s.then), else: target(s.else) });
    case 'switch':
      return compact({
        switch: s.cases.map((c) => ({ when: c.when.cel, next: target(c.next) })),
        default: target(s.default),
      });
    case 'parallel':
      return { parallel: parallel(s) };
    case 'loop':
      return {
        loop: compact({
          forEach: s.forEach?.cel,
          until: s.until?.cel,
          as: s.as,
          maxIterations: s.maxIterations,
          concurrency: s.concurrency,
          steps: s.steps.map(step),
        }),
      };
    case 'wait':
      return compact({ wait: wait(s.wait), onTimeout: target(s.onTimeout) });
    case 'approval':
      return compact({
        approval: approval(s),
        onApprove: target(s.onApprove),
        onReject: target(s.onReject),
        onTimeout: target(s.onTimeout),
      });
    case 'agent':
      return compact({
        agent: s.agent,
        input: s.input,
        waitForCompletion: s.waitForCompletion,
        timeout: formatDuration(s.timeoutMs),
        onTimeout: target(s.onTimeout),
      });
    case 'set':
      return { set: Object.fromEntries(s.vars.map((v) => [v.name, v.value.cel])) };
  }
}

function parallel(s: Extract<Step, { kind: 'parallel' }>): Raw {
  const join = s.join.mode === 'count' ? { count: s.join.count } : s.join.mode;
  return {
    branches: Object.fromEntries(s.branches.map((b) => [b.name, b.steps.map(step)])),
    join,
    onBranchFailure: s.onBranchFailure,
  };
}

function approval(s: Extract<Step, { kind: 'approval' }>): Raw {
  return compact({
    approvers: s.approvers,
    message: s.message,
    timeout: formatDuration(s.timeoutMs),
    escalate: s.escalate ? { after: formatDuration(s.escalate.afterMs), to: s.escalate.to } : undefined,
  });
}

function wait(w: WaitSpec): unknown {
  if (w.mode === 'duration') return formatDuration(w.durationMs);
  if (w.mode === 'until')
    return compact({ until: w.until.cel, offset: w.offsetMs === 0 ? undefined : formatDuration(w.offsetMs) });
  return compact({ event: w.event, match: w.match?.cel, timeout: formatDuration(w.timeoutMs) });
}

function target(t: Target | undefined): unknown {
  if (!t) return undefined;
  return t.kind === 'jump' ? t.to : t.steps.map(step);
}

function agentSpec(a: AgentIR): Raw {
  return compact({
    type: a.type,
    model: a.model,
    instructions: a.instructions,
    tools: a.tools,
    output: a.output,
    maxIterations: a.maxIterations,
    timeout: formatDuration(a.timeoutMs),
  });
}

function policySpec(p: AgentPolicyIR): Raw {
  return compact({
    agent: p.agent,
    type: p.type,
    tools: p.tools,
    when: p.when?.cel,
    approval: p.approval
      ? { approvers: p.approval.approvers, timeout: formatDuration(p.approval.timeoutMs) }
      : undefined,
    read: p.read,
    write: p.write,
    limit: p.limit,
    per: p.perMs === undefined ? undefined : formatDuration(p.perMs),
  });
}

function compact(value: Raw): Raw {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
