// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * Schedule reconciliation against the shared dev server: create, update, pause when disabled,
 * delete when gone; and a fire (triggered now) that goes through the outbox and the router to a
 * completed run, with the event id of its scheduled time.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationIR, Step } from '../../../src/ir/types.js';
import { createRuntimeActivities } from '../../../src/runtime/activities/runtime-activities.js';
import { workspacePorts } from '../../../src/runtime/ports/workspace-ports.js';
import { Router } from '../../../src/runtime/router/router.js';
import { RouterLoop } from '../../../src/runtime/router/router-loop.js';
import { createScheduleActivities } from '../../../src/runtime/schedules/fire-activities.js';
import { reconcileSchedules } from '../../../src/runtime/schedules/reconcile.js';
import { scheduleIdFor } from '../../../src/runtime/schedules/schedule-spec.js';
import { openSqliteBackend, type SqliteBackend } from '../../../src/workspace/sqlite/backend.js';
import {
  connectTemporal,
  createTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
} from '../../helpers/temporal.js';

function scheduled(
  name: string,
  trigger: AutomationIR['trigger'],
  over: Partial<AutomationIR> = {},
): AutomationIR {
  return {
    kind: 'Automation',
    metadata: { name, labels: {}, protected: false },
    module: 'crm',
    enabled: true,
    trigger,
    agents: [],
    limits: { concurrency: { mode: 'single' } },
    onError: 'stop',
    retry: { maxAttempts: 1, initialIntervalMs: 100, backoff: 2, maxIntervalMs: 100, on: [] },
    steps: [
      {
        id: 'note',
        kind: 'action',
        action: 'create_record',
        with: { object: 'notes', values: { at: '${{ trigger.payload.scheduledAt }}' } },
      } as unknown as Step,
    ],
    source: { file: `${name}.yaml`, text: '' },
    ...over,
  } as AutomationIR;
}

let temporal: TemporalTestContext;
let dir: string;
let backend: SqliteBackend;
let worker: Worker;
let running: Promise<void>;
const workspace = `ws-${randomUUID().slice(0, 8)}`;
const taskQueue = uniqueTaskQueue('schedules');

beforeAll(async () => {
  temporal = await connectTemporal();
  dir = mkdtempSync(join(tmpdir(), 'aexy-schedules-'));
  backend = openSqliteBackend(join(dir, 'workspace.db'));
  worker = await createTestWorker(temporal, {
    taskQueue,
    activities: {
      ...createRuntimeActivities(workspacePorts(backend)),
      ...createScheduleActivities(backend.runtime),
    },
  });
  running = worker.run();
});

afterAll(async () => {
  for await (const s of temporal.client.schedule.list()) {
    if (s.scheduleId.includes(workspace)) await temporal.client.schedule.getHandle(s.scheduleId).delete();
  }
  worker.shutdown();
  await running;
  await backend.close();
  await temporal.close();
  rmSync(dir, { recursive: true, force: true });
});

const reconcile = (automations: AutomationIR[]) =>
  reconcileSchedules({
    client: temporal.client,
    workspace,
    taskQueue,
    timeZone: 'Europe/Berlin',
    automations,
  });

