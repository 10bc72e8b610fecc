/**
 * Runs the CLI in-process (fast, for most command tests) or spawns the built binary (for the few
 * end-to-end tests that need a real process: exit codes, signals, startup).
 */
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli as runCliInProcess } from '../../src/cli.js';

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdin?: string;
  /** Pretend stdout/stdin are terminals. */
  tty?: boolean;
}

export async function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = options.tty ?? false;
  stdin.end(options.stdin ?? '');
  const exitCode = await runCliInProcess(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false, columns: 100 },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? process.cwd(),
  });
  return { stdout, stderr, exitCode };
}

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const binPath = fileURLToPath(new URL('../../bin/aexy', import.meta.url));

/** Spawns `node bin/aexy ...` (the compiled dist/, built by `npm run build` before the suite). */
export function spawnCli(
  args: string[],
  options: RunOptions & { timeoutMs?: number } = {},
): Promise<CliResult> {
  return spawnNodeScript(binPath, args, { ...options, cwd: options.cwd ?? repoRoot });
}

/**
 * Spawns `node script ...args` with stdin from `options.stdin` and collects its output and exit
 * code (128 when killed by a signal, as after `timeoutMs`, default 60 s).
 */
export function spawnNodeScript(
  script: string,
  args: string[],
  options: RunOptions & { timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode: code ?? (signal ? 128 : 1) });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
