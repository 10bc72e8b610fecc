// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * A worker process killed with SIGKILL in the middle of a run, then started again: the run
 * completes, and no record side effect happens twice (idempotency keys per run and step).
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Step } from '../../../src/ir/types.js';
import { buildChildScript, type Child, killHard, spawnReady } from '../../helpers/child-process.js';
import { temporalAddress, workflowBundlePath } from '../../helpers/temporal.js';
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
let script: string;
const children: Child[] = [];

beforeAll(async () => {
  h = await startRouterHarness({ worker: false });
  script = await buildChildScript(fileURLToPath(new URL('../../helpers/worker-child.ts', import.meta.url)));
});
afterAll(async () => {
  for (const child of children) await killHard(child);
  await h?.close();
  if (script) rmSync(dirname(script), { recursive: true, force: true });
});

function startWorker(): Promise<Child> {
  return spawnReady(script, {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    TEMPORAL_TASK_QUEUE: h.taskQueue,
    AEXY_WORKSPACE_DB: h.dbPath,
    AEXY_WORKFLOW_BUNDLE: workflowBundlePath(),
  }).then((child) => {
    children.push(child);
    return child;
  });
}

describe('worker crash', () => {
  it('SIGKILL mid-run, restart: the run completes and each record is written once', async () => {
    const name = uniqueName('crashy');
    const object = `crash_${name.replace(/-/g, '_')}`;
    const steps: Step[] = [
      createStep('first', object, { run: '${{ run.id }}', step: 'first' }),
      { id: 'pause', kind: 'wait', wait: { mode: 'duration', durationMs: 1500 } } as Step,
      createStep('second', object, { run: '${{ run.id }}', step: 'second' }),
    ];
    h.automations.push(
      routable(automationIR(name, { type: 'record.created', config: { object: 'crash_leads' } }, steps)),
    );
    const first = await startWorker();
    const { runs } = await h.router().route(event('record.created', { object: 'crash_leads' }));
    const runId = runs[0].runId;
    // Kill as soon as the first side effect is logged: the run is mid-way (its wait is pending).
    await eventually(
      () => h.stores.runs.steps(runId),
      (s) => s.some((x) => x.stepId === 'first' && x.status === 'SUCCESS'),
      30_000,
    );
    await killHard(first);
    expect((await h.stores.runs.getRun(runId))?.status).not.toBe('COMPLETED');
    await startWorker();
    const run = await eventually(
      () => h.stores.runs.getRun(runId),
      (r) => r?.status === 'COMPLETED',
      60_000,
    );
    expect(run?.status).toBe('COMPLETED');
    const written = await h.stores.records.list(object);
    expect(written.map((r) => r.values.step).sort()).toEqual(['first', 'second']);
    expect(written.every((r) => r.values.run === runId)).toBe(true);
  });
});
