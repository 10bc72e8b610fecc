// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * Waits (duration, until, event with match and timeout path; buffered events), approvals (PAUSED,
 * approve / reject / timeout with escalation, validated updates) and version pinning, on a real dev
 * server with the workspace SQLite run log.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalStep, Step } from '../../../src/ir/types.js';
import type { RunEvent } from '../../../src/runtime/contract.js';
import { approveUpdate, deliverEventSignal, runStateQuery } from '../../../src/runtime/workflows/index.js';
import { automation, eventually, type Harness, runInput, saveHistory, startHarness } from './harness.js';

const echo = (id: string, msg: unknown): Step => ({ id, kind: 'action', action: 'test_echo', with: { msg } });
const block = (...steps: Step[]) => ({ kind: 'block' as const, steps });

function replied(id: string, thread: string): RunEvent {
  return { id, type: 'email.replied', payload: { thread }, occurredAt: new Date().toISOString() };
}

const eventWait = (timeoutMs: number): Step => ({
  id: 'reply',
  kind: 'wait',
  wait: {
    mode: 'event',
    event: 'email.replied',
    match: { cel: 'event.payload.thread == trigger.payload.thread' },
    timeoutMs,
  },
  onTimeout: block(echo('no_reply', 'timed out')),
});

function approval(over: Partial<ApprovalStep> = {}): Step {
  return {
    id: 'sign_off',
    kind: 'approval',
    approvers: ['manager@example.com'],
    message: 'Approve ${{ record.values.name }}?',
    timeoutMs: 30_000,
    onApprove: block(echo('approved', 1)),
    onReject: block(echo('rejected', 1)),
    onTimeout: block(echo('expired', 1)),
    ...over,
  } as Step;
}

