/**
 * Matching events to automations (pure). Automations are indexed by (trigger type, object) and then
 * filtered by module and by the trigger's own filters (`field`, `fields`, `from`, `to`, `list`, ...).
 * Every filter the registry defines is applied; the platform this models silently ignored its
 * field/stage filters, so an automation watching one field fired for every field.
 */
import { valuesEqual } from '../../cel/operator-functions.js';
import type { AutomationIR } from '../../ir/types.js';
import type { RuntimeEvent } from '../../workspace/events/types.js';

/** An automation's current applied version, as the router starts it. */
export interface RoutableAutomation {
  name: string;
  /** Store-wide id of the applied version (what the run records). */
  versionId: number | null;
  version: number | null;
  ir: AutomationIR;
}

/** Trigger config keys that configure when or how a trigger fires, never filter events. */
const NOT_FILTERS = new Set([
  'timezone',
  'cron',
  'at',
  'days',
  'day',
  'before',
  'after',
  'path',
  'signatureHeader',
  'allowUnsigned',
  'payloadSchema',
]);

/** Automations indexed by `type|object` (`*` for triggers without an object). */
export class AutomationIndex {
  private readonly byKey = new Map<string, RoutableAutomation[]>();

  /** `includeDisabled`: keep disabled automations so the router can record their SKIPPED runs. */
  constructor(automations: RoutableAutomation[], options: { includeDisabled?: boolean } = {}) {
    for (const automation of automations) {
      if (!automation.ir.enabled && !options.includeDisabled) continue;
      const object = automation.ir.trigger.config.object;
      const key = indexKey(automation.ir.trigger.type, typeof object === 'string' ? object : '*');
      const list = this.byKey.get(key) ?? [];
      list.push(automation);
      this.byKey.set(key, list);
    }
  }

  /** Automations whose trigger matches the event, in name order. */
  match(event: RuntimeEvent): RoutableAutomation[] {
    const candidates = [
      ...(event.object ? (this.byKey.get(indexKey(event.type, event.object)) ?? []) : []),
      ...(this.byKey.get(indexKey(event.type, '*')) ?? []),
    ];
    return candidates
      .filter((a) => triggerMatches(a.ir, event))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get size(): number {
    let n = 0;
    for (const list of this.byKey.values()) n += list.length;
    return n;
  }
}

function indexKey(type: string, object: string): string {
  return `${type}|${object}`;
}

/** Whether one automation's trigger (type, module, filters) accepts the event. */
export function triggerMatches(automation: AutomationIR, event: RuntimeEvent): boolean {
  const trigger = automation.trigger;
  if (trigger.type !== event.type) return false;
  if (event.target !== undefined && event.target !== automation.metadata.name) return false;
  if (event.module && event.module !== automation.module) return false;
  for (const [key, expected] of Object.entries(trigger.config)) {
    if (NOT_FILTERS.has(key) || expected === undefined) continue;
    if (!filterMatches(key, expected, event)) return false;
  }
  return true;
}

function filterMatches(key: string, expected: unknown, event: RuntimeEvent): boolean {
  const payload = event.payload ?? {};
  switch (key) {
    case 'object':
      return event.object === expected || payload.object === expected;
    case 'field':
      return payload.field === expected;
    case 'fields':
      return Array.isArray(expected) && expected.some((f) => event.changes?.[String(f)] !== undefined);
    case 'from':
      return 'from' in payload && valuesEqual(payload.from, expected);
    case 'to':
      return 'to' in payload && valuesEqual(payload.to, expected);
    default:
      return genericFilter(key, expected, event);
  }
}

/**
 * Other filters (`campaign`, `form`, `priority`, `team`, `tag`, ...) compare with the first value
 * found under that name: the payload key or its `<key>Id` form, then the event's record, then the
 * entity snapshots module events carry in their payload (`payload.ticket.priority`). An event carrying
 * none of them cannot be checked: it does not match. A filter list matches any of its values; an
 * array value (tags) matches when it contains one.
 */
function genericFilter(key: string, expected: unknown, event: RuntimeEvent): boolean {
  const actual = filterValue(key, event);
  if (actual === undefined) return false;
  const wanted = Array.isArray(expected) ? expected : [expected];
  const values = Array.isArray(actual) ? actual : [actual];
  return wanted.some((w) => values.some((v) => valuesEqual(v, w)));
}

function filterValue(key: string, event: RuntimeEvent): unknown {
  const payload = event.payload ?? {};
  if (key in payload) return payload[key];
  if (`${key}Id` in payload) return payload[`${key}Id`];
  const recordValues = event.record?.values as Record<string, unknown> | undefined;
  if (recordValues && key in recordValues) return recordValues[key];
  for (const nested of Object.values(payload)) {
    if (nested && typeof nested === 'object' && !Array.isArray(nested) && key in nested) {
      return (nested as Record<string, unknown>)[key];
    }
  }
  return undefined;
}
