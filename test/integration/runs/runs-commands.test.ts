/**
 * `aexy runs list|show|tail` (line and NDJSON modes) and `aexy automations status`, in-process, on a
 * real project whose automation was applied with `aexy apply` and whose run log is a real SQLite file.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { monthStart } from '../../../src/ui/runs/automation-status.js';
import { openWorkspace, type SqliteWorkspaceStore } from '../../../src/workspace/index.js';
import { sqliteRuntimeStores } from '../../../src/workspace/sqlite/runtime-stores.js';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';

const automation = `apiVersion: aexy/v1
kind: Automation
metadata: { name: new-deal-task }
spec:
  module: crm
  trigger: { type: record.created, object: deals }
  limits: { runsPerMonth: 3 }
  actions:
    - id: task
      action: create_task
      with: { title: "Call about \${{ record.values.name }}" }
`;

let dir: string;
const now = new Date();
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

beforeAll(async () => {
  dir = makeTempProject({ 'aexy.yaml': 'name: acme\ntimezone: Europe/Berlin\n', 'deal.yaml': automation });
  const applied = await runCli(['apply', '--auto-approve'], { cwd: dir });
  expect(applied.stderr + applied.stdout).toMatch(/1 added|Apply complete/);
  const store = openWorkspace(join(dir, '.aexy/workspace.db')) as SqliteWorkspaceStore;
  const { runs, counters } = sqliteRuntimeStores(store.db);
  const event = (id: string) => ({
    id,
    type: 'record.created',
    payload: {},
    occurredAt: ago(10),
    causation: [],
    source: 'cli' as const,
  });
  const period = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
  }).format(now);
  for (const [id, status, reason] of [
    ['run_ok', 'COMPLETED', undefined],
    ['run_ok2', 'COMPLETED', undefined],
    ['run_bad', 'FAILED', undefined],
    ['run_limit', 'SKIPPED', 'run_limit'],
    ['run_cond', 'SKIPPED', 'conditions'],
  ] as const) {
    await runs.createRun({
      id,
      automation: 'new-deal-task',
      versionId: 1,
      version: 1,
      status,
      reason,
      event: event(`e_${id}`),
      at: ago(5),
    });
    if (status !== 'SKIPPED')
      await counters.reserveRun({
        automation: 'new-deal-task',
        eventId: `e_${id}`,
        runId: id,
        period: period.slice(0, 7),
        limit: 3,
      });
  }
  await runs.writeStep('run_bad', 'task', {
    stepId: 'task',
    kind: 'action',
    status: 'FAILED',
    at: ago(4),
    error: { type: 'validation_error', message: 'title is required' },
  });
  await store.close();
});

describe('aexy runs', () => {
  it('lists runs with filters, SKIPPED ones with their reason', async () => {
    const all = await runCli(['runs', 'list'], { cwd: dir });
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toMatch(/run_limit .*↷ SKIPPED .*reason: run_limit/);
    const failed = await runCli(['runs', 'list', '--status', 'failed', '--output', 'json'], { cwd: dir });
    const body = JSON.parse(failed.stdout);
    expect(body).toMatchObject({ formatVersion: 1, kind: 'runs' });
    expect(body.runs.map((r: { id: string }) => r.id)).toEqual(['run_bad']);
    const none = await runCli(['runs', 'list', '--until', '1h'], { cwd: dir });
    expect(none.stdout).toBe('No runs match.\n');
  });

  it('explains bad filters with the fix', async () => {
    const result = await runCli(['runs', 'list', '--status', 'DONE'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/unknown status DONE[\s\S]*use one of PENDING, RUNNING/);
  });

  it('shows a run timeline with the failing step', async () => {
    const result = await runCli(['runs', 'show', 'run_bad'], { cwd: dir });
    expect(result.stdout).toMatch(/Run run_bad {2}new-deal-task v1 {2}✖ FAILED/);
    expect(result.stdout).toMatch(/✖ task {2}action/);
    expect(result.stdout).toContain('error: validation_error: title is required');
    const missing = await runCli(['runs', 'show', 'run_nope'], { cwd: dir });
    expect(missing).toMatchObject({ exitCode: 1 });
    expect(missing.stderr).toMatch(/no run run_nope in this workspace/);
  });

  it('tail prints NDJSON events, and exits when the followed run is final', async () => {
    const result = await runCli(['runs', 'tail', '--run', 'run_bad', '--output', 'json'], { cwd: dir });
    expect(result.exitCode).toBe(1); // the followed run FAILED
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(events).toMatchObject([
      { formatVersion: 1, kind: 'run', runId: 'run_bad', status: 'FAILED' },
      {
        formatVersion: 1,
        kind: 'step',
        runId: 'run_bad',
        stepKey: 'task',
        status: 'FAILED',
        error: 'validation_error: title is required',
      },
    ]);
  });

  it('tail prints one line per change when stdout is not a terminal', async () => {
    const result = await runCli(['runs', 'tail', '--timeout', '1'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\dZ run_ok new-deal-task: run ✔ COMPLETED$/);
    expect(result.stdout).toMatch(/run_cond new-deal-task: run ↷ SKIPPED \(conditions\)/);
  });
});

describe('aexy automations status', () => {
  it('answers why an automation is not firing', async () => {
    const result = await runCli(['automations', 'status', 'new-deal-task'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/new-deal-task +yes +3\/3 +2 +1 /);
    expect(result.stdout).toContain(
      'run limit reached (3/3 this month): new events are SKIPPED with reason run_limit',
    );
    expect(result.stdout).toContain('1 run(s) SKIPPED this month: conditions');
    const json = JSON.parse(
      (await runCli(['automations', 'status', '--output', 'json'], { cwd: dir })).stdout,
    );
    expect(json.automations[0]).toMatchObject({
      name: 'new-deal-task',
      usedThisMonth: 3,
      runsPerMonth: 3,
      skippedByReason: { run_limit: 1, conditions: 1 },
      failedThisMonth: 1,
    });
  });

  it('computes the month start in the workspace time zone, across DST', () => {
    expect(monthStart(new Date('2026-11-15T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-10-31T23:00:00.000Z',
    );
    expect(monthStart(new Date('2026-04-15T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-03-31T22:00:00.000Z',
    );
    expect(monthStart(new Date('2026-11-01T03:00:00Z'), 'America/New_York').toISOString()).toBe(
      '2026-10-01T04:00:00.000Z',
    );
  });
});
