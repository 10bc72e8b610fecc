/**
 * Builders that turn the compact per-module tables into TriggerDef / ActionDef values, so each module
 * file reads as data: id, summary, the keys it accepts and the keys it produces.
 */
import { object, recordShape } from './schema-helpers.js';
import type { ActionDef, ActionModule, JsonSchema, ModuleId, TriggerDef, TriggerFamily } from './types.js';

type Props = Record<string, JsonSchema>;

export interface TriggerSpec {
  id: string;
  modules: ModuleId[];
  family: TriggerFamily;
  summary: string;
  /** Keys accepted under `trigger:` besides `type`. */
  config?: Props;
  required?: string[];
  /** Extra schema keywords for the config (e.g. an `anyOf` of required keys). */
  configExtra?: JsonSchema;
  payload: Props;
  payloadRequired?: string[];
  /** The event is about a CRM record: the `record` root is available. */
  record?: boolean;
}

/** A trigger definition with closed config and payload objects. */
export function defineTrigger(spec: TriggerSpec): TriggerDef {
  const def: TriggerDef = {
    id: spec.id,
    modules: spec.modules,
    family: spec.family,
    summary: spec.summary,
    config: {
      ...object(spec.config ?? {}, spec.required ?? [], `Configuration of \`${spec.id}\`.`),
      ...spec.configExtra,
    },
    payload: object(
      spec.payload,
      spec.payloadRequired ?? Object.keys(spec.payload),
      `Payload of \`${spec.id}\`.`,
    ),
  };
  if (spec.record) def.record = recordShape('The record the event is about.');
  return def;
}

export interface ActionSpec {
  id: string;
  module: ActionModule;
  summary: string;
  input: Props;
  required?: string[];
  /** Extra schema keywords for the input (e.g. "one of these keys is required"). */
  inputExtra?: JsonSchema;
  output: Props;
  outputRequired?: string[];
  sideEffect: boolean;
  example: unknown;
}

/** An action definition with a closed input object (`with:`) and a closed output object. */
export function defineAction(spec: ActionSpec): ActionDef {
  return {
    id: spec.id,
    module: spec.module,
    summary: spec.summary,
    input: {
      ...object(spec.input, spec.required ?? [], `Input of \`${spec.id}\` (the step's \`with:\`).`),
      ...spec.inputExtra,
    },
    output: object(
      spec.output,
      spec.outputRequired ?? Object.keys(spec.output),
      `Output of \`${spec.id}\` (\`steps.<id>.output\`).`,
    ),
    sideEffect: spec.sideEffect,
    exampleOutput: spec.example,
  };
}

/** "At least one of these keys": a readable error instead of an anyOf cascade. */
export function requireOneOf(keys: string[], what: string): JsonSchema {
  return {
    anyOf: keys.map((key) => ({ required: [key] })),
    errorMessage: `${what} needs one of: ${keys.map((k) => `\`${k}\``).join(', ')}`,
    'x-code': 'schema/required',
  };
}
