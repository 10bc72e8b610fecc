import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monthKey } from '../../../src/workspace/counters.js';
import { openDatabase } from '../../../src/workspace/sqlite/open.js';
import { sqliteRuntimeStores } from '../../../src/workspace/sqlite/runtime-stores.js';
import { makeTempProject } from '../../helpers/project.js';

function stores() {
  const db = openDatabase(join(makeTempProject(), 'ws.db'));
  return { db, ...sqliteRuntimeStores(db) };
}

describe('record store', () => {
  it('emits record events and field/stage events per changed field', async () => {
    const { records, events } = stores();
    const created = await records.create('deals', { name: 'Acme', stage: 'lead', amount: 10 });
    const updated = await records.update('deals', created.record.id, { stage: 'negotiation', amount: 20 });
    expect(created.events.map((e) => e.type)).toEqual(['record.created']);
    expect(updated.events.map((e) => e.type)).toEqual([
      'record.updated',
      'field.changed',
      'stage.changed',
      'field.changed',
    ]);
    const stage = updated.events.find((e) => e.type === 'stage.changed')!;
    expect(stage.payload).toMatchObject({ field: 'stage', from: 'lead', to: 'negotiation' });
    expect(stage.changes).toEqual({
      stage: { from: 'lead', to: 'negotiation' },
      amount: { from: 10, to: 20 },
    });
    expect((await events.list()).length).toBe(5);
    const noop = await records.update('deals', created.record.id, { amount: 20 });
    expect(noop.events).toEqual([]);
  });

  it('writes once per idempotency key and returns the first result after', async () => {
    const { records, events } = stores();
    const first = await records.create('tasks', { title: 'call' }, { idempotencyKey: 'run1:step' });
    const again = await records.create('tasks', { title: 'call' }, { idempotencyKey: 'run1:step' });
    expect(again.replayed).toBe(true);
    expect(again.record.id).toBe(first.record.id);
    expect((await records.list('tasks')).length).toBe(1);
    expect((await events.list()).length).toBe(1);
  });

  it('lists with filters', async () => {
    const { records } = stores();
    await records.create('deals', { name: 'a', amount: 5 });
    await records.create('deals', { name: 'b', amount: 50 });
    const big = await records.list('deals', { where: [{ field: 'amount', op: 'gte', value: 10 }] });
    expect(big.map((r) => r.values.name)).toEqual(['b']);
  });
});

describe('event outbox', () => {
  it('lets each event be claimed once', async () => {
    const { events } = stores();
    const event = {
      id: 'e1',
      type: 'x.y',
      payload: {},
      causation: [],
      occurredAt: 'now',
      source: 'cli' as const,
    };
    expect(await events.append([event, event])).toBe(1);
    expect((await events.claim('r1', 10)).map((e) => e.event.id)).toEqual(['e1']);
    expect(await events.claim('r2', 10)).toEqual([]);
    expect(await events.claimOne('e1', 'r2')).toBeUndefined();
  });

  it('takes back claims of a router that died, never finished ones', async () => {
    const { events } = stores();
    const make = (id: string) => ({
      id,
      type: 'x.y',
      payload: {},
      causation: [],
      occurredAt: 'now',
      source: 'cli' as const,
    });
    await events.append([make('done'), make('lost')]);
    await events.claim('dead-router', 10);
    await events.finish('done');
    expect(await events.releaseStale(60_000)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await events.releaseStale(10)).toBe(1);
    expect((await events.claim('r2', 10)).map((e) => e.event.id)).toEqual(['lost']);
  });
});

describe('run-limit counters', () => {
  it('reserves up to the limit, idempotently per event, and releases', async () => {
    const { counters } = stores();
    const reserve = (eventId: string) =>
      counters.reserveRun({ automation: 'a', eventId, runId: `r-${eventId}`, period: '2026-11', limit: 2 });
    expect((await reserve('e1')).outcome).toBe('reserved');
    expect((await reserve('e1')).existing).toBe(true);
    expect((await reserve('e2')).outcome).toBe('reserved');
    expect((await reserve('e3')).outcome).toBe('over_limit');
    await counters.releaseRun('a', 'e2');
    expect((await reserve('e4')).outcome).toBe('reserved');
    expect(await counters.usedRuns('a', '2026-11')).toBe(2);
  });

  it('counts months in the workspace time zone', () => {
    const instant = new Date('2026-11-30T23:30:00Z');
    expect(monthKey(instant, 'UTC')).toBe('2026-11');
    expect(monthKey(instant, 'Europe/Berlin')).toBe('2026-12');
  });
});
