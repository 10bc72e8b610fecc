/**
 * `aexy runs retry` through `aexy serve`, end to end on the real Temporal dev server: a worker (with
 * its router) serves the workspace at the store; the CLI talks only to the server. A paused run is
 * refused (409, still going), then cancelled and retried: the server appends the linked event and
 * starts a new run whose event has `retryOf` = the old run, which the worker runs (it pauses at the
 * same approval). On SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe.each(storeKinds())('runs retry through aexy serve on %s', (kind) => {
  let remote: RemoteWorkspace;
  let worker: StoreWorker | undefined;
  let dir: string;
  const cli = (args: string[], token?: string) => runCli(args, { cwd: dir, env: remote.env(token) });
  const runs = () => remote.backend.runtime.runs;

  beforeAll(async () => {
    remote = await startRemoteWorkspace(kind);
    dir = makeTempProject({ 'aexy.yaml': 'name: acme\n', 'automations.yaml': AUTOMATIONS });
    const applied = await cli(['apply', '--auto-approve']);
    expect(applied.exitCode, applied.stderr).toBe(0);
    worker = await startStoreWorker(remote, 'acme');
  });
  afterAll(async () => {
    await worker?.stop();
    await remote?.close();
  });

  /** A deal whose discount rises to 30: big-discount starts and pauses at manager_ok. */
  async function pausedRun(): Promise<string> {
    const data = '{"name":"Retry","discount":5}';
    const created = await cli(['records', 'create', 'deals', '--data', data, '-o', 'json']);
    expect(created.exitCode, created.stderr).toBe(0);
    const dealId = JSON.parse(created.stdout).record.id as string;
    const updated = await cli(['records', 'update', 'deals', dealId, '--data', '{"discount":30}']);
    expect(updated.exitCode, updated.stderr).toBe(0);
    const run = await poll(async () =>
      (await runs().listRuns({ automation: 'big-discount' })).find(
        (r) => r.event.recordId === dealId && r.status === 'PAUSED' && !r.event.retryOf,
      ),
    );
    expect(run, 'no paused run').toBeDefined();
    return run?.id as string;
  }

  it('refuses a run still going, then retries the cancelled run as a new linked run', async () => {
    const runId = await pausedRun();
    const early = await cli(['runs', 'retry', runId], remote.tokens.operate);
    expect([early.exitCode, early.stderr]).toEqual([
      1,
      expect.stringContaining(`run ${runId} is still PAUSED`),
    ]);
    expect(early.stderr).toContain(`aexy runs cancel ${runId}`);
    const cancelled = await cli(['runs', 'cancel', runId, '--timeout', '20'], remote.tokens.operate);
    expect(cancelled.exitCode, cancelled.stderr).toBe(0);

    const denied = await cli(['runs', 'retry', runId], remote.tokens.read);
    expect([denied.exitCode, denied.stderr]).toEqual([
      1,
      expect.stringContaining('lacks the "operate" scope'),
    ]);
    const retried = await cli(['runs', 'retry', runId, '-o', 'json'], remote.tokens.operate);
    expect(retried.exitCode, retried.stderr).toBe(0);
    const outcome = JSON.parse(retried.stdout);
    expect(outcome).toMatchObject({ retryOf: runId, automation: 'big-discount', outcome: 'started' });
    expect(outcome.runId).not.toBe(runId);

    // The server's store has the new run, linked; the worker runs it to the same approval.
    const fresh = await poll(async () => {
      const run = await runs().getRun(outcome.runId);
      return run?.status === 'PAUSED' ? run : undefined;
    });
    expect(fresh?.event.retryOf).toBe(runId);
    expect(fresh?.event.id).toBe(`${(await runs().getRun(runId))?.event.id}~retry1`);
    // Routed to big-discount only: the outbox row is finished, so no router routes it again.
    const stored = await remote.backend.runtime.events.get(outcome.eventId);
    expect(stored?.finishedAt).toBeTruthy();
    const shown = await cli(['runs', 'show', outcome.runId], remote.tokens.read);
    expect(shown.stdout).toContain(`retry of ${runId}`);
    await cli(['runs', 'cancel', outcome.runId, '--timeout', '20'], remote.tokens.operate);
  });

  it('answers not found for an unknown run', async () => {
    const missing = await cli(['runs', 'retry', 'run_nope'], remote.tokens.operate);
    expect([missing.exitCode, missing.stderr]).toEqual([1, expect.stringContaining('no run run_nope')]);
  });
});

async function poll<T>(read: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
