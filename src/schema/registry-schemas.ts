/**
 * Schema definitions generated from the registry: the `trigger` object (one `if/then` branch per
 * trigger type, holding that trigger's config schema) and `actionInput` (one branch per action, holding
 * its `with:` schema). Editors use the branches for completion; ajv uses them to validate.
 */
import type { JsonSchema, Registry } from '../registry/types.js';
import { ifThen } from './fragments.js';

/** Trigger ids that can also be waited for (`wait: {event: ...}`): every event, not schedules or dates. */
export function eventIds(registry: Registry): string[] {
  return [...registry.triggers.values()]
    .filter((t) => t.family !== 'schedule' && t.family !== 'date')
    .map((t) => t.id);
}

/** The `trigger` definition: `type` selects the trigger; its config keys sit beside it. */
export function triggerDefinition(registry: Registry): JsonSchema {
  const triggers = [...registry.triggers.values()];
  return {
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
    allOf: triggers.map((t) =>
      ifThen(
        { properties: { type: { const: t.id } }, required: ['type'] },
        {
          ...t.config,
          description: `\`${t.id}\`: ${t.summary}`,
          properties: {
            type: { const: t.id, description: t.summary },
            ...(t.config.properties as Record<string, JsonSchema>),
          },
        },
      ),
    ),
  };
}

/** The `actionInput` definition: checks `with:` of an action step against the action's input schema. */
export function actionInputDefinition(registry: Registry): JsonSchema {
  return {
    description: 'Checks `with:` against the input schema of the step’s action.',
    allOf: [...registry.actions.values()].map((a) => {
      const consequence: JsonSchema = {
        properties: { with: { ...a.input, description: `${a.summary} (input of \`${a.id}\`)` } },
      };
      if (Array.isArray(a.input.required) && a.input.required.length > 0) consequence.required = ['with'];
      return ifThen({ properties: { action: { const: a.id } }, required: ['action'] }, consequence);
    }),
  };
}
