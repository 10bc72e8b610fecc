// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * Runs control and the live view against real runs on the shared dev server: a project applied with
 * `aexy apply`, a worker serving its task queue, `aexy runs cancel|retry`, and the real `aexy runs
 * tail` binary driven in a pseudo-terminal (tmux): it shows a paused approval, approves it with the
 * keyboard, and the run completes.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath } from '../../helpers/cli.js';
import { type RuntimeProject, startRuntimeProject } from '../../helpers/runtime-project.js';

const AUTOMATION = `apiVersion: aexy/v1
kind: Automation
metadata: { name: discount-check }
spec:
  module: crm
  trigger: { type: record.created, object: deals }
  workflow:
    steps:
      - id: note
        action: create_record
        with: { object: tasks, values: { title: "Review discount for \${{ record.values.name }}" } }
      - id: manager_ok
        approval: { approvers: ["role:manager"], message: "Approve the discount?", timeout: 1h }
        onApprove:
          - id: approved
            action: create_record
            with: { object: tasks, values: { title: approved } }
        onReject: fail
`;

let project: RuntimeProject;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  project = await startRuntimeProject(
    { 'aexy.yaml': 'name: runs-live\n', 'automation.yaml': AUTOMATION },
    'runs',
  );
  ({ dir, env } = project);
});

afterAll(async () => {
  await project?.close();
});

const cli = (args: string[]) => project.cli(args);

async function startPausedRun(name: string): Promise<string> {
  const event = JSON.stringify({
    payload: {},
    record: { id: `rec_${name}`, object: 'deals', values: { name } },
  });
  const started = await cli(['run', 'discount-check', '--event', event, '-o', 'json']);
  expect(started.exitCode, started.stderr).toBe(0);
  const runId = JSON.parse(started.stdout).run.id as string;
  await waitFor(async () => (await project.stores.runs.getRun(runId))?.status === 'PAUSED');
  return runId;
}

describe('aexy runs cancel and retry', () => {
  it('cancels a paused run, marks the step it was in, and retries it as a linked run', async () => {
    const runId = await startPausedRun('Globex');
    const listed = await cli(['runs', 'list']);
    expect(listed.stdout).toMatch(
      new RegExp(`${runId} .*⏸ PAUSED .*awaiting approval by role:manager at manager_ok`),
    );
    const cancelled = await cli(['runs', 'cancel', runId]);
    expect(cancelled.stdout, cancelled.stderr).toBe(`${runId}: CANCELLED (interrupted at manager_ok)\n`);
    const shown = await cli(['runs', 'show', runId]);
    expect(shown.stdout).toContain('error: cancelled: the run was cancelled while this step was in progress');
    const again = await cli(['runs', 'cancel', runId]);
    expect(again.stderr).toMatch(/already CANCELLED/);

    const retried = await cli(['runs', 'retry', runId, '-o', 'json']);
    expect(retried.exitCode, retried.stderr).toBe(0);
    const retry = JSON.parse(retried.stdout);
    expect(retry).toMatchObject({ retryOf: runId, outcome: 'started' });
    expect(retry.runId).not.toBe(runId);
    await waitFor(async () => (await project.stores.runs.getRun(retry.runId))?.status === 'PAUSED');
    expect((await cli(['runs', 'show', retry.runId])).stdout).toContain(`retry of ${runId}`);
    await cli(['runs', 'cancel', retry.runId]);
  });
});

describe('aexy runs tail in a terminal', () => {
  const session = `aexy-tail-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', session);

  afterAll(() => {
    try {
      tmux('kill-session', '-t', session);
    } catch {
      // already gone
    }
  });

  it('shows the paused approval, approves it from the keyboard, and the run completes', async () => {
    const runId = await startPausedRun('Initech');
    const envArgs = Object.entries({ ...env, NO_COLOR: '1' }).map(([k, v]) => `${k}=${v}`);
    tmux(
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      '120',
      '-y',
      '30',
      '-c',
      dir,
      'env',
      ...envArgs,
      process.execPath,
      binPath,
      'runs',
      'tail',
    );
    await waitFor(
      () => screen().includes(runId) && screen().includes('awaiting approval by role:manager'),
      20_000,
    );
    const row = screen()
      .split('\n')
      .findIndex((line) => line.includes(runId));
    const selected = screen()
      .split('\n')
      .findIndex((line) => line.startsWith('›'));
    for (let i = selected; i < row; i++) tmux('send-keys', '-t', session, 'Down');
    await waitFor(() =>
      screen()
        .split('\n')
        .some((l) => l.startsWith('›') && l.includes(runId)),
    );
    tmux('send-keys', '-t', session, 'a');
    await waitFor(() => screen().includes(`approve manager_ok of ${runId}? (y/n)`));
    tmux('send-keys', '-t', session, 'y');
    await waitFor(() => screen().includes(`Approved manager_ok of ${runId}.`), 20_000);
    await waitFor(async () => (await project.stores.runs.getRun(runId))?.status === 'COMPLETED', 20_000);
    await waitFor(
      () =>
        screen()
          .split('\n')
          .some((l) => l.includes(runId) && l.includes('✔ COMPLETED')),
      10_000,
    );
    tmux('send-keys', '-t', session, 'q');
    await waitFor(() => !tmux('list-sessions').includes(session), 10_000).catch(() => undefined);
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let ok = false;
    try {
      ok = await check();
    } catch {
      ok = false;
    }
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
