/**
 * The date-trigger scanner: for every enabled automation with a `date.approaching` / `date.passed`
 * trigger it reads the records of the trigger's object and, for each record whose date field makes
 * the trigger due now, emits one event into the outbox (targeted at that automation). Each
 * (automation, record, field value, offset) fires exactly once: the backend's DateTriggerStore
 * remembers the firing atomically with appending its event, so a restart (or a second scanner) never
 * fires it again, and a changed date value is a new firing. A firing missed while the runtime
 * was down is caught up when it next scans, as long as it was due at most `catchUpMs` ago (default
 * 7 days); older ones are not fired.
 */
import type { AutomationIR } from '../../ir/types.js';
import type { DateTriggerStore } from '../../workspace/backend.js';
import type { RuntimeEvent } from '../../workspace/events/types.js';
import type { RecordStore, StoredRecord } from '../../workspace/records/types.js';
import { type DateTriggerDef, dateTriggerOf, dueTime } from './due-time.js';

/** How far back a due firing is still caught up (7 days). */
export const DEFAULT_CATCH_UP_MS = 7 * 86_400_000;
const PAGE = 500;

export interface ScanOptions {
  /** The workspace's records (read) and date-trigger firings (written with their events). */
  records: RecordStore;
  dateTriggers: DateTriggerStore;
  automations: AutomationIR[];
  timeZone: string;
  now?: Date;
  catchUpMs?: number;
}

/** One firing the scan emitted. */
export interface DateFiring {
  automation: string;
  recordId: string;
  field: string;
  value: string;
  dueAt: string;
  eventId: string;
}

/** Scans once; returns the firings emitted by this scan (already-fired ones are not repeated). */
export async function scanDateTriggers(options: ScanOptions): Promise<DateFiring[]> {
  const now = (options.now ?? new Date()).getTime();
  const horizon = now - (options.catchUpMs ?? DEFAULT_CATCH_UP_MS);
  const fired: DateFiring[] = [];
  for (const automation of options.automations) {
    if (!automation.enabled) continue;
    const def = dateTriggerOf(automation, options.timeZone);
    if (!def) continue;
    for (let offset = 0; ; offset += PAGE) {
      const page = await options.records.list(def.object, { limit: PAGE, offset });
      for (const record of page) {
        const due = dueTime(def, record.values[def.field]);
        if (due === undefined || due > now || due <= horizon) continue;
        const firing = await fire(options.dateTriggers, def, record, due, new Date(now).toISOString());
        if (firing) fired.push(firing);
      }
      if (page.length < PAGE) break;
    }
  }
  return fired;
}

/** Remembers and emits one firing atomically; undefined when it had fired before. */
async function fire(
  store: DateTriggerStore,
  def: DateTriggerDef,
  record: StoredRecord,
  due: number,
  at: string,
): Promise<DateFiring | undefined> {
  const value = String(record.values[def.field]);
  const key = [def.automation, record.id, def.field, value, def.offsetMs].join('|');
  const eventId = `date:${def.automation}:${record.id}:${def.field}:${value}:${def.offsetMs}`;
  const dueAt = new Date(due).toISOString();
  const event: RuntimeEvent = {
    id: eventId,
    type: def.type,
    object: record.object,
    recordId: record.id,
    record: { id: record.id, object: record.object, values: record.values },
    payload: {
      recordId: record.id,
      object: record.object,
      values: record.values,
      field: def.field,
      date: value,
    },
    causation: [],
    occurredAt: dueAt,
    source: 'schedule',
    target: def.automation,
  };
  const fired = await store.fireOnce(
    {
      key,
      automation: def.automation,
      recordId: record.id,
      field: def.field,
      value,
      offsetMs: def.offsetMs,
      dueAt,
      eventId,
      firedAt: at,
    },
    event,
  );
  if (!fired) return undefined;
  return { automation: def.automation, recordId: record.id, field: def.field, value, dueAt, eventId };
}
