/**
 * `classify_record`, `generate_summary` and `enrich_record` through the configured OpenAI-compatible
 * model. The model sees the record (or text) as data in the user message and its task in the system
 * message; its JSON answer is validated against the action's registry output schema (tightened where
 * the input constrains it, e.g. `label` must be one of `labels`) before it becomes the step output.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { registry } from '../../registry/index.js';
import type { JsonSchema } from '../../registry/types.js';
import type { ActionContext, ActionHandlers, StoredRecord } from '../activities/ports.js';
import { type ChatMessage, completeJson } from '../transports/chat-model.js';
import type { TransportConfig } from '../transports/config.js';
import { finalFailure, TRANSPORT_ERROR_TYPES } from '../transports/failure.js';

const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

/** The AI action handlers. */
export function createAiHandlers(config: TransportConfig): ActionHandlers {
  return {
    classify_record: (input, ctx) => classify(input, ctx, config),
    generate_summary: (input, ctx) => summarise(input, ctx, config),
    enrich_record: (input, ctx) => enrich(input, ctx, config),
  };
}

async function classify(input: Record<string, unknown>, ctx: ActionContext, config: TransportConfig) {
  const labels = (input.labels as unknown[]).map(String);
  const subject = await subjectOf(input, ctx, config, 'classify_record');
  const system = [
    'You classify a CRM record or a text into exactly one label.',
    `Allowed labels: ${JSON.stringify(labels)}.`,
    typeof input.instructions === 'string' ? `What the labels mean: ${input.instructions}` : '',
    'Answer with a JSON object {"label": string, "confidence": number between 0 and 1, "reasoning": one short sentence}.',
  ];
  const answer = await ask(system, subject, ctx, config, 'classify_record');
  const schema = withProperty(outputSchema('classify_record'), 'label', { type: 'string', enum: labels });
  return checked(answer, schema, 'classify_record');
}

async function summarise(input: Record<string, unknown>, ctx: ActionContext, config: TransportConfig) {
  const maxWords = Number(input.maxWords ?? 120);
  const subject = await subjectOf(input, ctx, config, 'generate_summary');
  const system = [
    `Summarise the CRM record or text in at most ${maxWords} words, plainly, without inventing facts.`,
    typeof input.instructions === 'string' ? `Focus: ${input.instructions}` : '',
    'Answer with a JSON object {"summary": string}.',
  ];
  return checked(
    await ask(system, subject, ctx, config, 'generate_summary'),
    outputSchema('generate_summary'),
    'generate_summary',
  );
}

/** Asks for values of the target attributes only, drops nulls, writes what is left, reports it. */
async function enrich(input: Record<string, unknown>, ctx: ActionContext, config: TransportConfig) {
  const record = await recordOf(input, ctx, config, 'enrich_record');
  const targets = enrichTargets(record, input);
  const sources = Array.isArray(input.sources) ? input.sources.map(String) : ['company', 'person', 'web'];
  if (targets.length === 0) return { recordId: record.id, enriched: {}, sources: [] };
  const system = [
    `You enrich a CRM ${record.object} record from what you know about the ${sources.join(', ')} it describes.`,
    `Fill only these attributes: ${JSON.stringify(targets)}; use null when you do not know a value.`,
    `Answer with a JSON object {"values": {attribute: value|null}, "sources": subset of ${JSON.stringify(sources)} you used}.`,
  ];
  const answer = checked(
    await ask(system, JSON.stringify(record), ctx, config, 'enrich_record'),
    enrichAnswerSchema(sources),
    'enrich_record',
  ) as {
    values: Record<string, unknown>;
    sources: string[];
  };
  const enriched = Object.fromEntries(
    Object.entries(answer.values).filter(([key, value]) => targets.includes(key) && value !== null),
  );
  if (Object.keys(enriched).length > 0) await writeValues(record.id, enriched, ctx, config);
  return { recordId: record.id, enriched, sources: Object.keys(enriched).length > 0 ? answer.sources : [] };
}

/** `fields` (default: every attribute of the record); without `overwrite`, only the empty ones. */
function enrichTargets(record: StoredRecord, input: Record<string, unknown>): string[] {
  const fields = Array.isArray(input.fields) ? input.fields.map(String) : Object.keys(record.values);
  const overwrite = input.overwrite === true || input.overwrite === 'true';
  return fields.filter((field) => overwrite || isEmpty(record.values[field]));
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

async function writeValues(
  id: string,
  values: Record<string, unknown>,
  ctx: ActionContext,
  config: TransportConfig,
) {
  const records = requireRecords(config, 'enrich_record');
  await records.update(id, values, {
    idempotencyKey: ctx.idempotencyKey,
    workspace: ctx.workspace,
    runId: ctx.runId,
    automation: ctx.automation,
    causation: ctx.causation,
  });
}

/** The text to work on: `text` when given, else the record as JSON. */
async function subjectOf(
  input: Record<string, unknown>,
  ctx: ActionContext,
  config: TransportConfig,
  what: string,
) {
  if (typeof input.text === 'string' && input.text !== '') return input.text;
  return JSON.stringify(await recordOf(input, ctx, config, what));
}

async function recordOf(
  input: Record<string, unknown>,
  ctx: ActionContext,
  config: TransportConfig,
  what: string,
) {
  const id = typeof input.record === 'string' && input.record !== '' ? input.record : ctx.record?.id;
  if (!id)
    throw finalFailure(
      TRANSPORT_ERROR_TYPES.input,
      `${what} needs \`record\` (or \`text\`): the trigger has no record`,
    );
  const record = await requireRecords(config, what).get(id);
  if (!record) throw finalFailure('not_found', `${what}: record ${id} does not exist`);
  return record;
}

function requireRecords(config: TransportConfig, what: string) {
  if (!config.records)
    throw finalFailure(TRANSPORT_ERROR_TYPES.notConfigured, `${what} needs the record store`);
  return config.records;
}

async function ask(
  system: string[],
  subject: string,
  ctx: ActionContext,
  config: TransportConfig,
  what: string,
) {
  const messages: ChatMessage[] = [
    { role: 'system', content: system.filter((line) => line !== '').join('\n') },
    { role: 'user', content: subject },
  ];
  return (await completeJson(messages, config, ctx, what)).value;
}

/** Returns `value` when it matches `schema`, else fails with the validation errors. */
function checked(value: unknown, schema: JsonSchema, what: string): unknown {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    if (compiled.size < 200) compiled.set(key, validate);
  }
  if (validate(value)) return value;
  const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
  throw finalFailure(
    TRANSPORT_ERROR_TYPES.modelOutput,
    `${what}: the model answer does not match the output schema: ${problems}`,
  );
}

function outputSchema(action: string): JsonSchema {
  const def = registry.actions.get(action);
  if (!def) throw new Error(`registry has no action ${action}`);
  return def.output;
}

function withProperty(schema: JsonSchema, name: string, extra: JsonSchema): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema>;
  return { ...schema, properties: { ...properties, [name]: { ...properties[name], ...extra } } };
}

function enrichAnswerSchema(sources: string[]): JsonSchema {
  return {
    type: 'object',
    required: ['values', 'sources'],
    properties: {
      values: { type: 'object' },
      sources: { type: 'array', items: { type: 'string', enum: sources } },
    },
  };
}