describe('schedule reconciliation', () => {
  it('creates, updates, pauses, unpauses and deletes', async () => {
    const report = scheduled('weekly-report', {
      type: 'schedule.weekly',
      config: { day: 'monday', at: '08:30' },
    });
    const id = scheduleIdFor(workspace, 'weekly-report');
    expect((await reconcile([report])).created).toEqual([id]);
    let described = await temporal.client.schedule.getHandle(id).describe();
    expect(described.spec.timezone).toBe('Europe/Berlin');
    expect(described.policies.overlap).toBe('SKIP');
    expect(described.state.paused).toBe(false);
    expect((await reconcile([report])).unchanged).toEqual([id]);

    const changed = scheduled(
      'weekly-report',
      { type: 'schedule.cron', config: { cron: '0 9 * * 1-5', timezone: 'America/New_York' } },
      { limits: { concurrency: { mode: 'queued' } } },
    );
    expect((await reconcile([changed])).updated).toEqual([id]);
    described = await temporal.client.schedule.getHandle(id).describe();
    expect(described.spec.timezone).toBe('America/New_York');
    expect(described.policies.overlap).toBe('BUFFER_ALL');

    expect((await reconcile([{ ...changed, enabled: false }])).paused).toEqual([id]);
    expect((await temporal.client.schedule.getHandle(id).describe()).state.paused).toBe(true);
    expect((await reconcile([changed])).unpaused).toEqual([id]);

    // Listing is eventually consistent: reconcile until the schedule of the removed automation is gone.
    let deleted: string[] = [];
    for (let i = 0; i < 50 && deleted.length === 0; i++) {
      deleted = (await reconcile([])).deleted;
      if (deleted.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(deleted).toEqual([id]);
    await expect(temporal.client.schedule.getHandle(id).describe()).rejects.toThrow();
  });

  it('refuses an invalid cron or zone with a message naming the automation, creating nothing', async () => {
    const badCron = scheduled('bad-cron', { type: 'schedule.cron', config: { cron: '61 * * * *' } });
    const badZone = scheduled('bad-zone', {
      type: 'schedule.cron',
      config: { cron: '0 1 * * *', timezone: 'Mars/Olympus' },
    });
    const result = await reconcile([badCron, badZone]);
    expect(result.invalid.map((i) => i.message)).toEqual([
      expect.stringMatching(/^bad-cron: "61" is out of range 0-59 in the minute field/),
      'bad-zone: unknown time zone "Mars/Olympus"',
    ]);
    expect(result.created).toEqual([]);
    await expect(
      temporal.client.schedule.getHandle(scheduleIdFor(workspace, 'bad-cron')).describe(),
    ).rejects.toThrow();
  });

  it('two hosts reconciling at once create the schedule once, without an error', async () => {
    const a = scheduled('twin', { type: 'schedule.cron', config: { cron: '15 4 * * *' } });
    const [one, two] = await Promise.all([reconcile([a]), reconcile([a])]);
    expect([...one.created, ...two.created]).toHaveLength(1);
    expect([...one.created, ...one.unchanged, ...two.created, ...two.unchanged]).toHaveLength(2);
  });

  it('a fire becomes an event of its scheduled time, routed to a completed run, never twice', async () => {
    const daily = scheduled('daily-digest', { type: 'schedule.daily', config: { at: '03:00' } });
    const stores = backend.runtime;
    const routed: Array<Record<string, unknown>> = [];
    const automations = async () => [{ name: daily.metadata.name, versionId: 1, version: 1, ir: daily }];
    const router = new Router({
      client: temporal.client,
      stores,
      automations,
      taskQueue,
      workspace,
    });
    const loop = new RouterLoop({
      router,
      events: stores.events,
      automations,
      name: 'test',
      intervalMs: 100,
      onError: (e) => routed.push({ error: e.message }),
      onRouted: (r) => routed.push(r as unknown as Record<string, unknown>),
    });
    loop.start();
    try {
      await reconcile([daily]);
      await temporal.client.schedule.getHandle(scheduleIdFor(workspace, 'daily-digest')).trigger();
      let runs = await stores.runs.listRuns({ automation: 'daily-digest' });
      const deadline = Date.now() + 30_000;
      for (;;) {
        runs = await stores.runs.listRuns({ automation: 'daily-digest' });
        if (runs?.[0]?.status === 'COMPLETED' || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(routed.filter((r) => r.error)).toEqual([]);
      expect(runs).toHaveLength(1);
      expect(runs?.[0]?.status).toBe('COMPLETED');
      const event = runs?.[0]?.event as { id: string; type: string; target: string };
      expect(event.id).toMatch(/^schedule:daily-digest@\d{4}-\d\d-\d\dT/);
      expect(event).toMatchObject({ type: 'schedule.daily', target: 'daily-digest' });
      // The same scheduled time fired again (a retried fire) appends nothing and runs nothing.
      const scheduledAt = (event as unknown as { payload: { scheduledAt: string } }).payload.scheduledAt;
      const again = await createScheduleActivities(backend.runtime).emitScheduleEvent({
        workspace,
        automation: 'daily-digest',
        triggerType: 'schedule.daily',
        scheduledAt,
      });
      expect(again.runId).toBe(runs[0]?.id);
      await new Promise((r) => setTimeout(r, 500));
      expect(await stores.runs.listRuns({ automation: 'daily-digest' })).toHaveLength(1);
      const notes = await stores.records.list('notes');
      expect(notes).toHaveLength(1);
    } finally {
      await loop.stop();
    }
  });
});
