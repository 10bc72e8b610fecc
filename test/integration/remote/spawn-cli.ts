/**
 * Runs the CLI as separate processes built from the current sources: bin/aexy when dist/ is newer
 * than every source (scripts/test.sh builds it before the suite), otherwise a copy compiled with
 * tsc (no type check) into .cache/remote-cli/, so these tests also run right after editing src/.
 * (A bundler would not do: backends are loaded by computed specifiers, src/workspace/open-backend.ts.)
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binPath, type CliResult, type RunOptions } from '../../helpers/cli.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let entry: string | undefined;

/** The script to run: bin/aexy over a fresh dist/, or the compiled copy's runner (call in beforeAll: may compile). */
export function cliEntry(): string {
  if (entry) return entry;
  const sources = newestSource(join(root, 'src'));
  const fresh = (dir: string) =>
    existsSync(join(dir, 'cli.js')) && statSync(join(dir, 'cli.js')).mtimeMs >= sources;
  if (fresh(join(root, 'dist'))) {
    entry = binPath;
    return entry;
  }
  const out = join(root, '.cache/remote-cli');
  if (!fresh(out)) {
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out, '--noCheck'], {
      cwd: root,
    });
  }
  const runner = join(out, 'run.mjs');
  writeFileSync(
    runner,
    "import { runCli } from './cli.js';\nprocess.exitCode = await runCli(process.argv.slice(2));\n",
  );
  entry = runner;
  return entry;
}

/** Spawns the CLI with `args` and collects its output and exit code (like spawnCli). */
export function spawnSourceCli(
  args: string[],
  options: RunOptions & { timeoutMs?: number } = {},
): Promise<CliResult> {
  const script = cliEntry();
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
