/**
 * One platform node -> its aexy form: the trigger, and the step of an action, wait or agent node.
 * Conditions of condition and branch nodes become CEL through the language's own desugaring, so an
 * imported condition means exactly what the structured form documents.
 */
import { conditionsToCel, type RawCondition } from '../cel/conditions.js';
import type { Registry } from '../registry/types.js';
import { convertAction } from './actions.js';
import type { Report } from './report.js';
import { convertTemplates, fieldToCel, type TemplateContext } from './templates.js';
import { agentNameForType, OPERATOR_IDS, TRIGGER_IDS, UNITS } from './vocabulary.js';

export type Data = Record<string, unknown>;
export type RawStep = Record<string, unknown>;

export interface NodeContext {
  registry: Registry;
  templates: TemplateContext;
  report: Report;
  /** Object slug given on the command line, for triggers that name their object by id. */
  object?: string;
}

/** The trigger node's data -> `trigger:` and the module it belongs to. */
export function convertTrigger(
  data: Data,
  ctx: NodeContext,
  where: string,
): { trigger: Data; module: string } {
  const raw = String(data.trigger_type ?? data.type ?? '');
  const type = TRIGGER_IDS[raw] ?? raw;
  const def = ctx.registry.triggers.get(type);
  if (!def)
    ctx.report.error(
      'import/unknown-trigger',
      `trigger type "${raw}" has no aexy equivalent`,
      where,
      'pick a trigger from `aexy registry triggers`',
    );
  const trigger: Data = { type };
  const config = { ...(isData(data.config) ? data.config : {}), ...data };
  for (const [key, value] of Object.entries(config)) {
    if (
      ['label', 'trigger_type', 'type', 'config', 'webhook_path'].includes(key) ||
      value === '' ||
      value == null
    )
      continue;
    const target =
      {
        object_id: 'object',
        object_slug: 'object',
        field_slug: 'field',
        attribute_slug: 'field',
        schedule: 'cron',
        from_stage: 'from',
        to_stage: 'to',
        from_value: 'from',
        to_value: 'to',
        list_id: 'list',
      }[key] ?? key;
    trigger[target] = value;
  }
  fixObject(trigger, def?.config, ctx, where);
  return { trigger, module: def?.modules.includes('crm') || !def ? 'crm' : def.modules[0] };
}

/** Platform object ids are UUIDs; aexy names objects by slug. */
function fixObject(trigger: Data, schema: Data | undefined, ctx: NodeContext, where: string): void {
  const wantsObject = !!(schema?.properties as Data | undefined)?.object;
  if (ctx.object && wantsObject) trigger.object = ctx.object;
  else if (typeof trigger.object === 'string' && !/^[a-z][a-z0-9_-]*$/.test(trigger.object)) {
    ctx.report.error(
      'import/object-id',
      `the trigger names its object by id (${trigger.object}); aexy uses the object slug`,
      where,
      'run again with --object SLUG (e.g. --object deals), or set trigger.object in the output',
    );
    delete trigger.object;
  } else if (
    wantsObject &&
    trigger.object === undefined &&
    (schema?.required as string[] | undefined)?.includes('object')
  ) {
    ctx.report.error(
      'import/missing-object',
      `the trigger does not say which object it watches`,
      where,
      'run again with --object SLUG, or set trigger.object in the output',
    );
  }
}

/** An action node -> an action step (or an agent step for `run_agent`). */
export function convertActionNode(id: string, data: Data, ctx: NodeContext, where: string): RawStep {
  const type = String(data.action_type ?? data.type ?? '');
  if (type === 'run_agent')
    return convertAgent(id, { ...(isData(data.config) ? data.config : {}), ...data }, ctx, where);
  const converted = convertAction(type, data, ctx.registry);
  if (converted.unknownAction)
    ctx.report.error(
      'import/unknown-action',
      `action "${type}" has no aexy equivalent`,
      where,
      'pick an action from `aexy registry actions`',
    );
  for (const key of converted.dropped)
    ctx.report.warning(
      'import/unmapped-key',
      `\`${key}\` of ${converted.action} has no aexy equivalent and was left out`,
      `${where}.${key}`,
    );
  return { id, action: converted.action, with: convertTemplates(converted.with, ctx.templates) };
}

