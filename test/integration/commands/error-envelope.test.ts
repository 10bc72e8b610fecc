/**
 * `--output json` on failure: one `kind: "error"` envelope on stdout with a stable code (what a CI
 * pipeline branches on), the human text still on stderr, the exit codes unchanged. Real SQLite
 * workspaces, a real in-process `aexy serve`, the CLI in-process.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteWorkspaceStore } from '../../../src/workspace/sqlite/store.js';
import { runCli } from '../../helpers/cli.js';
import { closedPort } from '../../helpers/closed-port.js';
import { type RemoteWorkspace, startRemoteWorkspace } from '../remote/remote-workspace.js';
import { demoProject, simple } from '../workspace/fixtures.js';

/** The stdout of a failed `-o json` command, parsed: exactly one JSON document on one line. */
function envelope(stdout: string) {
  const lines = stdout.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]);
}

describe('error envelope (--output json)', () => {
  it('a stale saved plan: exit 1, code stale_plan with both stamps; text mode unchanged', async () => {
    const cwd = demoProject();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd })).exitCode).toBe(0);
    expect((await runCli(['apply', 'plan.json'], { cwd })).exitCode).toBe(0);
    const stale = await runCli(['apply', 'plan.json', '-o', 'json'], { cwd });
    expect(stale.exitCode).toBe(1);
    expect(envelope(stale.stdout)).toEqual({
      formatVersion: 1,
      kind: 'error',
      error: {
        code: 'stale_plan',
        message: 'the saved plan is stale: it was made at serial 0, but the workspace is at serial 1',
        hint: expect.stringContaining('aexy plan --out FILE'),
        details: {
          expected: { lineage: expect.any(String), serial: 0 },
          actual: { lineage: expect.any(String), serial: 1 },
        },
      },
    });
    expect(stale.stderr).toContain('error: the saved plan is stale');
    const text = await runCli(['apply', 'plan.json'], { cwd });
    expect([text.exitCode, text.stdout]).toEqual([1, '']);
    expect(text.stderr).toBe(stale.stderr);
  });

  it('a held lock: code lock_held with the holder in details.lock', async () => {
    const cwd = demoProject();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd })).exitCode).toBe(0);
    const store = SqliteWorkspaceStore.open(join(cwd, '.aexy/workspace.db'));
    const lock = await store.acquireLock({
      holder: 'deploy-bot',
      operation: 'apply',
      host: 'ci-7',
      pid: 4242,
      ttlMs: 60_000,
      waitMs: 0,
    });
    try {
      const held = await runCli(['apply', 'plan.json', '--json'], { cwd });
      expect(held.exitCode).toBe(1);
      const { error } = envelope(held.stdout);
      expect(error.code).toBe('lock_held');
      expect(error.details.lock).toEqual({
        id: lock.id,
        holder: 'deploy-bot',
        operation: 'apply',
        host: 'ci-7',
        pid: 4242,
        createdAt: lock.createdAt,
        expiresAt: lock.expiresAt,
      });
      expect(error.hint).toContain(`aexy workspace unlock ${lock.id}`);
      expect(held.stderr).toContain('error: the workspace is locked by deploy-bot');
    } finally {
      await store.releaseLock(lock.id);
      await store.close();
    }
  });

  it('an unknown scheme: unsupported_location', async () => {
    const cwd = demoProject();
    const result = await runCli(
      ['workspace', 'show', '-o', 'json', '--workspace', 'ftp://files.example/ws'],
      {
        cwd,
      },
    );
    expect(result.exitCode).toBe(1);
    expect(envelope(result.stdout).error).toMatchObject({
      code: 'unsupported_location',
      hint: expect.any(String),
    });
  });

  it('a file that is not a workspace: exit 1, code workspace_unreadable, a hint at the location', async () => {
    const cwd = demoProject({ 'not-a-db.db': 'garbage '.repeat(40) });
    const result = await runCli(['workspace', 'show', '-o', 'json', '--workspace', 'not-a-db.db'], { cwd });
    expect(result.exitCode).toBe(1);
    expect(envelope(result.stdout).error).toEqual({
      code: 'workspace_unreadable',
      message: `${join(cwd, 'not-a-db.db')} is not an aexy workspace: file is not a database`,
      hint: expect.stringContaining('--workspace'),
      details: { location: join(cwd, 'not-a-db.db') },
    });
    expect(result.stderr).toContain('is not an aexy workspace');
    expect(result.stderr).not.toContain('internal error');
  });

  it('an internal error: exit 3, code internal, the report hint', async () => {
    // A real workspace whose stored IR is not JSON (no command writes that): reading it is a bug-class failure.
    const cwd = demoProject();
    expect((await runCli(['apply', '--auto-approve'], { cwd })).exitCode).toBe(0);
    const db = new Database(join(cwd, '.aexy/workspace.db'));
    for (const table of ['resources', 'resource_versions'])
      db.prepare(`UPDATE ${table} SET ir_json = ?`).run('{"kind": "automation",');
    db.close();
    const result = await runCli(['export', '--out', 'out', '-o', 'json'], { cwd });
    expect(result.exitCode).toBe(3);
    expect(envelope(result.stdout).error).toMatchObject({
      code: 'internal',
      hint: expect.stringContaining('report'),
    });
    expect(result.stderr).toContain('internal error:');
    expect(result.stderr).toMatch(/JSON/); // the parse of the damaged row, not some other failure
  });

  it('a server nobody listens on: remote_unreachable after the retries', async () => {
    const cwd = demoProject();
    const url = `http://127.0.0.1:${await closedPort()}/workspaces/acme`;
    const result = await runCli(['plan', '-o', 'json'], {
      cwd,
      env: { AEXY_WORKSPACE: url, AEXY_TOKEN: 'aexy_unused' },
    });
    expect(result.exitCode).toBe(1);
    const { error } = envelope(result.stdout);
    expect(error.code).toBe('remote_unreachable');
    expect(error.details).toMatchObject({ url: expect.stringContaining(url), attempts: expect.any(Number) });
    expect(result.stderr).toContain('cannot reach the workspace server');
  }, 20_000);

  it('findings stay findings: plan and validate keep their envelopes with diagnostics', async () => {
    const cwd = demoProject({
      'automations/broken.yaml': simple('broken').replace('send_email', 'no_such_action'),
    });
    const plan = await runCli(['plan', '-o', 'json'], { cwd });
    expect(plan.exitCode).toBe(1);
    const json = JSON.parse(plan.stdout);
    expect(json).toMatchObject({ formatVersion: 1, kind: 'plan', plan: null });
    expect(json.diagnostics.map((d: { code: string }) => d.code)).toContain('schema/unknown-action');
    const validate = await runCli(['validate', '-o', 'json'], { cwd });
    expect(validate.exitCode).toBe(1);
    const checked = JSON.parse(validate.stdout);
    expect(checked.kind).not.toBe('error');
    expect(validate.stdout).toContain('schema/unknown-action');
  });

  it('a streaming command ends its NDJSON with an error line of the same shape', async () => {
    const cwd = demoProject();
    expect((await runCli(['apply', '--auto-approve'], { cwd })).exitCode).toBe(0);
    const result = await runCli(['runs', 'tail', '--run', 'run_missing', '-o', 'json'], { cwd });
    expect(result.exitCode).toBe(1);
    const last = result.stdout.trimEnd().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toMatchObject({
      formatVersion: 1,
      kind: 'error',
      error: { code: 'not_found', message: 'no run run_missing in this workspace' },
    });
  });

  it('something named that is not there: not_found', async () => {
    const cwd = demoProject();
    expect((await runCli(['apply', '--auto-approve'], { cwd })).exitCode).toBe(0);
    const unlock = await runCli(['workspace', 'unlock', 'lock_nope', '-o', 'json'], { cwd });
    expect([unlock.exitCode, envelope(unlock.stdout).error.code]).toEqual([1, 'not_found']);
    const show = await runCli(['runs', 'show', 'run_nope', '-o', 'json'], { cwd });
    expect([show.exitCode, envelope(show.stdout).error.code]).toEqual([1, 'not_found']);
    const status = await runCli(['automations', 'status', 'nope', '-o', 'json'], { cwd });
    expect([status.exitCode, envelope(status.stdout).error.code]).toEqual([1, 'not_found']);
  });

  it('apply without a terminal nor --auto-approve: exit 2, confirmation_needed', async () => {
    const cwd = demoProject();
    const result = await runCli(['apply', '-o', 'json'], { cwd });
    expect(result.exitCode).toBe(2);
    expect(envelope(result.stdout).error).toMatchObject({
      code: 'confirmation_needed',
      hint: expect.stringContaining('--auto-approve'),
    });
  });

  it('a usage mistake in text mode prints nothing on stdout, as before', async () => {
    const cwd = demoProject();
    const result = await runCli(['apply', '--lock-timeout', 'soon'], { cwd });
    expect([result.exitCode, result.stdout]).toEqual([1, '']);
    expect(result.stderr).toContain('error: --lock-timeout must be a duration');
    const json = await runCli(['apply', '--lock-timeout', 'soon', '-o', 'json'], { cwd });
    expect(envelope(json.stdout).error).toMatchObject({ code: 'invalid_input' });
  });
});

