/**
 * Rendered frames of the `runs tail` Ink view (ink-testing-library), fed by a real SQLite run log:
 * wide and narrow terminals, a paused run highlighted with its approval, and the approve keystrokes.
 */
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { TailApp } from '../../../src/ui/runs/tail-app.js';
import { RunTailSource } from '../../../src/ui/runs/tail-source.js';
import { openRunLog, type RunLogFixture } from '../../helpers/run-log.js';

const T0 = '2026-11-27T10:00:00.000Z';
const at = (s: number) => new Date(Date.parse(T0) + s * 1000).toISOString();
const NOW = () => new Date(at(120));

let log: RunLogFixture;
afterEach(async () => log?.close());

async function seed(): Promise<RunLogFixture> {
  const fixture = openRunLog();
  await fixture.run('run_done', 'welcome-lead', 'COMPLETED', at(0));
  await fixture.step('run_done', 'slack', { kind: 'action', status: 'SUCCESS', at: at(1) });
  await fixture.runs.updateRun('run_done', { status: 'COMPLETED', at: at(2) });
  await fixture.run('run_paused', 'discount-approval', 'PAUSED', at(10));
  await fixture.step('run_paused', 'draft', { kind: 'action', status: 'SUCCESS', at: at(11) });
  await fixture.step('run_paused', 'manager_ok', {
    kind: 'approval',
    status: 'WAITING',
    at: at(12),
    input: { approvers: ['role:sales-manager'], deadline: at(12 + 3600) },
  });
  return fixture;
}

function pollerFor(fixture: RunLogFixture) {
  const source = new RunTailSource(fixture.runs);
  return async () => {
    await source.poll(NOW());
    return source.current;
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/** The settled first frame of the view over the seeded run log, at a given terminal width. */
async function frameAt(columns: number): Promise<string> {
  log = await seed();
  const view = render(
    <TailApp
      poll={pollerFor(log)}
      decide={async () => ''}
      animate={false}
      now={NOW}
      columns={columns}
      intervalMs={50}
    />,
  );
  await settle();
  const frame = view.lastFrame() ?? '';
  view.unmount();
  return frame;
}

describe('runs tail view', () => {
  it('renders runs and the selected run timeline on a wide terminal', async () => {
    const frame = await frameAt(110);
    expect(frame).toMatchSnapshot();
    expect(frame).toContain('2 runs');
    expect(frame).toMatch(/› run_paused .*⏸ PAUSED .*awaiting approval by role:sales-ma/);
    expect(frame).toContain(
      'awaiting approval by role:sales-manager at manager_ok until 2026-11-27 11:00:12Z',
    );
    expect(frame).toMatch(/⏳ manager_ok approval/);
  });

  it('fits a narrow terminal without wrapping lines', async () => {
    const frame = await frameAt(50);
    expect(frame).toMatchSnapshot();
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
    expect(frame).toMatch(/run_paused .*⏸ PAUSED +approval ma/);
  });

  it('approves the selected paused run after a y confirmation', async () => {
    log = await seed();
    const decisions: string[] = [];
    const decide = async (runId: string, stepId: string | undefined, decision: string) => {
      decisions.push(`${decision} ${runId} ${stepId}`);
      return `Approved ${stepId} of ${runId}.`;
    };
    const view = render(
      <TailApp poll={pollerFor(log)} decide={decide} animate={false} now={NOW} intervalMs={50} />,
    );
    await settle();
    view.stdin.write('a');
    await settle();
    expect(view.lastFrame()).toContain('approve manager_ok of run_paused? (y/n)');
    view.stdin.write('y');
    await settle();
    expect(decisions).toEqual(['approve run_paused manager_ok']);
    expect(view.lastFrame()).toContain('Approved manager_ok of run_paused.');
    view.stdin.write('\u001B[B'); // down arrow: the completed run has nothing to approve
    await settle();
    view.stdin.write('r');
    await settle();
    expect(view.lastFrame()).toContain('run_done has no pending approval.');
    view.unmount();
  });
});