/** A wait node: duration (`duration_value` or `duration_amount` × unit), datetime or event. */
export function convertWait(id: string, data: Data, ctx: NodeContext, where: string): RawStep {
  const mode = String(data.wait_type ?? 'duration');
  if (mode === 'datetime')
    return { id, wait: { until: `timestamp(${JSON.stringify(String(data.wait_until ?? ''))})` } };
  if (mode === 'event') {
    const event = String(data.wait_for_event ?? data.event_type ?? '');
    const hours = Number(data.timeout_hours ?? 24);
    const step: RawStep = { id, wait: { event, timeout: `${hours}h` }, onTimeout: 'fail' };
    if (isData(data.event_filter) && Object.keys(data.event_filter).length > 0) {
      ctx.report.warning(
        'import/event-filter',
        'the event filter was not converted; write `match:` as a CEL condition on the event',
        `${where}.event_filter`,
      );
    }
    return step;
  }
  const amount = Number(data.duration_value ?? data.duration_amount ?? 1);
  // The builder defaulted the unit to days; the Temporal engine to hours. Trust what is written.
  const unit = UNITS[String(data.duration_unit ?? (data.duration_value !== undefined ? 'days' : 'hours'))];
  if (!unit || !(amount > 0))
    ctx.report.error(
      'import/bad-duration',
      `wait of ${amount} ${String(data.duration_unit)} is not a duration`,
      where,
    );
  return { id, wait: `${amount}${unit ?? 'h'}` };
}

/** An agent node (or a `run_agent` action) -> an agent step. */
export function convertAgent(id: string, data: Data, ctx: NodeContext, where: string): RawStep {
  const agentId =
    typeof data.agent_id === 'string' && /^[a-z0-9-]+$/.test(data.agent_id) ? data.agent_id : undefined;
  const type = typeof data.agent_type === 'string' ? data.agent_type : undefined;
  const agent = agentId ?? (type && type !== 'custom' ? agentNameForType(type) : undefined);
  if (!agent)
    ctx.report.error(
      'import/agent',
      'the agent node names no agent aexy can find',
      where,
      'set `agent:` to the name of an Agent document',
    );
  else
    ctx.report.info(
      'import/agent-document',
      `the step runs Agent "${agent}": make sure an Agent document with that name exists`,
      where,
    );
  const input: Data = {};
  for (const [key, path] of Object.entries(isData(data.input_mapping) ? data.input_mapping : {})) {
    input[key] = typeof path === 'string' ? convertTemplates(`{{${path}}}`, ctx.templates) : path;
  }
  const step: RawStep = { id, agent: agent ?? 'unknown-agent', input };
  if (data.wait_for_completion !== undefined) step.waitForCompletion = !!data.wait_for_completion;
  if (data.timeout_seconds !== undefined) step.timeout = `${Number(data.timeout_seconds)}s`;
  return step;
}

/** Conditions of a condition node (a list with conjunction/logic, or one field/operator/value) -> CEL. */
export function conditionCel(data: Data, ctx: NodeContext, where: string): string {
  const items = Array.isArray(data.conditions) ? (data.conditions as Data[]) : data.field ? [data] : [];
  if (items.length === 0) {
    ctx.report.error('import/empty-condition', 'the condition node has no conditions', where);
    return 'false';
  }
  const leaves = items.map((c, i) => leaf(c, ctx, `${where}.conditions[${i}]`));
  const conjunction = String(data.conjunction ?? data.logic ?? 'and').toLowerCase();
  const raw: RawCondition =
    leaves.length === 1 ? leaves[0] : conjunction === 'or' ? { any: leaves } : { all: leaves };
  const result = conditionsToCel(raw);
  for (const p of result.problems) ctx.report.error('import/condition', p.message, where, p.fix);
  return result.cel ?? 'false';
}

function leaf(c: Data, ctx: NodeContext, where: string): RawCondition {
  const rawOp = String(c.operator ?? c.op ?? '');
  const op = OPERATOR_IDS[rawOp];
  if (!op)
    ctx.report.error(
      'import/unknown-operator',
      `operator "${rawOp}" has no aexy equivalent`,
      where,
      'use one of the structured operators (docs/language.md)',
    );
  const field = fieldToCel(String(c.field ?? c.attribute ?? ''), ctx.templates);
  if (!field)
    ctx.report.error('import/unknown-field', `condition field "${String(c.field)}" cannot be mapped`, where);
  const value = convertTemplates(c.value, ctx.templates);
  return value === undefined
    ? { field: field ?? 'null', op: op ?? rawOp }
    : { field: field ?? 'null', op: op ?? rawOp, value };
}

export function isData(value: unknown): value is Data {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