describe('usage errors raised by the argument parser', () => {
  it('an unknown option: invalid_input with --json; nothing on stdout in text mode', async () => {
    const json = await runCli(['plan', '--frobnicate', '--json']);
    expect(json.exitCode).toBe(1);
    expect(envelope(json.stdout).error).toEqual({
      code: 'invalid_input',
      message: "unknown option '--frobnicate'",
    });
    const text = await runCli(['plan', '--frobnicate']);
    expect([text.exitCode, text.stdout]).toEqual([1, '']);
    expect(text.stderr).toContain("error: unknown option '--frobnicate'");
  });

  it('a missing argument or subcommand: invalid_input', async () => {
    const missing = await runCli(['-o', 'json', 'graph']);
    expect(envelope(missing.stdout).error.code).toBe('invalid_input');
    const group = await runCli(['workspace', '--output=json']);
    expect(group.exitCode).toBe(1);
    expect(envelope(group.stdout).error.code).toBe('invalid_input');
  });
});

describe('error envelope against a workspace server', () => {
  let remote: RemoteWorkspace;
  let cwd: string;
  beforeAll(async () => {
    remote = await startRemoteWorkspace('sqlite');
    cwd = demoProject();
  });
  afterAll(async () => remote?.close());

  it('a token without the scope: forbidden with required and granted scopes', async () => {
    const result = await runCli(['apply', '--auto-approve', '-o', 'json'], {
      cwd,
      env: remote.env(remote.tokens.read),
    });
    expect(result.exitCode).toBe(1);
    expect(envelope(result.stdout).error).toMatchObject({
      code: 'forbidden',
      details: { required: 'apply', granted: ['read'] },
    });
  });

  it('an unknown token: unauthenticated; no token: unauthenticated, missing_token', async () => {
    const wrong = await runCli(['plan', '-o', 'json'], { cwd, env: remote.env('aexy_not_a_token') });
    expect(envelope(wrong.stdout).error.code).toBe('unauthenticated');
    const missing = await runCli(['plan', '-o', 'json'], { cwd, env: { ...remote.env(), AEXY_TOKEN: '' } });
    expect(envelope(missing.stdout).error).toMatchObject({
      code: 'unauthenticated',
      details: { reason: 'missing_token' },
    });
  });
});
