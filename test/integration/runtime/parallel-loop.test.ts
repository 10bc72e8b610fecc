// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * Parallel joins (all / any / count, branch failure policies) and loops (forEach with bounded
 * concurrency, until, maxIterations, continue-as-new of a long loop carrying its state).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinMode, Step } from '../../../src/ir/types.js';
import { automation, type Harness, runInput, saveHistory, startHarness } from './harness.js';

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
    const started = Date.now();
    const handle = await h.start(input);
    expect((await handle.result()).status).toBe('COMPLETED');
    // 6 items of 300 ms, 3 at a time: about 600 ms, well under the 1800 ms of a sequential loop.
    expect(Date.now() - started).toBeLessThan(1700);
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
});
