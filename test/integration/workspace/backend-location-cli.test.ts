/**
 * Commands open the workspace through openBackend: a file path works as before, an unknown scheme
 * is a user error (exit 1) naming the supported locations, with no credentials echoed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { closedPort } from '../../helpers/closed-port.js';
import { makeTempProject } from '../../helpers/project.js';

describe('workspace locations in commands', () => {
  it('shows a SQLite workspace named by --workspace', async () => {
    const cwd = makeTempProject({ 'aexy.yaml': 'name: loc\n' });
    const out = await runCli(['workspace', 'show', '--workspace', 'ws.db', '-o', 'json'], { cwd });
    expect(out.exitCode, out.stderr).toBe(0);
    expect(JSON.stringify(JSON.parse(out.stdout))).toContain(join(cwd, 'ws.db'));
  });

  it('refuses an unknown scheme with a hint, without echoing the password', async () => {
    const cwd = makeTempProject({ 'aexy.yaml': 'name: loc\nworkspace: mysql://root:hunter2@db/acme\n' });
    const out = await runCli(['workspace', 'show'], { cwd });
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain('unsupported workspace location mysql://root:***@db/acme');
    expect(out.stderr).toContain('postgres://');
    expect(out.stderr).not.toContain('hunter2');
  });

  it('reports an unreachable PostgreSQL workspace as a user error with the fix, password hidden', async () => {
    const port = await closedPort();
    const cwd = makeTempProject({
      'aexy.yaml': `name: loc\nworkspace: postgres://aexy:s3cret@127.0.0.1:${port}/acme\n`,
    });
    const out = await runCli(['workspace', 'show'], { cwd });
    expect(out.exitCode, out.stderr).toBe(1);
    expect(out.stderr).toContain('cannot open the PostgreSQL workspace');
    expect(out.stderr).toContain('docs/postgres.md');
    expect(out.stderr).not.toContain('s3cret');
  });

  it('refuses to run a worker against the remote API: workers need the store itself', async () => {
    const cwd = makeTempProject({ 'aexy.yaml': 'name: loc\n' });
    const out = await runCli(['worker'], {
      cwd,
      env: { AEXY_WORKSPACE: 'http://127.0.0.1:9/workspaces/acme', AEXY_TOKEN: 'aexy_x' },
    });
    expect(out.exitCode, out.stderr).toBe(1);
    expect(out.stderr).toContain('aexy worker needs the workspace store itself');
    expect(out.stderr).toContain('postgres://');
  });
});
