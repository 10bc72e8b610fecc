/**
 * End to end: the CLI -> `aexy serve` -> the store, on SQLite and on PostgreSQL. validate, plan
 * (the same plan as against a local file), apply, plan again (no changes), export (round trip), and
 * the errors a CI job meets: a token without the scope (403), a wrong token (401), no token, a
 * server that is not there (bounded retries), a URL that is not a workspace URL.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { closedPort } from '../../helpers/closed-port.js';
import { makeTempProject } from '../../helpers/project.js';
import { AUTOMATIONS, type RemoteWorkspace, startRemoteWorkspace, storeKinds } from './remote-workspace.js';

/** The plan JSON without what differs between two plans of the same change (id, time, lineage). */
function planContent(stdout: string) {
  const { plan } = JSON.parse(stdout) as { plan: Record<string, unknown> };
  const { id: _id, createdAt: _at, base: _base, ...rest } = plan ?? JSON.parse(stdout);
  return rest;
}

describe.each(storeKinds())('the CLI against aexy serve on %s', (kind) => {
  let remote: RemoteWorkspace;
  let dir: string;
  const cli = (args: string[], token?: string, cwd = dir) => runCli(args, { cwd, env: remote.env(token) });

  beforeAll(async () => {
    remote = await startRemoteWorkspace(kind);
    dir = makeTempProject({ 'aexy.yaml': 'name: remote-e2e\n', 'automations.yaml': AUTOMATIONS });
  });
  afterAll(async () => {
    await remote?.close();
  });

  it('validates, plans as against a local file, applies, plans no changes, exports and round-trips', async () => {
    expect((await cli(['validate'])).exitCode).toBe(0);
    const localFile = join(mkdtempSync(join(tmpdir(), 'aexy-local-')), 'ws.db');
    const local = await runCli(['plan', '--workspace', localFile, '-o', 'json'], { cwd: dir, env: {} });
    const remotePlan = await cli(['plan', '-o', 'json']);
    expect(remotePlan.exitCode, remotePlan.stderr).toBe(0);
    expect(planContent(remotePlan.stdout)).toEqual(planContent(local.stdout));
    const localText = await runCli(['plan', '--workspace', localFile], { cwd: dir, env: {} });
    expect((await cli(['plan'])).stdout).toBe(localText.stdout);

    const applied = await cli(['apply', '--auto-approve'], remote.tokens.apply);
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(
      'Apply complete! Resources: 2 added, 0 changed, 0 deleted. Workspace serial 1.',
    );
    expect((await remote.backend.store.info()).serial).toBe(1);
    const again = await cli(['plan', '--detailed-exitcode'], remote.tokens.plan);
    expect([again.exitCode, again.stdout]).toEqual([0, expect.stringContaining('No changes')]);

    const copy = makeTempProject({ 'aexy.yaml': 'name: remote-e2e\n' });
    const exported = await cli(['export', '--out', copy], remote.tokens.read);
    expect(exported.exitCode, exported.stderr).toBe(0);
    expect(exported.stdout).toContain('Exported 2 resources');
    const roundTrip = await cli(['plan', '--detailed-exitcode'], remote.tokens.read, copy);
    expect([roundTrip.exitCode, roundTrip.stderr]).toEqual([0, '']);
    const shown = await cli(['workspace', 'show'], remote.tokens.read);
    expect(shown.stdout).toContain('won-deal-task');
    const history = await cli(
      ['workspace', 'history', 'Automation/won-deal-task', '-o', 'json'],
      remote.tokens.read,
    );
    expect(history.exitCode, history.stderr).toBe(0);
    expect(JSON.parse(history.stdout)).toMatchObject({ address: 'Automation/won-deal-task' });
  });

  it('names the scope a token lacks (403), refuses a wrong token (401) and a missing one', async () => {
    const forbidden = await cli(['apply', '--auto-approve'], remote.tokens.read);
    expect(forbidden.exitCode).toBe(1);
    expect(forbidden.stderr).toContain('lacks the "apply" scope');
    expect(forbidden.stderr).toContain('(it has: read)');
    expect(forbidden.stderr).toContain('aexy tokens create --name NAME --scope apply');
    const wrong = await cli(['plan'], 'aexy_not_a_token');
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain('refused the token in AEXY_TOKEN (401)');
    expect(wrong.stderr).toContain('hint: check AEXY_TOKEN');
    const missing = await runCli(['plan'], { cwd: dir, env: { ...remote.env(), AEXY_TOKEN: '' } });
    expect([missing.exitCode, missing.stderr]).toEqual([1, expect.stringContaining('AEXY_TOKEN is not set')]);
    expect((await remote.backend.store.info()).serial).toBe(1);
  });

  it('follows the 403 hint: an admin creates an apply token remotely, revoking it locks it out', async () => {
    const created = await cli(['tokens', 'create', '--name', 'ci', '--scope', 'apply', '-o', 'json']);
    expect(created.exitCode, created.stderr).toBe(0);
    const { token, secret } = JSON.parse(created.stdout);
    const listed = await cli(['tokens', 'list', '-o', 'json']);
    expect(listed.stdout).toContain(token.id);
    const locked = await cli(['plan', '--lock'], secret);
    expect(locked.exitCode, locked.stderr).toBe(0);
    expect((await cli(['tokens', 'list'], secret)).stderr).toContain('lacks the "admin" scope');
    expect((await cli(['tokens', 'revoke', token.id])).exitCode).toBe(0);
    expect((await cli(['plan'], secret)).stderr).toContain('(401)');
  });

  it('reports a held lock like the local store, unlocks it remotely, and says what has no remote form', async () => {
    const request = {
      holder: 'stuck-job',
      operation: 'apply',
      host: 'runner-9',
      pid: 99,
      ttlMs: 60_000,
      waitMs: 0,
    };
    const lock = await remote.backend.store.acquireLock(request);
    const blocked = await cli(['apply', '--auto-approve'], remote.tokens.apply);
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stderr).toContain(
      `the workspace is locked by stuck-job (apply, host runner-9, pid 99) since ${lock.createdAt}`,
    );
    expect(blocked.stderr).toContain(`aexy workspace unlock ${lock.id}`);
    const notAdmin = await cli(['workspace', 'unlock', lock.id], remote.tokens.apply);
    expect(notAdmin.stderr).toContain('lacks the "admin" scope');
    const unlocked = await cli(['workspace', 'unlock', lock.id]);
    expect([unlocked.exitCode, unlocked.stdout]).toEqual([0, expect.stringContaining('held by stuck-job')]);
    expect(await remote.backend.store.locks()).toEqual([]);
    // Retry goes through the server too (runs-retry.test.ts): an unknown run is not found there.
    const retried = await cli(['runs', 'retry', 'run_x']);
    expect([retried.exitCode, retried.stderr]).toEqual([1, expect.stringContaining('no run run_x')]);
  });

  it('fails fast and clearly when the server is not there or the URL is not a workspace URL', async () => {
    const port = await closedPort();
    const started = Date.now();
    const down = await runCli(['plan'], {
      cwd: dir,
      env: { ...remote.env(), AEXY_WORKSPACE: `http://127.0.0.1:${port}/workspaces/acme` },
    });
    expect(down.exitCode).toBe(1);
    expect(down.stderr).toContain(
      `cannot reach the workspace server at http://127.0.0.1:${port}/workspaces/acme`,
    );
    expect(down.stderr).toContain('(4 attempts)');
    expect(down.stderr).toContain('is `aexy serve` running');
    expect(Date.now() - started).toBeLessThan(8000);
    const bad = await cli(['plan', '--workspace', `${remote.server.url}/acme`]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('does not end in /workspaces/NAME');
  });
});
