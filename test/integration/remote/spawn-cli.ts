/**
 * Runs the CLI as separate processes built from the current sources: bin/aexy when dist/ is newer
 * than every source (scripts/test.sh builds it before the suite), otherwise a copy compiled with
 * tsc (no type check) into .cache/remote-cli/, so these tests also run right after editing src/.
 * (Not a bundle: the worker finds its workflow sources relative to its own module,
 * src/runtime/worker/workflow-bundle.ts, so the compiled copy keeps the src/ layout.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binPath, type CliResult, type RunOptions, spawnNodeScript } from '../../helpers/cli.js';
import { newestMtime } from '../../helpers/newest-mtime.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

let entry: string | undefined;

/** The script to run: bin/aexy over a fresh dist/, or the compiled copy's runner (call in beforeAll: may compile). */
export function cliEntry(): string {
  if (entry) return entry;
  const sources = newestMtime(join(root, 'src'));
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

/** Spawns the CLI built from the current sources with `args` and collects its output and exit code. */
export function spawnSourceCli(
  args: string[],
  options: RunOptions & { timeoutMs?: number } = {},
): Promise<CliResult> {
  return spawnNodeScript(cliEntry(), args, options);
}
