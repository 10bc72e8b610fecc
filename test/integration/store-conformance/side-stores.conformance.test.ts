/**
 * Conformance of the stores beside the runtime's: policy counters, the decisions log, webhook
 * secrets, date-trigger firings and action idempotency keys behave the same on SQLite and
 * PostgreSQL (asserted on both, then the two transcripts must be identical).
 */
import { describe, expect, it } from 'vitest';
import type { DateTriggerFiring } from '../../../src/workspace/backend.js';
import type { RuntimeEvent } from '../../../src/workspace/events/types.js';
import { onBoth, stamp } from './runtime-backends.js';

describe('policy counters conformance (SQLite = PostgreSQL)', () => {
  it('reserves all or nothing, settles, clamps at zero and reads', async () => {
    const out = await onBoth('policy_counters', async ({ policyCounters: c }) => {
      const steps = [
        await c.reserve('rate@1', 1, 2),
        await c.reserve('rate@1', 1, 2),
        await c.reserve('rate@1', 1, 2), // full
        await c.reserveAll([
          { key: 'tokens@1', amount: 500, limit: 1000 },
          { key: 'rate@2', amount: 1, limit: 1 },
        ]),
        await c.reserveAll([
          { key: 'tokens@1', amount: 400, limit: 1000 },
          { key: 'rate@2', amount: 1, limit: 1 }, // refused: nothing of this call counts
        ]),
        await c.reserveAll([]),
      ];
      expect(steps).toEqual([true, true, false, [], ['rate@2'], []]);
      await c.settle('tokens@1', 500, 1200); // real usage may pass the limit
      const overspent = await c.reserve('tokens@1', 1, 1000);
      await c.settle('tokens@1', 2000, 0); // never below zero
      await c.settle('rate@1', 1, 1); // no change
      const reads = [await c.read('tokens@1'), await c.read('rate@1'), await c.read('nope')];
      expect(overspent).toBe(false);
      expect(reads).toEqual([0, 2, 0]);
      const many = [...(await c.readMany(['rate@2', 'nope', 'rate@1'])).entries()];
      expect(many).toEqual([
        ['rate@2', 1],
        ['nope', 0],
        ['rate@1', 2],
      ]);
      return { steps, overspent, reads, many };
    });
    expect(out.postgres).toStrictEqual(out.sqlite);
  });
});

describe('decisions log conformance (SQLite = PostgreSQL)', () => {
  it('records with increasing ids and lists newest first by agent, outcome and run', async () => {
    const out = await onBoth('decisions', async ({ decisions }) => {
      const entry = (n: number, agent: string, outcome: 'ALLOW' | 'BLOCK', run?: string) => ({
        at: `2026-11-27T10:00:0${n}.000Z`,
        agent,
        tool: 'send_email',
        args: n === 2 ? undefined : { to: `x${n}@example.com`, api_key: '[REDACTED]' },
        outcome,
        matched: [{ policy: 'p', effect: 'allow' }] as never,
        reason: `reason ${n}`,
        ...(run ? { run } : {}),
      });
      const ids = [
        await decisions.record(entry(1, 'sales', 'ALLOW', 'run-1')),
        await decisions.record(entry(2, 'sales', 'BLOCK')),
        await decisions.record(entry(3, 'support', 'ALLOW', 'run-2')),
      ];
      expect(ids).toEqual([1, 2, 3]);
      const lists = {
        all: await decisions.list(),
        sales: await decisions.list({ agent: 'sales' }),
        blocked: await decisions.list({ outcome: 'BLOCK' as never }),
        run: await decisions.list({ run: 'run-2', agent: '' }),
        one: await decisions.list({ limit: 1 }),
      };
      expect(lists.all.map((d) => d.id)).toEqual([3, 2, 1]);
      expect(lists.sales.map((d) => d.reason)).toEqual(['reason 2', 'reason 1']);
      expect(lists.blocked[0]).not.toHaveProperty('run');
      expect(lists.blocked[0].args).toBeNull();
      expect(lists.run.map((d) => d.id)).toEqual([3]);
      return { ids, lists };
    });
    expect(out.postgres).toStrictEqual(out.sqlite);
  });
});

