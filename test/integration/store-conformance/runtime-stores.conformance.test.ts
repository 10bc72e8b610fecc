/**
 * Runtime store conformance: the run log, event outbox and run-limit counters behave the same on
 * SQLite and PostgreSQL. Each scenario asserts its behaviour on both backends, then the two
 * transcripts must be identical (values, order, null vs missing), so the runtime cannot tell them apart.
 */
import { describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '../../../src/workspace/events/types.js';
import type { NewRun } from '../../../src/workspace/runs/types.js';
import { onBoth, stamp } from './runtime-backends.js';

const T = (minute: number) => `2026-11-27T10:${String(minute).padStart(2, '0')}:00.000Z`;

function event(id: string, type = 'record.created', causation: string[] = []): RuntimeEvent {
  return { id, type, object: 'deals', payload: { n: id }, causation, occurredAt: T(0), source: 'cli' };
}

function run(id: string, automation: string, at: string, extra: Partial<NewRun> = {}): NewRun {
  const e = event(`evt_${id}`, 'record.created', ['r0']);
  return { id, automation, versionId: 7, version: 2, status: 'PENDING', event: e, at, ...extra };
}

describe('run store conformance (SQLite = PostgreSQL)', () => {
  it('creates, updates, lists, counts and deletes runs the same way', async () => {
    const out = await onBoth('runs', async ({ runtime: { runs } }) => {
      expect(await runs.createRun(run('r1', 'a', T(1)))).toBe(true);
      expect(await runs.createRun(run('r1', 'b', T(2)))).toBe(false);
      await runs.createRun(run('r2', 'a', T(2), { status: 'SKIPPED', reason: 'conditions' }));
      await runs.createRun(run('r3', 'b', T(2), { workflowId: 'wf-3', error: { type: 'x', message: 'y' } }));
      await runs.createRun(run('r4', 'a', T(3), { versionId: null, version: null }));
      await runs.updateRun('r1', { status: 'RUNNING', temporalRunId: 'tr-1', at: T(4) });
      await runs.updateRun('r1', { status: 'COMPLETED', at: T(5) });
      await runs.updateRun('r1', { status: 'RUNNING', at: T(6) }); // late duplicate: ignored
      await runs.updateRun('r3', { error: null, reason: 'run_limit', versionId: 9, version: 3, at: T(7) });
      await runs.updateRun('r4', { status: 'FAILED', error: { type: 'e', message: 'm', retryable: true } });
      const r1 = await runs.getRun('r1');
      expect(r1).toMatchObject({ status: 'COMPLETED', startedAt: T(4), finishedAt: T(5), updatedAt: T(5) });
      expect(r1?.depth).toBe(1);
      await runs.deleteRun('r2', 'RUNNING'); // wrong status: kept
      const listed = (await runs.listRuns()).map((r) => r.id);
      expect(listed).toEqual(['r4', 'r3', 'r2', 'r1']); // newest first, later insert first on a tie
      const filtered = {
        byAutomation: (await runs.listRuns({ automation: 'a' })).map((r) => r.id),
        byEvents: (await runs.listRuns({ eventIds: ['evt_r1', 'evt_r3', 'nope'] })).map((r) => r.id),
        byStatus: (await runs.listRuns({ status: ['SKIPPED', 'FAILED'] })).map((r) => r.id),
        window: (await runs.listRuns({ since: T(2), until: T(3) })).map((r) => r.id),
        limited: (await runs.listRuns({ limit: 2 })).map((r) => r.id),
        none: await runs.listRuns({ eventIds: [] }),
      };
      expect(filtered.byEvents).toEqual(['r3', 'r1']);
      expect(filtered.window).toEqual(['r3', 'r2']);
      const counts = [
        await runs.countRuns({}),
        await runs.countRuns({ automation: 'a' }),
        await runs.countRuns({ status: 'SKIPPED', reason: 'conditions' }),
        await runs.countRuns({ since: T(3) }),
      ];
      expect(counts).toEqual([4, 3, 1, 1]);
      await runs.deleteRun('r2', 'SKIPPED');
      const after = { gone: await runs.getRun('r2'), missing: await runs.getRun('nope') };
      expect(after).toStrictEqual({ gone: undefined, missing: undefined });
      const all = await runs.listRuns({ limit: 10 });
      return {
        all: all.map((r) => ({
          ...r,
          updatedAt: r.id === 'r4' ? stamp(r.updatedAt) : r.updatedAt,
          finishedAt: r.id === 'r4' ? stamp(r.finishedAt) : r.finishedAt,
        })),
        filtered,
        counts,
        after,
      };
    });
    expect(out.postgres).toStrictEqual(out.sqlite);
  });

  it('writes steps with stable order, no reopening, errors, notes, waits and active runs', async () => {
    const out = await onBoth('steps', async ({ runtime: { runs } }) => {
      await runs.createRun(run('r1', 'a', T(1)));
      await runs.createRun(run('r2', 'b', T(1)));
      const step = { stepId: 'notify', kind: 'action' };
      await runs.writeStep('r1', 'notify', { ...step, status: 'RUNNING', input: { to: 'x' }, at: T(2) });
      await runs.writeStep('r1', 'wait', {
        stepId: 'wait',
        kind: 'wait',
        status: 'WAITING',
        at: T(2),
        input: { mode: 'event', event: 'email.replied' },
      });
      await runs.writeStep('r1', 'notify', { ...step, status: 'SUCCESS', output: { ok: true }, at: T(3) });
      await runs.writeStep('r1', 'notify', { ...step, status: 'RUNNING', at: T(4) }); // late: stays SUCCESS
      await runs.writeStep('r1', 'each[1].x', {
        stepId: 'x',
        kind: 'action',
        status: 'FAILED',
        error: { type: 'http', message: '500', retryable: true },
        at: T(5),
      });
      await runs.writeStep('r1', 'each[1].x', {
        stepId: 'x',
        kind: 'action',
        status: 'RETRYING',
        attempt: 2,
        at: T(6),
      });
      await runs.writeStep('r1', 'each[2].x', {
        stepId: 'x',
        kind: 'action',
        status: 'FAILED',
        error: { type: 'e', message: 'no' },
        at: T(6),
      });
      const steps = await runs.steps('r1');
      expect(steps.map((s) => [s.stepKey, s.seq, s.status, s.attempt])).toEqual([
        ['notify', 1, 'SUCCESS', 1],
        ['wait', 2, 'WAITING', 1],
        ['each[1].x', 3, 'RETRYING', 2],
        ['each[2].x', 4, 'FAILED', 1],
      ]);
      expect(steps[0]).toMatchObject({
        input: { to: 'x' },
        output: { ok: true },
        startedAt: T(2),
        finishedAt: T(3),
        error: null,
      });
      await runs.addNote({ runId: 'r1', stepKey: null, note: 'escalated', data: { to: 'ops' }, at: T(7) });
      await runs.addNote({ runId: 'r1', stepKey: null, note: 'escalated', data: { to: 'again' }, at: T(7) });
      await runs.addNote({ runId: 'r1', stepKey: 'wait', note: 'late', data: undefined, at: T(8) });
      const notes = await runs.notes('r1');
      expect(notes.map((n) => n.note)).toEqual(['escalated', 'late']);
      const waiting = {
        replied: await runs.runsWaitingForEvent('email.replied'),
        other: await runs.runsWaitingForEvent('email.opened'),
        active: (await runs.activeRuns(['a', 'b'])).sort(),
        none: await runs.activeRuns([]),
      };
      expect(waiting.replied).toEqual(['r1']);
      await runs.updateRun('r1', { status: 'CANCELLED', at: T(9) });
      const afterCancel = {
        replied: await runs.runsWaitingForEvent('email.replied'),
        active: await runs.activeRuns(['a', 'b']),
      };
      expect(afterCancel).toEqual({ replied: [], active: ['r2'] });
      return { steps, notes, waiting, afterCancel, empty: await runs.steps('nope') };
    });
    expect(out.postgres).toStrictEqual(out.sqlite);
  });
});

describe('event outbox conformance (SQLite = PostgreSQL)', () => {
  it('appends, claims oldest first, releases, finishes and takes back stale claims', async () => {
    const out = await onBoth('events', async ({ runtime: { events } }) => {
      const view = (e: Awaited<ReturnType<typeof events.get>>) =>
        e && {
          ...e,
          createdAt: stamp(e.createdAt),
          routedAt: stamp(e.routedAt),
          finishedAt: stamp(e.finishedAt),
        };
      const appended = [
        await events.append([event('e1'), event('e2', 'stage.changed', ['r9']), event('e1')]),
        await events.append([event('e2'), event('e3'), event('e4'), event('e5')]),
        await events.append([]),
      ];
      expect(appended).toEqual([2, 3, 0]);
      const first = await events.claim('router-a', 2);
      expect(first.map((e) => [e.event.id, e.seq, e.routedBy])).toEqual([
        ['e1', 1, 'router-a'],
        ['e2', 2, 'router-a'],
      ]);
      const one = await events.claimOne('e4', 'router-b');
      const again = await events.claimOne('e4', 'router-c');
      expect(again).toBeUndefined();
      const next = await events.claim('router-b', 10);
      expect(next.map((e) => e.event.id)).toEqual(['e3', 'e5']);
      expect(await events.claim('router-b', 10)).toEqual([]);
      await events.release('e1');
      await events.finish('e2');
      const unrouted = (await events.list({ unroutedOnly: true })).map((e) => e.event.id);
      expect(unrouted).toEqual(['e1']);
      const stale = await events.releaseStale(-60_000); // every unfinished claim counts as stale
      expect(stale).toBe(3);
      const list = (await events.list({ limit: 3 })).map(view);
      expect(list.map((e) => e?.event.id)).toEqual(['e5', 'e4', 'e3']);
      const reclaimed = (await events.claim('router-d', 10)).map((e) => e.event.id);
      expect(reclaimed).toEqual(['e1', 'e3', 'e4', 'e5']);
      return {
        appended,
        first: first.map(view),
        one: view(one),
        next: next.map(view),
        stale,
        list,
        reclaimed,
        e2: view(await events.get('e2')),
        missing: await events.get('nope'),
        claimMissing: await events.claimOne('nope', 'x'),
      };
    });
    expect(out.postgres).toStrictEqual(out.sqlite);
  });
});

describe('run-limit counter conformance (SQLite = PostgreSQL)', () => {
  it('reserves up to the limit, remembers outcomes per event, releases and cancels', async () => {
    const out = await onBoth('counters', async ({ runtime: { counters } }) => {
      const req = (eventId: string, period = '2026-11', limit: number | undefined = 2) => ({
        automation: 'welcome',
        eventId,
        runId: `run_${eventId}`,
        period,
        limit,
      });
      const answers = [
        await counters.reserveRun(req('e1')),
        await counters.reserveRun(req('e2')),
        await counters.reserveRun(req('e3')),
        await counters.reserveRun(req('e1')), // the same event again: its first outcome
        await counters.reserveRun(req('e3', '2026-12')), // remembered across periods too
        await counters.reserveRun(req('e9', '2026-12', undefined)),
      ];
      expect(answers.map((a) => [a.outcome, a.used, a.existing])).toEqual([
        ['reserved', 1, false],
        ['reserved', 2, false],
        ['over_limit', 2, false],
        ['reserved', 2, true],
        ['over_limit', 2, true],
        ['reserved', 1, false],
      ]);
      await counters.releaseRun('welcome', 'e2');
      await counters.releaseRun('welcome', 'e3'); // over_limit: no-op
      const afterRelease = [
        await counters.usedRuns('welcome', '2026-11'),
        await counters.reserveRun(req('e2')),
      ];
      await counters.cancelReservation('welcome', 'e1');
      const afterCancel = [
        await counters.usedRuns('welcome', '2026-11'),
        await counters.reserveRun(req('e1')),
      ];
      expect(afterCancel).toEqual([0, { outcome: 'reserved', used: 1, existing: false }]);
      return { answers, afterRelease, afterCancel, other: await counters.usedRuns('other', '2026-11') };
    });
    expect(out.postgres).toStrictEqual(out.sqlite);
  });
});
