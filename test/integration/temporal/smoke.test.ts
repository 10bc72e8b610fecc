/**
 * Foundation smoke test: a workflow with an activity, a timer and a signal runs on the real dev
 * server started by the global setup, and its recorded history replays deterministically, both
 * live and from the committed JSON history (which needs protobufjs 8 at the top of node_modules).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as smokeActivities from '../../helpers/smoke-activities.js';
import { proceedSignal, smokeWorkflow } from '../../helpers/smoke-workflow.js';
import {
  connectTemporal,
  createTestWorker,
  type TemporalTestContext,
  uniqueTaskQueue,
  workflowBundlePath,
} from '../../helpers/temporal.js';

const historyFixture = fileURLToPath(new URL('../../fixtures/histories/smoke.json', import.meta.url));

describe('Temporal dev server smoke test', () => {
  let temporal: TemporalTestContext;
  beforeAll(async () => {
    temporal = await connectTemporal();
  });
  afterAll(async () => {
    await temporal?.close();
  });

  it('runs a workflow with an activity, a timer and a signal, and replays its history', async () => {
    const taskQueue = uniqueTaskQueue('smoke');
    const worker = await createTestWorker(temporal, { taskQueue, activities: smokeActivities });
    const workflowId = `smoke-${taskQueue}`;
    const result = await worker.runUntil(async () => {
      const handle = await temporal.client.workflow.start(smokeWorkflow, {
        taskQueue,
        workflowId,
        args: ['aexy'],
      });
      await handle.signal(proceedSignal, 'go');
      const value = await handle.result();
      const history = await handle.fetchHistory();
      if (process.env.AEXY_UPDATE_HISTORIES === '1') {
        const { historyToJSON } = await import('@temporalio/common/lib/proto-utils.js');
        writeFileSync(historyFixture, `${historyToJSON(history)}\n`);
      }
      return { value, history };
    });
    expect(result.value).toBe('hello aexy; signal said go');
    const types = (result.history.events ?? []).map((e) => e.eventType);
    expect(types.length).toBeGreaterThan(8);
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: workflowBundlePath() } },
      result.history,
      workflowId,
    );
  });

  it('replays the committed JSON history of the smoke workflow', async () => {
    expect(existsSync(historyFixture), 'run with AEXY_UPDATE_HISTORIES=1 to record it').toBe(true);
    const history = JSON.parse(readFileSync(historyFixture, 'utf8'));
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: workflowBundlePath() } },
      history,
      'smoke-fixture',
    );
  });

  it('fails replay when the workflow code no longer matches the history', async () => {
    const history = JSON.parse(readFileSync(historyFixture, 'utf8'));
    // Rename the activity in the recorded history: the replayed code schedules `greet`, so the
    // replayer must report non-determinism instead of silently passing.
    for (const event of history.events) {
      const attrs = event.activityTaskScheduledEventAttributes;
      if (attrs) attrs.activityType.name = 'somethingElse';
    }
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: { codePath: workflowBundlePath() } },
        history,
        'smoke-broken',
      ),
    ).rejects.toThrow(/[Nn]ondetermin|DeterminismViolation/);
  });
});
