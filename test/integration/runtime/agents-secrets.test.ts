// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * The agent step hook (agents are not available yet: `agent_unavailable`), secrets resolved only in
 * the activity and redacted everywhere, dry runs, cancellation, and idempotency keys shared by two
 * executions of the same run id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../../src/ir/types.js';
import { runStateQuery } from '../../../src/runtime/workflows/index.js';
import { automation, eventually, type Harness, runInput, saveHistory, startHarness } from './harness.js';

const echo = (id: string, msg: unknown): Step => ({ id, kind: 'action', action: 'test_echo', with: { msg } });

describe('interpreter: agents, secrets, dry runs, cancellation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ secret: (name) => (name === 'API_TOKEN' ? 's3cr3t-value' : undefined) });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('fails an agent step with agent_unavailable, which catch and onError handle like any failure', async () => {
    const agent = (id: string, extra: Partial<Step> = {}): Step =>
      ({
        id,
        kind: 'agent',
        agent: 'scorer',
        input: { text: 'hi' },
        waitForCompletion: true,
        timeoutMs: 5000,
        ...extra,
      }) as Step;
    const stop = automation('agent-stop', [agent('score'), echo('never', 1)]);
    const caught = automation('agent-catch', [
      agent('score', {
        catch: { kind: 'block', steps: [echo('fallback', '${{ steps.score.error.type }}')] },
      }),
    ]);
    const [a, b] = await Promise.all([h.start(runInput(stop)), h.start(runInput(caught))]);
    const failed = await a.result();
    expect(failed).toMatchObject({ status: 'FAILED', error: { type: 'agent_unavailable', stepId: 'score' } });
    expect(failed.error?.message).toMatch(/agents are not available yet/);
    expect((await b.result()).status).toBe('COMPLETED');
    await saveHistory('agent', b);
  });

  it('runs on_start agent hooks before the conditions; an unavailable agent fails the run', async () => {
    const ir = automation('hooked', [echo('never', 1)], {
      agents: [{ agent: 'classifier', at: 'on_start', input: {}, waitForCompletion: true, timeoutMs: 5000 }],
      conditions: { cel: 'false' },
    });
    const result = await (await h.start(runInput(ir))).result();
    expect(result).toMatchObject({ status: 'FAILED', reason: 'agent_unavailable' });
  });

  it('resolves secrets only in the activity and redacts them from the log, outputs and history', async () => {
    const ir = automation('secrets', [
      { id: 'call', kind: 'action', action: 'test_echo', with: { auth: 'Bearer ${{ secrets.API_TOKEN }}' } },
    ]);
    const input = runInput(ir);
    const handle = await h.start(input);
    expect((await handle.result()).status).toBe('COMPLETED');
    const [step] = await h.stores.runs.steps(input.runId);
    expect(step.input).toEqual({ auth: 'Bearer ${{ secrets.API_TOKEN }}' });
    expect(step.output).toMatchObject({ echo: { auth: 'Bearer ***' } });
    const history = JSON.stringify(await handle.fetchHistory());
    expect(history).not.toContain('s3cr3t');
    const missing = automation('secret-missing', [
      { id: 'call', kind: 'action', action: 'test_echo', with: { auth: '${{ secrets.NOPE }}' } },
    ]);
    expect((await (await h.start(runInput(missing))).result()).error).toMatchObject({
      type: 'secret_missing',
    });
  });

  it('writes nothing in a dry run', async () => {
    const ir = automation('dry', [
      {
        id: 'make',
        kind: 'action',
        action: 'create_record',
        with: { object: 'leads', values: { name: 'dry' } },
      },
    ]);
    const input = runInput(ir, { dryRun: true });
    expect((await (await h.start(input)).result()).status).toBe('COMPLETED');
    expect(await h.stores.records.list('leads')).toEqual([]);
    const [step] = await h.stores.runs.steps(input.runId);
    expect(step.output).toMatchObject({ id: 'dry_make', object: 'leads' });
  });

  it('records CANCELLED when the run is cancelled while waiting', async () => {
    const ir = automation('cancel', [
      { id: 'hold', kind: 'wait', wait: { mode: 'duration', durationMs: 60_000 } },
    ]);
    const input = runInput(ir);
    const handle = await h.start(input);
    await eventually(
      () => handle.query(runStateQuery),
      (s) => s.waits.length === 1,
    );
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    const run = await eventually(
      () => h.stores.runs.getRun(input.runId),
      (r) => r?.status === 'CANCELLED',
    );
    expect(run).toMatchObject({ status: 'CANCELLED', reason: 'cancelled' });
  });

  it('records CANCELLED when the run is cancelled inside a parallel step', async () => {
    const slowBranch = (id: string): Step => ({
      id,
      kind: 'action',
      action: 'test_slow',
      with: { ms: 20_000 },
    });
    const ir = automation('cancel-parallel', [
      {
        id: 'fan',
        kind: 'parallel',
        join: { mode: 'all' },
        onBranchFailure: 'fail',
        branches: [
          { name: 'a', steps: [slowBranch('pa_slow')] },
          { name: 'b', steps: [slowBranch('pb_slow')] },
        ],
      },
    ]);
    const input = runInput(ir);
    const handle = await h.start(input);
    await eventually(
      () => handle.query(runStateQuery),
      (s) => s.steps.some((v) => v.stepId === 'pa_slow'),
    );
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    const run = await eventually(
      () => h.stores.runs.getRun(input.runId),
      (r) => r?.status === 'CANCELLED',
    );
    expect(run?.status).toBe('CANCELLED');
  });

  it('never repeats a side effect for the same run, step and iteration', async () => {
    const ir = automation('idempotent', [
      {
        id: 'make',
        kind: 'action',
        action: 'create_record',
        with: { object: 'companies', values: { name: 'Once' } },
      },
    ]);
    const input = runInput(ir);
    const first = await (await h.start(input)).result();
    // The same run id executed again (as after a lost completion): same idempotency keys.
    const again = await (
      await h.temporal.client.workflow.start('automationRun', {
        taskQueue: h.taskQueue,
        workflowId: `${input.runId}-again`,
        args: [input],
      })
    ).result();
    expect([first.status, again.status]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(await h.stores.records.list('companies')).toHaveLength(1);
  });
});
