/**
 * A dev server must never outlive the process that started it: not after a clean stop, and not
 * after that process is killed with SIGKILL (no exit hook runs then; the stdin guard must act).
 */
import { execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../src/runtime/temporal/dev-server.js';

const devServerModule = fileURLToPath(
  new URL('../../../dist/runtime/temporal/dev-server.js', import.meta.url),
);

function serverProcesses(port: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `^[^ ]*temporal server start-dev .*--port ${port} `], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Whether a Temporal process still listens on the port. Another test's server may take the freed port
 * at once (ports are shared by parallel test files), so a bare "port accepts" check would be flaky:
 * ask `ss` who listens there, and fall back to the connection check where `ss` is missing.
 */
async function temporalListens(port: number): Promise<boolean> {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
    return /temporal/.test(out);
  } catch {
    return accepts(port);
  }
}

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

describe('dev server lifecycle', () => {
  it('stop() leaves no process behind', async () => {
    const server = await startDevServer();
    const port = server.address.split(':')[1];
    expect(serverProcesses(port)).toHaveLength(1);
    await server.stop();
    expect(serverProcesses(port)).toEqual([]);
    expect(await accepts(Number(port))).toBe(false);
  });

  it('dies with its parent when the parent is killed with SIGKILL', async () => {
    const script = `const { startDevServer } = await import(${JSON.stringify(devServerModule)});
      const server = await startDevServer();
      process.stdout.write(server.address + '\\n');
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const address = await new Promise<string>((resolve, reject) => {
      parent.stdout.once('data', (chunk) => resolve(String(chunk).trim()));
      parent.once('exit', (code) => reject(new Error(`parent exited early with ${code}`)));
    });
    const port = address.split(':')[1];
    expect(await accepts(Number(port))).toBe(true);
    parent.kill('SIGKILL');
    expect(await eventually(() => serverProcesses(port).length === 0, 15_000)).toBe(true);
    expect(await temporalListens(Number(port))).toBe(false);
  });
});
