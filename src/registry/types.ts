/**
 * The registry is data: every trigger with its config schema (what may appear under `trigger:`) and
 * payload schema (what `trigger.*` holds at run time), every action with its input schema (`with:`)
 * and output schema (`steps.<id>.output`). The JSON Schemas for editors, the compiler's type checks,
 * `aexy registry` and the runtime's dispatch all read this one source.
 *
 * Ids are canonical and spelled one way: triggers dot style (`record.created`, `stage.changed`),
 * actions snake_case verbs as the language design writes them (`send_email`, `update_record`).
 */

/** A JSON Schema (draft-07 subset that VS Code's YAML extension understands). */
export type JsonSchema = Record<string, unknown>;

export type ModuleId =
  | 'crm'
  | 'tickets'
  | 'hiring'
  | 'email_marketing'
  | 'uptime'
  | 'sprints'
  | 'forms'
  | 'booking'
  | 'tracking'
  | 'compliance';

export type TriggerFamily = 'record' | 'schedule' | 'date' | 'webhook' | 'communication' | 'user' | 'module';

export interface TriggerDef {
  id: string;
  /** Modules whose automations may use this trigger. */
  modules: ModuleId[];
  family: TriggerFamily;
  summary: string;
  /** Schema of the keys under `trigger:` other than `type`. */
  config: JsonSchema;
  /** Schema of `trigger.payload` (and, for record events, `record`). */
  payload: JsonSchema;
  /**
   * Schema of the `record` expression root, present when the event is about a CRM record
   * (record, field, stage, list and date triggers). Absent: `record` is not available.
   */
  record?: JsonSchema;
}

/** `common` actions are usable from every module. */
export type ActionModule = ModuleId | 'common';

export interface ActionDef {
  id: string;
  module: ActionModule;
  summary: string;
  input: JsonSchema;
  output: JsonSchema;
  /** True when running it changes something outside the run (records, email, HTTP...). Dry runs record instead. */
  sideEffect: boolean;
  /** What a dry run returns, and what docs show. */
  exampleOutput: unknown;
}

export interface Registry {
  modules: readonly ModuleId[];
  triggers: ReadonlyMap<string, TriggerDef>;
  actions: ReadonlyMap<string, ActionDef>;
}
