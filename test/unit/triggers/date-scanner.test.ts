import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AutomationIR } from '../../../src/ir/types.js';
import { dateTriggerOf, dueTime } from '../../../src/runtime/date-triggers/due-time.js';
import { scanDateTriggers } from '../../../src/runtime/date-triggers/scanner.js';
import { SqliteDateTriggerStore } from '../../../src/workspace/sqlite/date-trigger-store.js';
import { SqliteEventStore } from '../../../src/workspace/sqlite/event-store.js';
import { openDatabase } from '../../../src/workspace/sqlite/open.js';
import { SqliteRecordStore } from '../../../src/workspace/sqlite/record-store.js';

/** What the scanner reads and writes, on one SQLite connection. */
const stores = (db: Database) => ({
  records: new SqliteRecordStore(db),
  dateTriggers: new SqliteDateTriggerStore(db),
});

function automation(
  name: string,
  type: string,
  config: Record<string, unknown>,
  enabled = true,
): AutomationIR {
  return {
    kind: 'Automation',
    metadata: { name, labels: {}, protected: false },
    module: 'crm',
    enabled,
    trigger: { type, config },
    agents: [],
    limits: { concurrency: { mode: 'parallel' } },
    onError: 'stop',
    retry: { maxAttempts: 1, initialIntervalMs: 1000, backoff: 2, maxIntervalMs: 1000, on: [] },
    steps: [],
    source: { file: `${name}.yaml`, text: '' },
  } as AutomationIR;
}

const renewal = automation('renewal-reminder', 'date.approaching', {
  object: 'deals',
  field: 'renewal_date',
  before: '7d',
  timezone: 'Europe/Berlin',
});
const overdue = automation('overdue', 'date.passed', { object: 'deals', field: 'due_at' });

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aexy-date-'));
  path = join(dir, 'workspace.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function dateEvents(dbPath: string) {
  const db = openDatabase(dbPath);
  const events = (await new SqliteEventStore(db).list({ limit: 1000 })).map((s) => s.event);
  db.close();
  return events.filter((e) => e.type.startsWith('date.'));
}

describe('date triggers', () => {
  it('due time: date-only values fire at 09:00 local, whole days on the calendar across a DST change', () => {
    const def = dateTriggerOf(renewal, 'UTC');
    // 2026-04-02 minus 7 days = 2026-03-26, 09:00 CET (the clocks change on the 29th in between)
    expect(new Date(dueTime(def!, '2026-04-02') as number).toISOString()).toBe('2026-03-26T08:00:00.000Z');
    expect(new Date(dueTime(def!, '2026-04-02T12:00:00Z') as number).toISOString()).toBe(
      '2026-03-26T12:00:00.000Z',
    );
    expect(dueTime(def!, 'soon')).toBeUndefined();
  });

  it('fires each (record, value, offset) once, also after a restart, and again for a new value', async () => {
    let db = openDatabase(path);
    const records = new SqliteRecordStore(db);
    const deal = await records.create('deals', {
      name: 'Acme',
      renewal_date: '2026-04-02',
      due_at: '2026-03-20T10:00:00Z',
    });
    await records.create('deals', { name: 'Later', renewal_date: '2026-06-01' });
    const now = new Date('2026-03-26T12:00:00Z');
    const first = await scanDateTriggers({
      ...stores(db),
      automations: [renewal, overdue],
      timeZone: 'UTC',
      now,
    });
    expect(first.map((f) => [f.automation, f.recordId]).sort()).toEqual([
      ['overdue', deal.record.id],
      ['renewal-reminder', deal.record.id],
    ]);
    expect(
      await scanDateTriggers({ ...stores(db), automations: [renewal, overdue], timeZone: 'UTC', now }),
    ).toEqual([]);
    db.close();
    // "Restart": a new connection, a later scan: nothing fires twice.
    db = openDatabase(path);
    const later = new Date('2026-03-27T12:00:00Z');
    expect(
      await scanDateTriggers({ ...stores(db), automations: [renewal, overdue], timeZone: 'UTC', now: later }),
    ).toEqual([]);
    await new SqliteRecordStore(db).update('deals', deal.record.id, { renewal_date: '2026-04-03' });
    const moved = await scanDateTriggers({
      ...stores(db),
      automations: [renewal],
      timeZone: 'UTC',
      now: later,
    });
    expect(moved.map((f) => f.value)).toEqual(['2026-04-03']);
    db.close();
    const events = await dateEvents(path);
    expect(events).toHaveLength(3);
    const reminder = events.find((e) => e.type === 'date.approaching' && e.payload.date === '2026-04-02');
    expect(reminder).toMatchObject({ target: 'renewal-reminder', object: 'deals', recordId: deal.record.id });
    expect(reminder?.payload).toMatchObject({ field: 'renewal_date', date: '2026-04-02' });
  });

  it('catches up a firing missed while down for up to 7 days, never older ones; disabled automations never fire', async () => {
    const db = openDatabase(path);
    const records = new SqliteRecordStore(db);
    await records.create('deals', { name: 'six days ago', due_at: '2026-03-20T10:00:00Z' });
    await records.create('deals', { name: 'eight days ago', due_at: '2026-03-18T10:00:00Z' });
    await records.create('deals', { name: 'tomorrow', due_at: '2026-03-27T10:00:00Z' });
    const now = new Date('2026-03-26T11:00:00Z');
    const off = automation('overdue-off', 'date.passed', { object: 'deals', field: 'due_at' }, false);
    const fired = await scanDateTriggers({
      ...stores(db),
      automations: [overdue, off],
      timeZone: 'UTC',
      now,
    });
    expect(fired.map((f) => f.value)).toEqual(['2026-03-20T10:00:00Z']);
    db.close();
  });
});
