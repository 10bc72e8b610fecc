/**
 * Compiled workspace modules for child processes: dist/ when it is up to date with the sources
 * (scripts/test.sh builds it before the suite), otherwise a small build of just the modules the
 * child needs into .cache/ (so this test also runs right after editing the sources).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime } from '../../helpers/newest-mtime.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const childScript = fileURLToPath(new URL('./child.mjs', import.meta.url));
const ENTRIES = ['src/workspace/sqlite/store.ts', 'src/plan/diff.ts', 'src/workspace/with-lock.ts'];

/** A directory holding workspace/sqlite/store.js, plan/diff.js and workspace/with-lock.js, current with src. */
export function compiledModules(): string {
  const sources = Math.max(newestMtime(join(root, 'src/workspace')), newestMtime(join(root, 'src/plan')));
  const fresh = (dir: string) =>
    existsSync(join(dir, 'workspace/sqlite/store.js')) &&
    statSync(join(dir, 'workspace/sqlite/store.js')).mtimeMs >= sources;
  const dist = join(root, 'dist');
  if (fresh(dist)) return dist;
  const out = join(root, '.cache/workspace-child');
  if (fresh(out)) return out;
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const flags = [
    '--outDir',
    out,
    '--rootDir',
    'src',
    '--module',
    'NodeNext',
    '--moduleResolution',
    'NodeNext',
  ];
  flags.push('--target', 'ES2022', '--skipLibCheck', '--esModuleInterop', '--types', 'node', '--noCheck');
  execFileSync(process.execPath, [tsc, ...flags, ...ENTRIES], { cwd: root, stdio: 'inherit' });
  return out;
}

/** Starts the child script on a workspace file. */
export function startChild(
  modules: string,
  workspace: string,
  mode: string,
  ...rest: string[]
): ChildProcess {
  return spawn(process.execPath, [childScript, modules, workspace, mode, ...rest], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Resolves with the first stdout line matching `pattern` (rejects if the child exits first). */
export function waitForLine(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    child.stderr?.on('data', (c) => (stderr += c));
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line) {
        child.stdout?.off('data', onData);
        resolve(line);
      }
    };
    child.stdout?.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`child exited (${code}) before printing ${pattern}: ${stderr}`)),
    );
  });
}

/** Resolves when the child has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}
