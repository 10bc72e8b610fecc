/**
 * The commands: `aexy tokens create|list|revoke` on a project's workspace (the secret printed once,
 * to stdout), `aexy serve --print-openapi`, and `aexy serve` as a real process hosting two
 * workspaces, answering with a token made by `aexy tokens`, and stopping cleanly on SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOpenApi } from '../../../src/server/openapi.js';
import { ROUTES } from '../../../src/server/routes.js';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';
import { startServeProcess } from '../../helpers/serve-process.js';

const dir = makeTempProject({ 'aexy.yaml': 'name: acme\n' });
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('aexy tokens', () => {
  it('creates (secret on stdout only, warning on stderr), lists and revokes', async () => {
    const created = await runCli(
      ['tokens', 'create', '--name', 'ci', '--scope', 'plan,apply', '--expires', '90d'],
      { cwd: dir },
    );
    expect(created.exitCode, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(secret.split('\n')).toHaveLength(1);
    expect(created.stderr).toContain('shown only this once');
    expect(created.stderr).not.toContain(secret);
    const listed = await runCli(['tokens', 'list', '-o', 'json'], { cwd: dir });
    const [token] = JSON.parse(listed.stdout).tokens;
    expect(token).toMatchObject({ name: 'ci', scopes: ['plan', 'apply'] });
    expect(listed.stdout).not.toContain(secret);
    const text = await runCli(['tokens', 'list'], { cwd: dir });
    expect(text.stdout).toMatch(new RegExp(`${token.id}\\s+ci\\s+plan,apply`));
    const revoked = await runCli(['tokens', 'revoke', token.id], { cwd: dir });
    expect(revoked.stdout).toBe(`revoked ${token.id} (ci)\n`);
    expect((await runCli(['tokens', 'list'], { cwd: dir })).stdout).toContain('revoked');
    const again = await runCli(['tokens', 'revoke', 'tok_missing'], { cwd: dir });
    expect(again.exitCode).toBe(1);
  });

  it('refuses an unknown scope with a suggestion, and an expiry in the past', async () => {
    const bad = await runCli(['tokens', 'create', '--name', 'x', '--scope', 'aply'], { cwd: dir });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('did you mean "apply"');
    const past = await runCli(
      ['tokens', 'create', '--name', 'x', '--scope', 'read', '--expires', '2001-01-01'],
      { cwd: dir },
    );
    expect(past.stderr).toContain('not in the future');
  });
});

describe('aexy serve', () => {
  it('--print-openapi prints the document', async () => {
    const printed = await runCli(['serve', '--print-openapi'], { cwd: dir });
    expect(JSON.parse(printed.stdout)).toEqual(buildOpenApi(ROUTES));
  });

  it('serves two workspaces as a process and stops cleanly on SIGTERM', async () => {
    const token = (
      await runCli(['tokens', 'create', '--name', 'srv', '--scope', 'read'], { cwd: dir })
    ).stdout.trim();
    const other = join(dir, 'beta.db');
    const serve = await startServe(['--workspace', 'acme=.aexy/workspace.db', '--ws', `beta=${other}`]);
    expect(serve.envelope.kind).toBe('serve');
    expect(serve.envelope.workspaces.map((w: { name: string }) => w.name)).toEqual(['acme', 'beta']);
    const auth = { headers: { authorization: `Bearer ${token}` } };
    expect((await fetch(`${serve.envelope.url}/workspaces/acme/state`, auth)).status).toBe(200);
    expect((await fetch(`${serve.envelope.url}/workspaces/beta/state`, auth)).status).toBe(401);
    expect(await serve.stop('SIGTERM')).toBe(0);
    expect(serve.stderr()).toContain('GET /workspaces/acme/state 200');
    expect(serve.stderr()).toContain('SIGTERM: stopping the server');
    expect(serve.stderr()).not.toContain(token);
  });

  it("serves the project's workspace under its name by default and stops on SIGINT", async () => {
    const serve = await startServe([]);
    expect(serve.envelope.workspaces).toEqual([
      { name: 'acme', url: `${serve.envelope.url}/workspaces/acme` },
    ]);
    expect(await serve.stop('SIGINT')).toBe(0);
  });
});

/** `aexy serve --port 0 -o json ARGS` in the project, killed at the end of the file if still running. */
async function startServe(args: string[]) {
  const serve = await startServeProcess(dir, args);
  children.push(serve.child);
  return serve;
}
