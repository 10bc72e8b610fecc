/**
 * Runs the CLI as separate processes built from the current sources (bin/aexy runs dist/, which
 * is only as new as the last `npm run build`): the entry is bundled once per test file with
 * rolldown, then spawned like spawnCli.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildChildScript } from '../../helpers/child-process.js';
import type { CliResult, RunOptions } from '../../helpers/cli.js';

let script: Promise<string> | undefined;

/** Spawns `node <bundled cli> ...args` and collects its output and exit code. */
export async function spawnSourceCli(
  args: string[],
  options: RunOptions & { timeoutMs?: number } = {},
): Promise<CliResult> {
  script ??= buildChildScript(fileURLToPath(new URL('./cli-entry.ts', import.meta.url)));
  const entry = await script;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], {
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
