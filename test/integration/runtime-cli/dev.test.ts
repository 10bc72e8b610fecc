/**
 * `aexy dev` as a real process (the built bin/aexy): it starts a dev server, a worker and the router;
 * a record write in another process is routed and its run completes; Ctrl-C (SIGINT) stops
 * everything, removes .aexy/dev.json and leaves no dev server behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../src/runtime/temporal/free-port.js';
import { binPath, repoRoot, runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';

const built = existsSync(join(repoRoot, 'dist', 'cli.js'));

const AUTOMATION = `apiVersion: aexy/v1
kind: Automation
metadata:
  name: lead-task
spec:
  module: crm
  trigger: { type: record.created, object: leads }
  actions:
    - id: task
      action: create_task
      with: { title: "Call the new lead" }
`;

let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

describe.skipIf(!built)('aexy dev', () => {
  it('runs a routed event to completion and stops cleanly on SIGINT', { timeout: 240_000 }, async () => {
    const dir = makeTempProject({ 'aexy.yaml': 'name: dev-test\n', 'lead-task.yaml': AUTOMATION });
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir })).exitCode).toBe(0);
    const port = await freePort();
    child = spawn(process.execPath, [binPath, 'dev', '--port', String(port)], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (c) => (output += c));
    child.stderr?.on('data', (c) => (output += c));
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    const stateFile = join(dir, '.aexy', 'dev.json');
    expect(await waitFor(() => existsSync(stateFile), 180_000), output).toBe(true);
    expect(output).toContain(`Temporal dev server  127.0.0.1:${port}`);

    const created = await runCli(['records', 'create', 'leads', '--data', '{"name":"Lee"}', '--wait'], {
      cwd: dir,
    });
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stderr).toMatch(/task\s+SUCCESS/);
    expect(created.stderr).toMatch(/: COMPLETED/);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(stateFile)).toBe(false);
    expect(await portOpen(port)).toBe(false);
    expect(output).toContain('stopped');
  });
});
