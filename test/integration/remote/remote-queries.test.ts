/**
 * End to end, the CLI -> `aexy serve` -> the store, on SQLite and PostgreSQL: `records list --where`
 * filters at the server (the same records as the CLI on the store itself prints), and
 * `aexy approve --timeout` reaches the server (a run whose workflow no worker serves fails after the
 * given second, not after the server's default 15).
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';
import { type RemoteWorkspace, startRemoteWorkspace, storeKinds } from './remote-workspace.js';

describe.each(storeKinds())('the CLI against aexy serve on %s', (kind) => {
  let remote: RemoteWorkspace;
  let dir: string;
  const cli = (args: string[], token?: string) => runCli(args, { cwd: dir, env: remote.env(token) });
  /** The same command on the store itself (what the server reads), for comparison. */
  const local = (args: string[]) =>
    runCli([...args, '--workspace', remote.location], { cwd: dir, env: { AEXY_WORKSPACE: '' } });

  beforeAll(async () => {
    remote = await startRemoteWorkspace(kind);
    dir = makeTempProject({ 'aexy.yaml': 'name: remote-queries\n' });
    const deals = [
      { name: 'Acme, Inc.', stage: 'won', amount: 12_000 },
      { name: 'Globex', stage: 'won', amount: 9_000 },
      { name: 'Initech', stage: 'lost', amount: 50_000 },
      { name: '10', stage: 'won', amount: 1 },
    ];
    for (const values of deals) await remote.backend.runtime.records.create('deals', values);
  });
  afterAll(async () => {
    await remote?.close();
  });

  it('records list --where filters at the server, as on the store itself', async () => {
    const cases = [
      ['stage=won', 'amount>=10000'],
      ['stage!=won'],
      ['name~Inc'],
      ['name=Acme, Inc.'],
      ['name="10"'],
      ['amount<10000'],
    ];
    for (const filters of cases) {
      const args = ['records', 'list', 'deals', '--where', ...filters, '-o', 'json'];
      const through = await cli(args, remote.tokens.read);
      expect(through.exitCode, through.stderr).toBe(0);
      const direct = await local(args);
      expect(direct.exitCode, direct.stderr).toBe(0);
      expect(JSON.parse(through.stdout), filters.join(' ')).toEqual(JSON.parse(direct.stdout));
    }
    const won = await cli([
      'records',
      'list',
      'deals',
      '--where',
      'stage=won',
      'amount>=10000',
      '-o',
      'json',
    ]);
    expect(JSON.parse(won.stdout).records.map((r: { values: { name: string } }) => r.values.name)).toEqual([
      'Acme, Inc.',
    ]);
    const none = await cli(['records', 'list', 'deals', '--where', 'stage=open']);
    expect(none.stdout).toBe('No deals records match.\n');
  });

  it('approve --timeout reaches the server: no worker answers, the error comes after that time', async () => {
    const connection = await Connection.connect({ address: remote.temporal.address });
    const client = new Client({ connection, namespace: inject('temporalNamespace') });
    // A workflow on a task queue no worker polls: the approval update can only time out.
    const workflowId = `no-worker-${randomUUID().slice(0, 8)}`;
    const handle = await client.workflow.start('automationRun', {
      workflowId,
      taskQueue: `nobody-${randomUUID().slice(0, 8)}`,
      args: [],
    });
    try {
      const runId = `run_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
      await remote.backend.runtime.runs.createRun({
        id: runId,
        automation: 'big-discount',
        versionId: null,
        version: null,
        status: 'PAUSED',
        workflowId,
        event: {
          id: `ev-${runId}`,
          type: 'field.changed',
          payload: {},
          causation: [],
          occurredAt: new Date().toISOString(),
          source: 'cli',
        },
      });
      const started = Date.now();
      const decided = await cli(['approve', runId, '--timeout', '1'], remote.tokens.operate);
      const elapsed = Date.now() - started;
      expect(decided.exitCode).toBe(1);
      expect(decided.stderr).toContain(`no worker answered for run ${runId} within 1s`);
      expect(elapsed).toBeLessThan(10_000);
    } finally {
      await handle.terminate('test over').catch(() => undefined);
      await connection.close();
    }
  });
});
