/**
 * Starts a long-running helper process (the Temporal dev server) so that it cannot outlive us:
 * - it runs under a tiny `sh` guard that holds our end of a pipe on stdin; when we exit in ANY way
 *   (including SIGKILL, where no exit hook runs) the pipe closes and the guard terminates the child;
 * - the guard leads its own process group, so a last-resort SIGKILL reaches the whole group, and a
 *   Ctrl-C in the terminal reaches only us (we then stop the child in order).
 */
import { type ChildProcess, spawn } from 'node:child_process';

// $1.. is the command. The reader sees EOF when the parent's end of stdin closes (normal stop or
// parent death) and sends SIGTERM; `wait` then returns and the guard exits with the child.
const GUARD = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'child=$!',
  '(read _ <&3; kill -TERM "$child" 2>/dev/null) &',
  'trap \'kill -TERM "$child" 2>/dev/null\' TERM INT',
  'wait "$child"',
  'status=$?',
  'wait "$child" 2>/dev/null',
  'exit $status',
].join('\n');

export interface TetheredProcess {
  child: ChildProcess;
  /** SIGTERM via the guard, then SIGKILL to the whole group after `graceMs`. Resolves when it exited. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnTethered(command: string, args: string[], env: NodeJS.ProcessEnv): TetheredProcess {
  const child = spawn('/bin/sh', ['-c', GUARD, 'aexy-guard', command, ...args], {
    env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroup);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  exited.then(() => process.removeListener('exit', killGroup));
  return {
    child,
    async stop(graceMs = 10_000) {
      child.stdin?.end();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), graceMs);
      });
      const late = await Promise.race([exited.then(() => false), timedOut]);
      clearTimeout(timer);
      if (late) {
        killGroup();
        await exited;
      }
    },
  };
}
