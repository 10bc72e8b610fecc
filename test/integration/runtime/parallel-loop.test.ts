// biome-ignore-all lint/suspicious/noThenProperty: `then` is the IR field of an if step
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * Parallel joins (all / any / count, branch failure policies) and loops (forEach with bounded
 * concurrency, until, maxIterations, continue-as-new of a long loop carrying its state).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinMode, Step } from '../../../src/ir/types.js';
import { automation, eventually, type Harness, runInput, saveHistory, startHarness } from './harness.js';

const echo = (id: string, msg: unknown): Step => ({ id, kind: 'action', action: 'test_echo', with: { msg } });
const slow = (id: string, ms: number): Step => ({ id, kind: 'action', action: 'test_slow', with: { ms } });
const fail = (id: string): Step => ({
  id,
  kind: 'action',
  action: 'test_flaky',
  with: { failTimes: 99, errorType: 'validation_error' },
});

function parallel(
  id: string,
  join: JoinMode,
  onBranchFailure: 'fail' | 'continue',
  branches: Record<string, Step[]>,
): Step {
  return {
    id,
    kind: 'parallel',
    join,
    onBranchFailure,
    branches: Object.entries(branches).map(([name, steps]) => ({ name, steps })),
  };
}

describe('interpreter: parallel and loops', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('join all waits for every branch; outputs stay addressable by step id', async () => {
    const ir = automation('par-all', [
      parallel('fan', { mode: 'all' }, 'fail', {
        a: [echo('pa', 'A')],
        b: [slow('pb', 200), echo('pb2', 'B')],
      }),
      echo('joined', '${{ steps.pa.output.echo.msg }}${{ steps.pb2.output.echo.msg }}'),
    ]);
    const input = runInput(ir);
    const handle = await h.start(input);
    expect((await handle.result()).status).toBe('COMPLETED');
    const steps = await h.stores.runs.steps(input.runId);
    expect(steps.find((s) => s.stepKey === 'joined')?.output).toMatchObject({ echo: { msg: 'AB' } });
    expect(steps.find((s) => s.stepKey === 'fan')).toMatchObject({
      status: 'SUCCESS',
      output: { succeeded: 2, failed: 0 },
    });
    await saveHistory('parallel-all', handle);
  });

  it('join any completes at the first branch and cancels the others', async () => {
    const ir = automation('par-any', [
      parallel('race', { mode: 'any' }, 'continue', {
        fast: [echo('quick', 1)],
        slowpoke: [slow('lazy', 5000), echo('never_reached', 1)],
      }),
    ]);
    const input = runInput(ir);
    const started = Date.now();
    const handle = await h.start(input);
    expect((await handle.result()).status).toBe('COMPLETED');
    expect(Date.now() - started).toBeLessThan(4000);
    const race = (await h.stores.runs.steps(input.runId)).find((s) => s.stepKey === 'race');
    expect(race?.output).toMatchObject({ branches: { fast: 'SUCCESS', slowpoke: 'SKIPPED' } });
    // The cancelled activity heartbeats, hears the cancellation and logs its step SKIPPED.
    const lazy = await eventually(
      async () => (await h.stores.runs.steps(input.runId)).find((s) => s.stepKey === 'lazy'),
      (row) => row?.status === 'SKIPPED',
    );
    expect(lazy?.status).toBe('SKIPPED');
    await saveHistory('parallel-any', handle);
  });

  it('join count with onBranchFailure continue tolerates failures; fail fails the step', async () => {
    const branches = { a: [echo('c1', 1)], b: [fail('c2')], c: [echo('c3', 3)] };
    const tolerant = automation('par-count', [
      parallel('two_of_three', { mode: 'count', count: 2 }, 'continue', branches),
    ]);
    const strict = automation('par-strict', [parallel('all_or_nothing', { mode: 'all' }, 'fail', branches)]);
    const [a, b] = await Promise.all([h.start(runInput(tolerant)), h.start(runInput(strict))]);
    expect((await a.result()).status).toBe('COMPLETED');
    const failed = await b.result();
    expect(failed).toMatchObject({
      status: 'FAILED',
      error: { stepId: 'all_or_nothing', type: 'validation_error' },
    });
  });

  it('forEach runs the body per item with bounded concurrency and loop indices in step keys', async () => {
    const ir = automation('foreach', [
      {
        id: 'each',
        kind: 'loop',
        forEach: { cel: '[1, 2, 3, 4, 5, 6]' },
        as: 'n',
        maxIterations: 10,
        concurrency: 3,
        steps: [slow('work', 300), echo('square', '${{ n * n }}')],
      },
      echo('after', '${{ steps.each.output.iterations }}'),
    ]);
    const input = runInput(ir);
    const handle = await h.start(input);
    expect((await handle.result()).status).toBe('COMPLETED');
    const steps = await h.stores.runs.steps(input.runId);
    const squares = steps
      .filter((s) => s.stepId === 'square')
      .map((s) => [s.stepKey, (s.output as { echo: { msg: number } }).echo.msg]);
    expect(squares.sort()).toEqual([
      ['square[0]', 1],
      ['square[1]', 4],
      ['square[2]', 9],
      ['square[3]', 16],
      ['square[4]', 25],
      ['square[5]', 36],
    ]);
    expect(steps.find((s) => s.stepKey === 'after')?.output).toMatchObject({ echo: { msg: 6 } });
    // Bounded concurrency: the 300 ms `work` steps overlapped, never more than 3 at a time.
    const spans = steps
      .filter((s) => s.stepId === 'work')
      .map((s) => [Date.parse(s.startedAt ?? ''), Date.parse(s.finishedAt ?? '')]);
    const overlap = Math.max(
      ...spans.map(([start]) => spans.filter(([a, b]) => a <= start && start < b).length),
    );
    expect(overlap).toBeGreaterThanOrEqual(2);
    expect(overlap).toBeLessThanOrEqual(3);
    await saveHistory('loop-foreach', handle);
  });

  it('until loops stop when the condition holds and fail past maxIterations', async () => {
    const counting: Step[] = [
      {
        id: 'inc',
        kind: 'set',
        vars: [{ name: 'count', value: { cel: 'has(vars.count) ? vars.count + 1 : 1' } }],
      },
    ];
    const ok = automation('until-ok', [
      {
        id: 'spin',
        kind: 'loop',
        until: { cel: 'vars.count >= 4' },
        as: 'i',
        maxIterations: 10,
        concurrency: 1,
        steps: counting,
      },
    ]);
    const over = automation('until-over', [
      {
        id: 'spin',
        kind: 'loop',
        until: { cel: 'vars.count >= 40' },
        as: 'i',
        maxIterations: 5,
        concurrency: 1,
        steps: counting,
      },
    ]);
    const tooMany = automation('foreach-over', [
      {
        id: 'each',
        kind: 'loop',
        forEach: { cel: '[1, 2, 3]' },
        as: 'x',
        maxIterations: 2,
        concurrency: 1,
        steps: counting,
      },
    ]);
    const [a, b, c] = await Promise.all([
      h.start(runInput(ok)),
      h.start(runInput(over)),
      h.start(runInput(tooMany)),
    ]);
    expect(await a.result()).toMatchObject({ status: 'COMPLETED', vars: { count: 4 } });
    expect((await b.result()).error).toMatchObject({ type: 'max_iterations', stepId: 'spin' });
    expect((await c.result()).error).toMatchObject({ type: 'max_iterations', stepId: 'each' });
  });

  it('closes the loop row FAILED when its body fails', async () => {
    const ir = automation('loop-body-fails', [
      {
        id: 'each_bad',
        kind: 'loop',
        forEach: { cel: '[1, 2]' },
        as: 'x',
        maxIterations: 5,
        concurrency: 1,
        steps: [fail('boom')],
      },
    ]);
    const input = runInput(ir);
    expect((await (await h.start(input)).result()).error).toMatchObject({ stepId: 'boom' });
    const rows = await h.stores.runs.steps(input.runId);
    expect(rows.map((r) => [r.stepKey, r.status])).toEqual([
      ['each_bad', 'FAILED'],
      ['boom[0]', 'FAILED'],
    ]);
  });

  it('continues a long loop as new, keeping its position, variables and step keys', async () => {
    const range = `[${Array.from({ length: 150 }, (_, i) => i).join(',')}]`;
    const ir = automation('long-loop', [
      { id: 'init', kind: 'set', vars: [{ name: 'total', value: { cel: '0' } }] },
      {
        id: 'many',
        kind: 'loop',
        forEach: { cel: range },
        as: 'i',
        maxIterations: 1000,
        concurrency: 1,
        steps: [
          echo('tick', '${{ i }}'),
          { id: 'sum', kind: 'set', vars: [{ name: 'total', value: { cel: 'vars.total + i' } }] },
        ],
      },
    ]);
    const input = runInput(ir);
    const handle = await h.start(input);
    const result = await handle.result();
    expect(result.status).toBe('COMPLETED');
    expect(result.continuedAsNew).toBeGreaterThanOrEqual(1);
    expect(result.vars.total).toBe((149 * 150) / 2);
    const ticks = (await h.stores.runs.steps(input.runId)).filter((s) => s.stepId === 'tick');
    expect(ticks).toHaveLength(150);
    expect(new Set(ticks.map((s) => s.stepKey)).size).toBe(150);
    expect(ticks.every((s) => s.status === 'SUCCESS' && s.attempt === 1)).toBe(true);
    // The latest run's history starts from a continuation (resume path + state): replay it too.
    await saveHistory('loop-continued', handle);
  }, 120_000);

  it('continues as new inside nested loops under an if, resuming at the inner iteration', async () => {
    const inner = `[${Array.from({ length: 60 }, (_, i) => i).join(',')}]`;
    const ir = automation('nested-loop', [
      {
        id: 'gate',
        kind: 'if',
        condition: { cel: 'true' },
        then: {
          kind: 'block',
          steps: [
            {
              id: 'outer',
              kind: 'loop',
              forEach: { cel: '["a", "b", "c"]' },
              as: 'letter',
              maxIterations: 10,
              concurrency: 1,
              steps: [
                {
                  id: 'inner',
                  kind: 'loop',
                  forEach: { cel: inner },
                  as: 'n',
                  maxIterations: 100,
                  concurrency: 1,
                  steps: [echo('tick', '${{ letter }}${{ n }}')],
                },
                echo('outer_done', '${{ letter }}'),
              ],
            },
          ],
        },
      },
      echo('finished', '${{ steps.tick.output.echo.msg }}'),
    ]);
    const input = runInput(ir);
    const result = await (await h.start(input)).result();
    expect(result.status).toBe('COMPLETED');
    expect(result.continuedAsNew).toBeGreaterThanOrEqual(1);
    const steps = await h.stores.runs.steps(input.runId);
    const ticks = steps.filter((s) => s.stepId === 'tick');
    expect(ticks).toHaveLength(180);
    expect(ticks.find((s) => s.stepKey === 'tick[1][30]')?.output).toMatchObject({ echo: { msg: 'b30' } });
    expect(steps.filter((s) => s.stepId === 'outer_done').map((s) => s.stepKey)).toEqual([
      'outer_done[0]',
      'outer_done[1]',
      'outer_done[2]',
    ]);
    expect(steps.find((s) => s.stepKey === 'finished')?.output).toMatchObject({ echo: { msg: 'c59' } });
  }, 120_000);

  it('drains a concurrent loop before continuing as new, and runs every item once', async () => {
    const items = `[${Array.from({ length: 120 }, (_, i) => i).join(',')}]`;
    const ir = automation('concurrent-long', [
      {
        id: 'fan',
        kind: 'loop',
        forEach: { cel: items },
        as: 'n',
        maxIterations: 500,
        concurrency: 4,
        steps: [echo('item', '${{ n }}')],
      },
    ]);
    const input = runInput(ir);
    const result = await (await h.start(input)).result();
    expect(result.status).toBe('COMPLETED');
    expect(result.continuedAsNew).toBeGreaterThanOrEqual(1);
    const rows = (await h.stores.runs.steps(input.runId)).filter((s) => s.stepId === 'item');
    expect(rows).toHaveLength(120);
    expect(rows.every((s) => s.attempt === 1 && s.status === 'SUCCESS')).toBe(true);
    const keys = [...h.calls.entries()].filter(([k]) => k.startsWith('item['));
    expect(keys).toHaveLength(120);
    expect(keys.every(([, n]) => n === 1)).toBe(true);
  }, 120_000);
});
