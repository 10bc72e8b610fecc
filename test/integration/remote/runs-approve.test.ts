/**
 * Runs through `aexy serve`, end to end on the real Temporal dev server: a worker (with its router)
 * serves the workspace at the store, as `aexy worker` would; the CLI talks only to the server. A
 * record update pauses a run for approval; `runs list|show` see it, `approve` decides it through the
 * server, `runs tail` follows it over the runs stream until it completes; `runs cancel` and
 * `events emit --wait` work the same way. On SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discountChangeArgs } from '../../helpers/automation-fixtures.js';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';
import {
  AUTOMATIONS,
  type RemoteWorkspace,
  type StoreWorker,
  startRemoteWorkspace,
  startStoreWorker,
  storeKinds,
} from './remote-workspace.js';

describe.each(storeKinds())('runs and approvals through aexy serve on %s', (kind) => {
  let remote: RemoteWorkspace;
  let worker: StoreWorker | undefined;
  let dir: string;
  const cli = (args: string[], token?: string) => runCli(args, { cwd: dir, env: remote.env(token) });
  const json = (stdout: string) => JSON.parse(stdout);

  beforeAll(async () => {
    remote = await startRemoteWorkspace(kind);
    dir = makeTempProject({ 'aexy.yaml': 'name: remote-runs\n', 'automations.yaml': AUTOMATIONS });
    const applied = await cli(['apply', '--auto-approve']);
    expect(applied.exitCode, applied.stderr).toBe(0);
    worker = await startStoreWorker(remote, 'remote-runs');
  });
  afterAll(async () => {
    await worker?.stop();
    await remote?.close();
  });

  /** Creates a deal and raises its discount: big-discount starts and pauses at manager_ok. */
  async function pausedRun(name: string): Promise<{ runId: string; dealId: string }> {
    const created = await cli([
      'records',
      'create',
      'deals',
      '--data',
      `{"name":"${name}","discount":5}`,
      '-o',
      'json',
    ]);
    expect(created.exitCode, created.stderr).toBe(0);
    const dealId = json(created.stdout).record.id as string;
    const updated = await cli([
      'records',
      'update',
      'deals',
      dealId,
      '--data',
      '{"discount":30}',
      '-o',
      'json',
    ]);
    expect(updated.exitCode, updated.stderr).toBe(0);
    const run = await poll(async () => {
      const runs = await remote.backend.runtime.runs.listRuns({ automation: 'big-discount' });
      return runs.find((r) => r.event.recordId === dealId && r.status === 'PAUSED');
    });
    expect(run, 'no paused run').toBeDefined();
    return { runId: run?.id as string, dealId };
  }

  it('lists and shows a paused run, approves it through the server and tails it to the end', async () => {
    const { runId, dealId } = await pausedRun('Discounted');
    const listed = await cli(
      ['runs', 'list', '--automation', 'big-discount', '-o', 'json'],
      remote.tokens.read,
    );
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(json(listed.stdout).runs).toContainEqual(expect.objectContaining({ id: runId, status: 'PAUSED' }));
    const shown = await cli(['runs', 'show', runId], remote.tokens.read);
    expect([shown.exitCode, shown.stdout]).toEqual([0, expect.stringContaining('manager_ok')]);
    // The same JSON as the CLI reading the store itself (but for durations, which grow with time).
    for (const args of [
      ['runs', 'show', runId, '-o', 'json'],
      ['runs', 'list', '-o', 'json'],
      ['automations', 'status', '-o', 'json'], // run counts and the run-limit counter, through the API
    ]) {
      const viaServer = await cli(args, remote.tokens.read);
      const direct = await runCli(args, {
        cwd: dir,
        env: { ...remote.env(), AEXY_WORKSPACE: remote.location },
      });
      expect(viaServer.exitCode, viaServer.stderr).toBe(0);
      expect(withoutDurations(json(viaServer.stdout))).toEqual(withoutDurations(json(direct.stdout)));
    }
    const status = json((await cli(['automations', 'status', 'big-discount', '-o', 'json'])).stdout);
    expect(JSON.stringify(status)).toContain('"usedThisMonth":');
    expect(JSON.stringify(status)).not.toContain('"usedThisMonth":0');

    const denied = await cli(['approve', runId], remote.tokens.read);
    expect([denied.exitCode, denied.stderr]).toEqual([
      1,
      expect.stringContaining('lacks the "operate" scope'),
    ]);
    const wrongStep = await cli(['approve', runId, '--step', 'nope'], remote.tokens.operate);
    expect([wrongStep.exitCode, wrongStep.stderr]).toEqual([
      1,
      expect.stringContaining('no pending approval at step nope'),
    ]);
    const approved = await cli(['approve', runId, '--comment', 'fine', '--by', 'ann'], remote.tokens.operate);
    expect(approved.exitCode, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`approved ${runId} at step manager_ok (by ann)`);

    const tail = await cli(
      ['runs', 'tail', '--run', runId, '--timeout', '30', '-o', 'json'],
      remote.tokens.read,
    );
    expect(tail.exitCode, tail.stderr).toBe(0);
    const changes = tail.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(changes).toContainEqual(expect.objectContaining({ kind: 'run', runId, status: 'COMPLETED' }));
    expect(changes).toContainEqual(
      expect.objectContaining({ kind: 'step', stepKey: 'approved', status: 'SUCCESS' }),
    );
    const deal = await cli(['records', 'get', 'deals', dealId, '-o', 'json'], remote.tokens.read);
    expect(json(deal.stdout).record.values.discount_approval).toBe('approved');
    const late = await cli(['reject', runId]);
    expect([late.exitCode, late.stderr]).toEqual([
      1,
      expect.stringContaining('is COMPLETED: nothing to reject'),
    ]);
  });

  it('cancels a paused run through the server', async () => {
    const { runId } = await pausedRun('Cancelled');
    const cancelled = await cli(['runs', 'cancel', runId, '--timeout', '20'], remote.tokens.operate);
    expect(cancelled.exitCode, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toContain(`${runId}: CANCELLED`);
    expect((await remote.backend.runtime.runs.getRun(runId))?.status).toBe('CANCELLED');
  });

  it('queues an emitted event at the server; the worker routes it and --wait follows its run', async () => {
    const { dealId } = await pausedRun('Emitted');
    const emitted = await cli([...discountChangeArgs(dealId, 30, 40), '--wait']);
    expect(emitted.exitCode, emitted.stderr).toBe(0);
    expect(emitted.stdout).toContain('queued');
    expect(emitted.stderr).toMatch(/run run_\S+: PAUSED/);
    expect(emitted.stderr).toContain('waiting for a person');
  });
});

/** The value with every `durationMs` removed. */
function withoutDurations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutDurations);
  // Findings say how long a run has waited ("the oldest for 375ms"): elapsed time, like durationMs.
  if (typeof value === 'string') return value.replace(/\bfor [\d.]+(ms|s|m|h)\b/g, 'for <elapsed>');
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'durationMs')
      .map(([key, inner]) => [key, withoutDurations(inner)]),
  );
}

async function poll<T>(read: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
