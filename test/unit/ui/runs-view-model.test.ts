/**
 * The runs view model over a real SQLite run log: rows, timelines with folded loop iterations,
 * what a waiting run waits for, and the change events that line and NDJSON mode print.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { diffSnapshots, type Snapshot, TAIL_FORMAT_VERSION } from '../../../src/ui/runs/changes.js';
import { renderChangeLine, renderRunList, renderTimeline } from '../../../src/ui/runs/render-text.js';
import { RunTailSource } from '../../../src/ui/runs/tail-source.js';
import { buildRunRow, buildTimeline, foldKey } from '../../../src/ui/runs/view-model.js';
import { openRunLog, type RunLogFixture } from '../../helpers/run-log.js';

const T0 = '2026-11-27T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();
const NOW = new Date(at(600));

let log: RunLogFixture;
afterEach(async () => log?.close());

describe('runs view model', () => {
  it('folds loop iterations and keeps the worst status visible', async () => {
    log = openRunLog();
    await log.run('run_a', 'digest', 'RUNNING', T0);
    await log.step('run_a', 'fetch', { kind: 'action', status: 'SUCCESS', at: at(1) });
    for (let i = 0; i < 3; i++) {
      await log.step('run_a', `notify[${i}]`, { kind: 'action', status: 'RUNNING', at: at(2 + i) });
      await log.step('run_a', `notify[${i}]`, {
        kind: 'action',
        status: i === 1 ? 'FAILED' : 'SUCCESS',
        at: at(3 + i),
        error: i === 1 ? { type: 'server_error', message: 'HTTP 503' } : undefined,
      });
    }
    const timeline = buildTimeline(await log.runs.steps('run_a'), NOW);
    expect(timeline.map((e) => e.key)).toEqual(['fetch', 'notify[*]']);
    expect(timeline[1]).toMatchObject({
      status: 'FAILED',
      iterations: { total: 3, byStatus: { SUCCESS: 2, FAILED: 1 } },
      error: 'server_error: HTTP 503',
      depth: 1,
    });
    expect(foldKey('send[2][10]')).toBe('send[*][*]');
  });

  it('says what a paused run waits for, and when the approval times out', async () => {
    log = openRunLog();
    await log.run('run_p', 'discount-approval', 'PAUSED', T0);
    await log.step('run_p', 'manager_ok', {
      kind: 'approval',
      status: 'WAITING',
      at: at(5),
      input: { approvers: ['role:sales-manager'], message: 'Approve 30% off?', deadline: at(5 + 48 * 3600) },
    });
    const [run] = await log.runs.listRuns();
    const row = buildRunRow(run, await log.runs.steps('run_p'), NOW);
    expect(row.waitingFor).toMatchObject({
      kind: 'approval',
      stepKey: 'manager_ok',
      what: 'role:sales-manager',
    });
    const text = renderRunList([row], NOW);
    expect(text).toContain('⏸ PAUSED');
    expect(text).toMatch(
      /awaiting approval by role:sales-manager at manager_ok until 2026-11-29 10:00:05Z \(in 47h50m\)/,
    );
  });

  it('shows SKIPPED runs with their reason', async () => {
    log = openRunLog();
    await log.run('run_s', 'welcome', 'SKIPPED', T0, { reason: 'run_limit' });
    const [run] = await log.runs.listRuns();
    expect(renderRunList([buildRunRow(run, [], NOW)], NOW)).toMatch(/↷ SKIPPED .* reason: run_limit/);
  });

  it('renders the timeline with branches, attempts and verbose inputs', async () => {
    log = openRunLog();
    await log.run('run_t', 'followup', 'COMPLETED', T0);
    await log.step('run_t', 'replied', {
      kind: 'if',
      status: 'SUCCESS',
      at: at(1),
      output: { branch: 'else' },
    });
    await log.step('run_t', 'task', { kind: 'action', status: 'RETRYING', attempt: 2, at: at(2) });
    await log.step('run_t', 'task', {
      kind: 'action',
      status: 'SUCCESS',
      attempt: 2,
      at: at(4),
      input: { title: 'Call' },
      output: { id: 'rec_1' },
    });
    await log.runs.updateRun('run_t', { status: 'COMPLETED', at: at(5) });
    const run = (await log.runs.getRun('run_t'))!;
    const steps = await log.runs.steps('run_t');
    const text = renderTimeline(buildRunRow(run, steps, NOW), buildTimeline(steps, NOW, true), NOW);
    expect(text).toContain('✔ replied  if  2026-11-27 10:00:01Z');
    expect(text).toContain('→ else');
    expect(text).toContain('attempt 2');
    expect(text).toContain('input:  {"title":"Call"}');
    expect(text).toContain('output: {"id":"rec_1"}');
  });
});

describe('runs tail changes', () => {
  it('emits one versioned event per run or step change, oldest run first', async () => {
    log = openRunLog();
    const source = new RunTailSource(log.runs);
    await log.run('run_1', 'a', 'RUNNING', at(1));
    await log.step('run_1', 'send', { kind: 'action', status: 'RUNNING', at: at(2) });
    await log.run('run_2', 'b', 'SKIPPED', at(3), { reason: 'conditions' });
    const first = await source.poll(NOW);
    expect(first.map((c) => `${c.kind}:${c.runId}:${c.status}`)).toEqual([
      'run:run_1:RUNNING',
      'step:run_1:RUNNING',
      'run:run_2:SKIPPED',
    ]);
    expect(first.every((c) => c.formatVersion === TAIL_FORMAT_VERSION)).toBe(true);
    expect(await source.poll(NOW)).toEqual([]);
    await log.step('run_1', 'send', { kind: 'action', status: 'SUCCESS', at: at(4) });
    await log.runs.updateRun('run_1', { status: 'COMPLETED', at: at(5) });
    const second = await source.poll(NOW);
    expect(second).toMatchObject([
      { kind: 'run', runId: 'run_1', status: 'COMPLETED', previousStatus: 'RUNNING' },
      { kind: 'step', runId: 'run_1', stepKey: 'send', status: 'SUCCESS', previousStatus: 'RUNNING' },
    ]);
    expect(renderChangeLine(second[1])).toBe('10:00:04Z run_1 a: send ✔ SUCCESS');
  });

  it('keeps only the newest runs in memory', async () => {
    log = openRunLog();
    const source = new RunTailSource(log.runs, { maxRuns: 5 });
    for (let i = 0; i < 20; i++) await log.run(`run_${String(i).padStart(2, '0')}`, 'a', 'COMPLETED', at(i));
    await source.poll(NOW);
    expect([...source.current.keys()]).toEqual(['run_19', 'run_18', 'run_17', 'run_16', 'run_15']);
  });

  it('diffing identical snapshots yields nothing', () => {
    const empty: Snapshot = new Map();
    expect(diffSnapshots(empty, empty, NOW)).toEqual([]);
  });
});
