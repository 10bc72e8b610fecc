/**
 * Runs a TypeScript entry (test/helpers/*.ts) as a real child process: bundles it with rolldown
 * (vite's bundler, already installed) into a temp .mjs with every package left external, then spawns
 * node on it. Used by crash tests that SIGKILL a worker.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Inside the repository so the bundle's bare imports resolve to the repository's node_modules.
const CACHE = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));

/** Bundles `entry` (absolute path) and returns the path of the runnable .mjs. */
export async function buildChildScript(entry: string): Promise<string> {
  const { build } = await import('rolldown');
  mkdirSync(CACHE, { recursive: true });
  const dir = mkdtempSync(join(CACHE, 'aexy-child-'));
  await build({
    input: entry,
    platform: 'node',
    external: (id: string) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
    output: { dir, format: 'esm', entryFileNames: 'child.mjs' },
    logLevel: 'silent',
  });
  return join(dir, 'child.mjs');
}

export interface Child {
  process: ChildProcess;
  output(): string;
}

/** Spawns `node script` with `env` and resolves once it printed `ready` (rejects if it exits first). */
export function spawnReady(script: string, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<Child> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`child not ready in ${timeoutMs} ms:\n${text}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('ready\n')) {
        clearTimeout(timer);
        resolve({ process: child, output: () => text });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      text += c.toString();
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code ?? signal}) before ready:\n${text}`));
    });
  });
}

/** SIGKILLs the child and waits until it is gone. */
export async function killHard(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const gone = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGKILL');
  await gone;
}
