// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * The trigger router against the real dev server and a real workspace SQLite file: run limits under
 * concurrency, duplicate events, the causation depth limit, and a re-apply while a run waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../../src/ir/types.js';
import { RouterLoop } from '../../../src/runtime/router/router-loop.js';
import {
  automationIR,
  createStep,
  event,
  eventually,
  type RouterHarness,
  routable,
  startRouterHarness,
  uniqueName,
} from './router-harness.js';

let h: RouterHarness;
beforeAll(async () => {
  h = await startRouterHarness();
});
afterAll(async () => {
  await h?.close();
});

const finished = (status: string) => ['COMPLETED', 'FAILED', 'CANCELLED', 'SKIPPED'].includes(status);

describe('run limits', () => {
  it('50 concurrent events against runsPerMonth 10: exactly 10 runs and 40 SKIPPED run_limit rows', async () => {
    const name = uniqueName('limited');
    const ir = automationIR(name, { type: 'record.created', config: { object: 'leads' } }, [
      createStep('log', 'limit_tasks', { automation: name }),
    ]);
    ir.limits.runsPerMonth = 10;
    h.automations.push(routable(ir));
    // Two routers on separate connections, as two processes would be.
    const routers = [h.router(), h.router()];
    const events = Array.from({ length: 50 }, () => event('record.created', { object: 'leads' }));
    const results = await Promise.all(events.map((e, i) => routers[i % 2].route(e)));
    const outcomes = results.flatMap((r) => r.runs.map((x) => x.outcome));
    expect(outcomes.filter((o) => o === 'started')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(40);
    expect(await h.stores.runs.countRuns({ automation: name, status: 'SKIPPED', reason: 'run_limit' })).toBe(
      40,
    );
    const completed = await eventually(
      () => h.stores.runs.countRuns({ automation: name, status: 'COMPLETED' }),
      (n) => n === 10,
    );
    expect(completed).toBe(10);
    expect(
      await h.stores.records.list('limit_tasks', { where: [{ field: 'automation', op: 'eq', value: name }] }),
    ).toHaveLength(10);
  });

  it('a run whose conditions do not hold is SKIPPED conditions and does not count', async () => {
    const name = uniqueName('conditional');
    const ir = automationIR(name, { type: 'record.created', config: { object: 'deals' } }, [
      createStep('log', 'cond_tasks', { automation: name }),
    ]);
    ir.limits.runsPerMonth = 1;
    ir.conditions = { cel: 'record.values.amount >= 1000' };
    h.automations.push(routable(ir));
    const router = h.router();
    const small = (await router.route(dealEvent(10))).runs[0];
    const big = (await router.route(dealEvent(5000))).runs[0];
    const over = (await router.route(dealEvent(9000))).runs[0];
    expect([small.outcome, small.reason]).toEqual(['skipped', 'conditions']);
    expect(big.outcome).toBe('started');
    expect([over.outcome, over.reason]).toEqual(['skipped', 'run_limit']);
  });
});

describe('disabled automations', () => {
  it('record a SKIPPED disabled run instead of dropping the event', async () => {
    const name = uniqueName('disabled');
    const ir = automationIR(name, { type: 'record.created', config: { object: 'disabled_things' } }, []);
    ir.enabled = false;
    h.automations.push(routable(ir));
    const { runs } = await h.router().route(event('record.created', { object: 'disabled_things' }));
    expect(runs.map((r) => [r.outcome, r.reason])).toEqual([['skipped', 'disabled']]);
    expect((await h.stores.runs.getRun(runs[0].runId))?.status).toBe('SKIPPED');
  });
});

function dealEvent(amount: number) {
  const record = { id: `rec_${amount}`, object: 'deals', values: { amount } };
  return event('record.created', {
    object: 'deals',
    record,
    payload: { recordId: record.id, object: 'deals', values: record.values },
  });
}

describe('duplicate events', () => {
  it('the same event delivered twice (and by two routers at once) starts one run', async () => {
    const name = uniqueName('dedupe');
    const ir = automationIR(name, { type: 'email.replied', config: {} }, [
      createStep('note', 'dedupe_notes', { automation: name }),
    ]);
    h.automations.push(routable(ir));
    const once = event('email.replied', { payload: { emailId: 'm1' } });
    const [a, b] = await Promise.all([h.router().route(once), h.router().route(once)]);
    const again = await h.router().route(once);
    const outcomes = [...a.runs, ...b.runs, ...again.runs].map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['duplicate', 'duplicate', 'started']);
    const run = await eventually(
      () => h.stores.runs.getRun(a.runs[0].runId),
      (r) => !!r && finished(r.status),
    );
    expect(run?.status).toBe('COMPLETED');
    expect((await h.stores.runs.listRuns({ automation: name })).length).toBe(1);
    expect(
      await h.stores.records.list('dedupe_notes', {
        where: [{ field: 'automation', op: 'eq', value: name }],
      }),
    ).toHaveLength(1);
  });
});

