// biome-ignore-all lint/suspicious/noExplicitAny: the answers under test are untyped JSON, read field by field
/**
 * Approve, reject and cancel through the API against the run's real Temporal dev server and a
 * real worker: the server sends the same update `aexy approve` sends (src/runtime/approvals.ts).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiServer, startApiServer } from '../../../src/server/server.js';
import { BIG_DISCOUNT_AUTOMATION, discountChangeArgs } from '../../helpers/automation-fixtures.js';
import { type RuntimeProject, startRuntimeProject } from '../../helpers/runtime-project.js';
import { temporalAddress } from '../../helpers/temporal.js';

let project: RuntimeProject;
let server: ApiServer;
let operate: string;
let read: string;

beforeAll(async () => {
  project = await startRuntimeProject(
    { 'aexy.yaml': 'name: acme\n', 'automations.yaml': BIG_DISCOUNT_AUTOMATION },
    'srv',
  );
  const temporal = {
    address: temporalAddress(),
    namespace: inject('temporalNamespace'),
    taskQueue: String(project.env.TEMPORAL_TASK_QUEUE),
    source: 'env' as const,
  };
  server = await startApiServer({ workspaces: { acme: project.backend }, temporal, log: () => undefined });
  const create = (scope: 'operate' | 'read') =>
    project.backend.tokens.create({ name: scope, scopes: [scope], createdBy: 'test' });
  operate = (await create('operate')).secret;
  read = (await create('read')).secret;
});
afterAll(async () => {
  await server?.close();
  await project?.close();
});

async function post(path: string, token: string, body: unknown) {
  const res = await fetch(`${server.url}/workspaces/acme${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function pausedRun(discount: number): Promise<string> {
  const deal = await project.stores.records.create('deals', { name: `D${discount}`, discount });
  const out = await project.cli([...discountChangeArgs(deal.record.id, 0, discount), '-o', 'json']);
  const runId = JSON.parse(out.stdout).runs[0].runId as string;
  await until(runId, 'PAUSED');
  return runId;
}

async function until(runId: string, status: string) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if ((await project.stores.runs.getRun(runId))?.status === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} never became ${status}`);
}

describe('approvals through aexy serve', () => {
  it('approves a paused run (operate scope), refusing a wrong step and a finished run with 409', async () => {
    const runId = await pausedRun(30);
    expect((await post(`/runs/${runId}/approve`, read, {})).status).toBe(403);
    const wrong = await post(`/runs/${runId}/approve`, operate, { stepId: 'nope' });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.message).toContain('no pending approval at step nope');
    const approved = await post(`/runs/${runId}/approve`, operate, { comment: 'fine', by: 'ann' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({
      runId,
      stepKey: 'manager_ok',
      decision: 'approve',
      by: 'ann via token:operate', // the credential is recorded, not only the name the client gave
      comment: 'fine',
    });
    await until(runId, 'COMPLETED');
    const late = await post(`/runs/${runId}/reject`, operate, {});
    expect(late.status).toBe(409);
    expect(late.body.error.message).toContain('COMPLETED');
  });

  it('cancels a paused run and reports the interrupted step', async () => {
    const runId = await pausedRun(40);
    const cancelled = await post(`/runs/${runId}/cancel`, operate, {
      timeoutMs: 15_000,
      reason: 'duplicate',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.run.status).toBe('CANCELLED');
    expect(cancelled.body.interruptedSteps).toEqual(['manager_ok']);
    const notes = await project.stores.runs.notes(runId);
    expect(notes.map((n) => n.note)).toContain('cancelled by token:operate: duplicate');
  });
});
