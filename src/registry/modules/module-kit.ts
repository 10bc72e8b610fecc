/**
 * Compact builders for module events: every event of a module carries the id and a snapshot of the
 * entity it is about (ticket, candidate, monitor ...), plus event-specific keys; and every trigger of a
 * module accepts the module's common filters.
 */
import { defineTrigger } from '../define.js';
import { data } from '../schema-helpers.js';
import type { JsonSchema, ModuleId, TriggerDef } from '../types.js';

type Props = Record<string, JsonSchema>;

export interface EventOptions {
  payload?: Props;
  config?: Props;
  required?: string[];
  modules?: ModuleId[];
}

/**
 * Returns a builder of `module` events whose payload holds `<entity>Id`, `<entity>` (the snapshot)
 * and `occurredAt`, and whose config accepts `filters`.
 */
export function eventKit(module: ModuleId, entity: string, snapshot: JsonSchema, filters: Props) {
  return (id: string, summary: string, options: EventOptions = {}): TriggerDef =>
    defineTrigger({
      id,
      modules: options.modules ?? [module],
      family: 'module',
      summary,
      config: { ...filters, ...options.config },
      required: options.required,
      payload: {
        [`${entity}Id`]: data.string(`Id of the ${entity}.`),
        [entity]: snapshot,
        occurredAt: data.dateTime('When the event happened.'),
        ...options.payload,
      },
    });
}

/** A scalar filter value in a trigger config. */
export const filterValue = (description: string): JsonSchema => ({
  type: ['string', 'number', 'boolean'],
  description,
});