describe('webhook secrets conformance (SQLite = PostgreSQL)', () => {
  it('creates once, rotates with a grace period and lists the valid secrets', async () => {
    const out = await onBoth('secrets', async (stores) => {
      let now = new Date('2026-11-27T10:00:00.000Z');
      const secrets = stores.secretsAt(() => now);
      const before = { get: await secrets.get('hook'), valid: await secrets.valid('hook') };
      expect(before).toStrictEqual({ get: undefined, valid: [] });
      const first = await secrets.ensure('hook');
      expect(first.secret).toMatch(/^whsec_/);
      expect(await secrets.ensure('hook')).toStrictEqual(first);
      now = new Date('2026-11-27T11:00:00.000Z');
      const rotated = await secrets.rotate('hook', 60_000);
      expect(rotated.previous?.secret).toBe(first.secret);
      const during = await secrets.valid('hook');
      expect(during).toEqual([rotated.secret, first.secret]);
      now = new Date('2026-11-27T11:01:00.000Z'); // grace over (validUntil is exclusive)
      const after = await secrets.valid('hook');
      expect(after).toEqual([rotated.secret]);
      const fresh = await secrets.rotate('new-hook'); // rotating a missing secret creates it first
      const mask = (s: string) => (s === first.secret ? 'first' : s === rotated.secret ? 'rotated' : 'other');
      return {
        first: { ...first, secret: 'first' },
        rotated: {
          ...rotated,
          secret: mask(rotated.secret),
          previous: { ...rotated.previous, secret: 'first' },
        },
        during: during.map(mask),
        after: after.map(mask),
        fresh: { ...fresh, secret: 'x', previous: { ...fresh.previous, secret: 'y' } },
        again: (await secrets.get('hook'))?.rotatedAt,
      };
    });
    expect(out.postgres).toStrictEqual(out.sqlite);
  });
});

describe('date triggers and idempotency conformance (SQLite = PostgreSQL)', () => {
  it('fires a date trigger once and appends its event with the firing time', async () => {
    const out = await onBoth('date_triggers', async ({ dateTriggers, runtime: { events } }) => {
      const firing: DateTriggerFiring = {
        key: 'renewal|rec_1|renews_on|2026-12-01|-86400000',
        automation: 'renewal',
        recordId: 'rec_1',
        field: 'renews_on',
        value: '2026-12-01',
        offsetMs: -86_400_000 * 30,
        dueAt: '2026-11-01T00:00:00.000Z',
        eventId: 'date:renewal:rec_1',
        firedAt: '2026-11-27T10:00:00.000Z',
      };
      const event: RuntimeEvent = {
        id: firing.eventId,
        type: 'date.approaching',
        payload: { field: 'renews_on' },
        causation: [],
        occurredAt: firing.dueAt,
        source: 'schedule',
        target: 'renewal',
      };
      const fired = [await dateTriggers.fireOnce(firing, event), await dateTriggers.fireOnce(firing, event)];
      expect(fired).toEqual([true, false]);
      const stored = await events.get(firing.eventId);
      expect(stored?.createdAt).toBe(firing.firedAt);
      const other = await dateTriggers.fireOnce(
        { ...firing, key: 'other', eventId: 'e2' },
        { ...event, id: 'e2' },
      );
      return { fired, other, stored, count: (await events.list()).length };
    });
    expect(out.postgres).toStrictEqual(out.sqlite);
  });

  it('keeps the first output of an action key', async () => {
    const out = await onBoth('idempotency', async ({ idempotency }) => {
      const missing = await idempotency.get('action:k1');
      await idempotency.put('action:k1', { sent: 1, to: ['a'] });
      await idempotency.put('action:k1', { sent: 2 });
      await idempotency.put('action:k2', undefined);
      const got = [await idempotency.get('action:k1'), await idempotency.get('action:k2')];
      expect(missing).toBeUndefined();
      expect(got).toStrictEqual([{ output: { sent: 1, to: ['a'] } }, { output: null }]);
      return { missing, got, stamp: stamp(null) };
    });
    expect(out.postgres).toStrictEqual(out.sqlite);
  });
});
