/**
 * Schema definitions generated from the registry: the `trigger` object (one `if/then` branch per
 * trigger type, holding that trigger's config schema) and `actionInput` (one branch per action, holding
 * its `with:` schema). Editors use the branches for completion. aexy's own validator compiles the
 * schema without them and checks each trigger / action step against its branch schema directly
 * (`registry-checks.ts`): same schemas, a fraction of the compile time.
 */
import type { ActionDef, JsonSchema, Registry, TriggerDef } from '../registry/types.js';
import { ifThen } from './fragments.js';

/** Whether the registry's per-trigger and per-action branches are inlined in the schema. */
export interface BranchOptions {
  branches: boolean;
}

/** Trigger ids that can also be waited for (`wait: {event: ...}`): every event, not schedules or dates. */
export function eventIds(registry: Registry): string[] {
  return [...registry.triggers.values()]
    .filter((t) => t.family !== 'schedule' && t.family !== 'date')
    .map((t) => t.id);
}

/** What the `trigger:` object of one trigger type may hold: `type` plus its config keys (closed). */
export function triggerBranch(t: TriggerDef): JsonSchema {
  return {
    ...t.config,
    description: `\`${t.id}\`: ${t.summary}`,
    properties: {
      type: { const: t.id, description: t.summary },
      ...(t.config.properties as Record<string, JsonSchema>),
    },
  };
}

/** What an action step of one action must satisfy: its `with:` against the input schema. */
export function actionBranch(a: ActionDef): JsonSchema {
  const branch: JsonSchema = {
    properties: { with: { ...a.input, description: `${a.summary} (input of \`${a.id}\`)` } },
  };
  if (Array.isArray(a.input.required) && a.input.required.length > 0) branch.required = ['with'];
  return branch;
}

/** The `trigger` definition: `type` selects the trigger; its config keys sit beside it. */
export function triggerDefinition(
  registry: Registry,
  options: BranchOptions = { branches: true },
): JsonSchema {
  const triggers = [...registry.triggers.values()];
  const definition: JsonSchema = {
    type: 'object',
    description:
      'What starts the automation: `type` (a registry trigger id) and that trigger’s configuration.',
    required: ['type'],
    properties: {
      type: {
        type: 'string',
        enum: triggers.map((t) => t.id),
        description:
          'Registry trigger id, dot style, e.g. `record.created`, `stage.changed`, `schedule.cron`. List: `aexy registry triggers`.',
        'x-code': 'schema/unknown-trigger',
      },
    },
  };
  if (options.branches) {
    definition.allOf = triggers.map((t) =>
      ifThen({ properties: { type: { const: t.id } }, required: ['type'] }, triggerBranch(t)),
    );
  }
  return definition;
}

/** The `actionInput` definition: checks `with:` of an action step against the action's input schema. */
export function actionInputDefinition(
  registry: Registry,
  options: BranchOptions = { branches: true },
): JsonSchema {
  const definition: JsonSchema = {
    description: 'Checks `with:` against the input schema of the step’s action.',
  };
  if (options.branches) {
    definition.allOf = [...registry.actions.values()].map((a) =>
      ifThen({ properties: { action: { const: a.id } }, required: ['action'] }, actionBranch(a)),
    );
  }
  return definition;
}
