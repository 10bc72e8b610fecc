/**
 * `aexy serve` as a real process (bundled from the sources, so no build is needed): started with
 * `--port 0 -o json`, it prints one envelope line with its URL; stopped with a signal, it exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildChildScript } from './child-process.js';

/** The first line `aexy serve -o json` prints. */
export interface ServeEnvelope {
  kind: string;
  url: string;
  workspaces: Array<{ name: string; url: string }>;
}

export interface ServeProcess {
  envelope: ServeEnvelope;
  child: ChildProcess;
  stderr(): string;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

let script: Promise<string> | undefined;

/** Spawns `aexy serve --port 0 -o json ARGS` in `cwd`; resolves once it printed its envelope. */
export async function startServeProcess(
  cwd: string,
  args: string[],
  timeoutMs = 60_000,
): Promise<ServeProcess> {
  script ??= buildChildScript(fileURLToPath(new URL('./serve-child.ts', import.meta.url)));
  const child = spawn(process.execPath, [await script, 'serve', '--port', '0', '-o', 'json', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const envelope = await new Promise<ServeEnvelope>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`aexy serve did not start:\n${stderr}`)), timeoutMs);
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      // One line: a reader of the running process takes the first line.
      if (!stdout.includes('\n')) return;
      clearTimeout(timer);
      resolve(JSON.parse(stdout.split('\n')[0]));
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`aexy serve exited early:\n${stderr}`));
    });
  });
  return {
    envelope,
    child,
    stderr: () => stderr,
    stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill(signal);
      return exited;
    },
  };
}
