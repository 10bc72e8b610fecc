// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
// biome-ignore-all lint/suspicious/noThenProperty: `then` is the IR field of an if step
/**
 * The interpreter on a real dev server with the real activities and the workspace SQLite run log:
 * action, set, if, switch, next/end/fail jumps, conditions (SKIPPED), record actions with
 * idempotency, and search attributes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../../src/ir/types.js';
import { runStateQuery } from '../../../src/runtime/workflows/index.js';
import { automation, eventually, type Harness, runInput, saveHistory, startHarness } from './harness.js';

const echo = (id: string, msg: unknown, extra: Partial<Step> = {}): Step =>
  ({ id, kind: 'action', action: 'test_echo', with: { msg }, ...extra }) as Step;

describe('interpreter: basic steps', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs actions in order with rendered templates and logs every step', async () => {
    const ir = automation('linear', [
      echo('first', 'deal ${{ record.values.name }}'),
      { id: 'remember', kind: 'set', vars: [{ name: 'total', value: { cel: 'record.values.amount * 2' } }] },
      echo('second', '${{ steps.first.output.echo.msg }} / ${{ vars.total }}'),
    ]);
    const input = runInput(ir);
    const handle = await h.start(input);
    const result = await handle.result();
    expect(result.status).toBe('COMPLETED');
    expect(result.vars).toEqual({ total: 10000 });
    const steps = await h.stores.runs.steps(input.runId);
    expect(steps.map((s) => [s.stepKey, s.status])).toEqual([
      ['first', 'SUCCESS'],
      ['remember', 'SUCCESS'],
      ['second', 'SUCCESS'],
    ]);
    expect(steps[2].output).toEqual({ echo: { msg: 'deal Acme / 10000' }, attempt: 1 });
    const run = await h.stores.runs.getRun(input.runId);
    expect(run?.status).toBe('COMPLETED');
    expect(run?.workflowId).toBe(input.runId);
    await saveHistory('linear', handle);
  });

  it('costs at most 1.25x the history events of a hand-written workflow for 10 actions', async () => {
    const ir = automation(
      'ten',
      Array.from({ length: 10 }, (_, i) => echo(`s${i}`, i)),
    );
    const handle = await h.start(runInput(ir));
    expect((await handle.result()).status).toBe('COMPLETED');
    const events = (await handle.fetchHistory()).events ?? [];
    // Hand-written: 4 events to start, 6 per activity, 1 to complete = 65 (bench/interpreter.mjs measures it).
    const handWritten = 4 + 6 * 10 + 1;
    expect(events.length).toBeLessThanOrEqual(Math.floor(handWritten * 1.25));
    expect(events.length).toBeLessThanOrEqual(handWritten + 2);
  });

  it('evaluates `now` as a CEL timestamp inside the workflow sandbox', async () => {
    // cel-js looks values up by constructor; the sandbox replaces the global Date (regression test).
    const ir = automation('clock', [
      echo('stamp', '${{ now }}'),
      { id: 'year', kind: 'set', vars: [{ name: 'year', value: { cel: 'now.getFullYear() >= 2024' } }] },
    ]);
    const input = runInput(ir);
    const result = await (await h.start(input)).result();
    expect(result.status, JSON.stringify(result.error)).toBe('COMPLETED');
    expect(result.vars).toEqual({ year: true });
    const [stamp] = await h.stores.runs.steps(input.runId);
    expect((stamp.output as { echo: { msg: string } }).echo.msg).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/,
    );
  });

  it('takes if and switch branches, rejoins after them, and honours next jumps', async () => {
    const ir = automation('branches', [
      {
        id: 'big',
        kind: 'if',
        condition: { cel: 'record.values.amount > 1000' },
        then: { kind: 'block', steps: [echo('then_step', 'big')] },
        else: { kind: 'block', steps: [echo('else_step', 'small')] },
      },
      {
        id: 'route',
        kind: 'switch',
        cases: [
          { when: { cel: 'record.values.name == "Nope"' }, next: { kind: 'jump', to: 'skipped' } },
          { when: { cel: 'record.values.name == "Acme"' }, next: { kind: 'jump', to: 'target' } },
        ],
        default: { kind: 'jump', to: 'end' },
      },
      echo('skipped', 'never'),
      echo('target', 'jumped', { next: 'last' }),
      echo('also_skipped', 'never'),
      echo('last', 'done'),
    ]);
    const input = runInput(ir);
    const handle = await h.start(input);
    expect((await handle.result()).status).toBe('COMPLETED');
    const keys = (await h.stores.runs.steps(input.runId)).map((s) => s.stepKey);
    expect(keys).toEqual(['big', 'then_step', 'route', 'target', 'last']);
    await saveHistory('branches', handle);
  });

  it('ends COMPLETED on an end jump and FAILED on a fail jump', async () => {
    const endIr = automation('end-jump', [echo('a', 1, { next: 'end' }), echo('b', 2)]);
    const failIr = automation('fail-jump', [echo('a', 1, { next: 'fail' }), echo('b', 2)]);
    const [ended, failed] = await Promise.all([h.start(runInput(endIr)), h.start(runInput(failIr))]);
    expect(await ended.result()).toMatchObject({ status: 'COMPLETED', reason: 'end_jump' });
    expect(await failed.result()).toMatchObject({
      status: 'FAILED',
      reason: 'fail_jump',
      error: { type: 'explicit_fail' },
    });
  });

  it('records SKIPPED with reason conditions when the conditions do not hold', async () => {
    const ir = automation('conditions', [echo('never', 1)], {
      conditions: { cel: 'record.values.amount > 100000' },
    });
    const input = runInput(ir);
    const handle = await h.start(input);
    expect(await handle.result()).toMatchObject({ status: 'SKIPPED', reason: 'conditions' });
    expect(await h.stores.runs.steps(input.runId)).toEqual([]);
    expect(await h.stores.runs.getRun(input.runId)).toMatchObject({
      status: 'SKIPPED',
      reason: 'conditions',
    });
    await saveHistory('conditions', handle);
  });

  it('fails the step with a clear message on an expression type error', async () => {
    const ir = automation('type-error', [
      {
        id: 'check',
        kind: 'if',
        condition: { cel: 'record.values.name' },
        then: { kind: 'block', steps: [] },
      },
    ]);
    const result = await (await h.start(runInput(ir))).result();
    expect(result.status).toBe('FAILED');
    expect(result.error).toMatchObject({ type: 'expression_error', stepId: 'check' });
    expect(result.error?.message).toMatch(/true or false/);
  });

  it('runs record actions against the record store exactly once per idempotency key', async () => {
    const ir = automation('records', [
      {
        id: 'make',
        kind: 'action',
        action: 'create_record',
        with: { object: 'contacts', values: { email: 'a@example.com' } },
      },
      {
        id: 'touch',
        kind: 'action',
        action: 'update_record',
        with: { record: '${{ steps.make.output.id }}', values: { stage: 'lead' } },
      },
      { id: 'read', kind: 'action', action: 'get_record', with: { record: '${{ steps.make.output.id }}' } },
      {
        id: 'task',
        kind: 'action',
        action: 'create_task',
        with: { title: 'Call ${{ steps.read.output.values.email }}' },
      },
      { id: 'tell', kind: 'action', action: 'notify_user', with: { user: 'u1', message: 'new lead' } },
    ]);
    const input = runInput(ir);
    const result = await (await h.start(input)).result();
    expect(result.status).toBe('COMPLETED');
    const contacts = await h.stores.records.list('contacts');
    expect(contacts).toHaveLength(1);
    expect(contacts[0].values).toEqual({ email: 'a@example.com', stage: 'lead' });
    const tasks = await h.stores.records.list('tasks');
    expect(tasks.map((t) => t.values.title)).toContain('Call a@example.com');
    expect((await h.stores.records.list('notifications')).length).toBeGreaterThanOrEqual(1);
  });

  it('sets the search attributes and answers the state query after the run', async () => {
    const ir = automation('search-attrs', [echo('only', 1)]);
    const input = runInput(ir);
    const handle = await h.start(input);
    await handle.result();
    const state = await handle.query(runStateQuery);
    expect(state).toMatchObject({ status: 'COMPLETED', automation: 'search-attrs', version: 1 });
    const query = `AexyAutomation = 'search-attrs' AND AexyRunStatus = 'COMPLETED' AND WorkflowId = '${input.runId}'`;
    const found = await eventually(
      async () => {
        const ids: string[] = [];
        for await (const w of h.temporal.client.workflow.list({ query })) ids.push(w.workflowId);
        return ids;
      },
      (ids) => ids.length === 1,
    );
    expect(found).toEqual([input.runId]);
  });
});