describe('causation depth', () => {
  it('a self-retriggering automation stops at the depth limit with a FAILED causation_depth run', async () => {
    const name = uniqueName('bounce');
    const bump = {
      id: 'bump',
      kind: 'action',
      action: 'update_record',
      with: { values: { n: '${{ record.values.n + 1 }}' } },
    } as Step;
    const object = `counters_${name.replace(/-/g, '_')}`;
    h.automations.push(routable(automationIR(name, { type: 'record.updated', config: { object } }, [bump])));
    const router = h.router({ chainDepthLimit: 5 });
    const errors: string[] = [];
    const loop = new RouterLoop({
      router,
      events: h.stores.events,
      automations: async () => [...h.automations],
      name: 'test',
      intervalMs: 50,
      onError: (error) => errors.push(error.message),
    });
    const counter = await h.stores.records.create(object, { n: 0 });
    await h.stores.records.update(object, counter.record.id, { n: 1 });
    loop.start();
    try {
      const runs = await eventually(
        () => h.stores.runs.listRuns({ automation: name }),
        (list) => list.length === 6 && list.every((r) => finished(r.status)),
        45_000,
      );
      expect(errors).toEqual([]);
      const statuses = runs.map((r) => `${r.status}${r.reason === 'causation_depth' ? ':depth' : ''}`).sort();
      expect(statuses).toEqual([
        'COMPLETED',
        'COMPLETED',
        'COMPLETED',
        'COMPLETED',
        'COMPLETED',
        'FAILED:depth',
      ]);
      const stopped = runs.find((r) => r.status === 'FAILED')!;
      expect(stopped.causation).toHaveLength(5);
      expect(stopped.error?.message).toContain('limit is 5');
      expect((await h.stores.records.get(object, counter.record.id))?.values.n).toBe(6);
    } finally {
      await loop.stop();
    }
  });
});

describe('re-apply while a run waits', () => {
  it('the waiting run finishes on its old version; new runs use the new one', async () => {
    const name = uniqueName('patient');
    const object = `tickets_${name.replace(/-/g, '_')}`;
    const steps = (version: string): Step[] => [
      {
        id: 'await_reply',
        kind: 'wait',
        wait: { mode: 'event', event: 'email.replied', timeoutMs: 120_000 },
      } as Step,
      createStep(`note_${version}`, `${object}_notes`, { version }),
    ];
    const trigger = { type: 'record.created', config: { object } };
    h.automations.push(routable(automationIR(name, trigger, steps('v1')), 1));
    const router = h.router();
    const first = (await router.route(event('record.created', { object }))).runs[0];
    await eventually(
      () => h.stores.runs.steps(first.runId),
      (s) => s.some((x) => x.status === 'WAITING'),
    );
    // Re-apply: the router now sees version 2.
    const index = h.automations.findIndex((a) => a.name === name);
    h.automations[index] = routable(automationIR(name, trigger, steps('v2')), 2);
    const second = (await router.route(event('record.created', { object }))).runs[0];
    await eventually(
      () => h.stores.runs.steps(second.runId),
      (s) => s.some((x) => x.status === 'WAITING'),
    );
    const reply = await router.route(event('email.replied', { payload: { emailId: 'r1' } }));
    expect(reply.delivered.sort()).toEqual([first.runId, second.runId].sort());
    for (const [runId, version] of [
      [first.runId, 'v1'],
      [second.runId, 'v2'],
    ]) {
      const run = await eventually(
        () => h.stores.runs.getRun(runId),
        (r) => !!r && finished(r.status),
      );
      expect(run?.status).toBe('COMPLETED');
      expect(run?.version).toBe(version === 'v1' ? 1 : 2);
      expect((await h.stores.runs.steps(runId)).map((s) => s.stepKey)).toContain(`note_${version}`);
    }
    const notes = await h.stores.records.list(`${object}_notes`);
    expect(notes.map((n) => n.values.version).sort()).toEqual(['v1', 'v2']);
  });
});