describe('interpreter: waits and approvals', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const stepKeys = async (runId: string) => (await h.stores.runs.steps(runId)).map((s) => s.stepKey);

  it('waits for a duration and until a time with an offset', async () => {
    const at = new Date(Date.now() + 1500).toISOString();
    const ir = automation('timers', [
      { id: 'pause', kind: 'wait', wait: { mode: 'duration', durationMs: 300 } },
      {
        id: 'until',
        kind: 'wait',
        wait: { mode: 'until', until: { cel: 'trigger.payload.at' }, offsetMs: -700 },
      },
      echo('done', 1),
    ]);
    const input = runInput(ir);
    input.event.payload = { at };
    const started = Date.now();
    const handle = await h.start(input);
    const waiting = await eventually(
      () => h.stores.runs.steps(input.runId),
      (steps) => steps.some((s) => s.status === 'WAITING'),
    );
    expect(waiting[0]).toMatchObject({ stepKey: 'pause', status: 'WAITING', input: { mode: 'duration' } });
    expect((await handle.result()).status).toBe('COMPLETED');
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(at) - 700);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await stepKeys(input.runId)).toEqual(['pause', 'until', 'done']);
    await saveHistory('wait-timers', handle);
  });

  it('resumes an event wait on the matching event only, ignoring duplicates', async () => {
    const ir = automation('event-wait', [
      echo('sent', 1),
      eventWait(30_000),
      echo('after', '${{ steps.reply.output.event.id }}'),
    ]);
    const input = runInput(ir);
    input.event.payload = { thread: 't-1' };
    const handle = await h.start(input);
    const state = await eventually(
      () => handle.query(runStateQuery),
      (s) => s.waits.length === 1,
    );
    expect(state.waits[0]).toMatchObject({ stepId: 'reply', mode: 'event', event: 'email.replied' });
    expect(await h.stores.runs.runsWaitingForEvent('email.replied')).toContain(input.runId);
    await handle.signal(deliverEventSignal, replied('e-other', 't-2'));
    await handle.signal(deliverEventSignal, replied('e-match', 't-1'));
    await handle.signal(deliverEventSignal, replied('e-match', 't-1'));
    const result = await handle.result();
    expect(result.status).toBe('COMPLETED');
    const after = (await h.stores.runs.steps(input.runId)).find((s) => s.stepKey === 'after');
    expect(after?.output).toMatchObject({ echo: { msg: 'e-match' } });
    await saveHistory('wait-event', handle);
  });

  it('never loses an event delivered before the wait began', async () => {
    const ir = automation('event-early', [
      { id: 'busy', kind: 'action', action: 'test_slow', with: { ms: 800 } },
      eventWait(30_000),
    ]);
    const input = runInput(ir);
    input.event.payload = { thread: 't-early' };
    const handle = await h.start(input);
    await handle.signal(deliverEventSignal, replied('e-early', 't-early'));
    expect((await handle.result()).status).toBe('COMPLETED');
    expect(await stepKeys(input.runId)).toEqual(['busy', 'reply']);
  });

  it('takes the timeout path when no matching event arrives', async () => {
    const ir = automation('event-timeout', [
      eventWait(500),
      echo('after', '${{ steps.reply.output.timedOut }}'),
    ]);
    const input = runInput(ir);
    input.event.payload = { thread: 't-x' };
    const handle = await h.start(input);
    expect((await handle.result()).status).toBe('COMPLETED');
    expect(await stepKeys(input.runId)).toEqual(['reply', 'no_reply', 'after']);
    await saveHistory('wait-event-timeout', handle);
  });

  it('pauses for an approval (visible in the query, the run log and the search attribute) and takes the approve path', async () => {
    const ir = automation('approve', [approval(), echo('after', '${{ steps.sign_off.output.by }}')]);
    const input = runInput(ir);
    const handle = await h.start(input);
    const state = await eventually(
      () => handle.query(runStateQuery),
      (s) => s.status === 'PAUSED',
    );
    expect(state.approvals[0]).toMatchObject({
      stepId: 'sign_off',
      approvers: ['manager@example.com'],
      message: 'Approve Acme?',
    });
    expect(
      (
        await eventually(
          () => h.stores.runs.getRun(input.runId),
          (r) => r?.status === 'PAUSED',
        )
      )?.status,
    ).toBe('PAUSED');
    const paused = await eventually(
      async () => {
        const ids: string[] = [];
        const query = `AexyRunStatus = 'PAUSED' AND WorkflowId = '${input.runId}'`;
        for await (const w of h.temporal.client.workflow.list({ query })) ids.push(w.workflowId);
        return ids;
      },
      (ids) => ids.length === 1,
    );
    expect(paused).toEqual([input.runId]);
    await expect(
      handle.executeUpdate(approveUpdate, { args: [{ stepId: 'other', decision: 'approve', by: 'x' }] }),
    ).rejects.toThrow(WorkflowUpdateFailedError);
    const outcome = await handle.executeUpdate(approveUpdate, {
      args: [{ decision: 'approve', by: 'manager@example.com', comment: 'ok' }],
    });
    expect(outcome).toMatchObject({ stepId: 'sign_off', decision: 'approve' });
    expect((await handle.result()).status).toBe('COMPLETED');
    expect(await stepKeys(input.runId)).toEqual(['sign_off', 'approved', 'after']);
    await expect(handle.query(runStateQuery)).resolves.toMatchObject({ status: 'COMPLETED', approvals: [] });
    await saveHistory('approval-approve', handle);
  });

  it('rejects an update when no approval is pending', async () => {
    const ir = automation('no-approval', [
      { id: 'hold', kind: 'wait', wait: { mode: 'duration', durationMs: 3000 } },
    ]);
    const handle = await h.start(runInput(ir));
    await expect(
      handle.executeUpdate(approveUpdate, { args: [{ decision: 'approve', by: 'x' }] }),
    ).rejects.toThrow(/no pending approval|Update failed|rejected/i);
    await handle.terminate('test done');
  });

  it('takes the reject path', async () => {
    const ir = automation('reject', [approval()]);
    const input = runInput(ir);
    const handle = await h.start(input);
    await eventually(
      () => handle.query(runStateQuery),
      (s) => s.status === 'PAUSED',
    );
    await handle.executeUpdate(approveUpdate, {
      args: [{ stepId: 'sign_off', decision: 'reject', by: 'boss' }],
    });
    expect((await handle.result()).status).toBe('COMPLETED');
    expect(await stepKeys(input.runId)).toEqual(['sign_off', 'rejected']);
    await saveHistory('approval-reject', handle);
  });

  it('escalates after a delay (recorded in the run log) and takes the timeout path', async () => {
    const ir = automation('expire', [
      approval({ timeoutMs: 1200, escalate: { afterMs: 300, to: ['ceo@example.com'] } }),
    ]);
    const input = runInput(ir);
    const handle = await h.start(input);
    const escalated = await eventually(
      () => handle.query(runStateQuery),
      (s) => s.approvals[0]?.escalated === true,
    );
    expect(escalated.approvals[0].approvers).toEqual(['manager@example.com', 'ceo@example.com']);
    expect((await handle.result()).status).toBe('COMPLETED');
    expect(await stepKeys(input.runId)).toEqual(['sign_off', 'expired']);
    const notes = await h.stores.runs.notes(input.runId);
    expect(notes.map((n) => n.note)).toContain('approval escalated to ceo@example.com');
    await saveHistory('approval-timeout', handle);
  });

  it('keeps the version it started with while the automation changes', async () => {
    const v1 = automation('versioned', [eventWait(30_000), echo('v1_step', 'old')]);
    const v2 = automation('versioned', [eventWait(30_000), echo('v2_step', 'new')]);
    const first = runInput(v1, { version: 1 });
    first.event.payload = { thread: 'tv' };
    const second = runInput(v2, { version: 2 });
    second.event.payload = { thread: 'tv' };
    const [a, b] = [await h.start(first), await h.start(second)];
    await eventually(
      () => a.query(runStateQuery),
      (s) => s.waits.length === 1,
    );
    await eventually(
      () => b.query(runStateQuery),
      (s) => s.waits.length === 1,
    );
    await a.signal(deliverEventSignal, replied('e-v', 'tv'));
    await b.signal(deliverEventSignal, replied('e-v', 'tv'));
    await Promise.all([a.result(), b.result()]);
    expect(await stepKeys(first.runId)).toEqual(['reply', 'v1_step']);
    expect(await stepKeys(second.runId)).toEqual(['reply', 'v2_step']);
    expect((await h.stores.runs.getRun(first.runId))?.version).toBe(1);
  });
});
