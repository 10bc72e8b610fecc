/**
 * `aexy worker` as a child process of a benchmark: tethered to the benchmark (the runtime's
 * spawnTethered from dist/, so a killed benchmark leaves no worker behind), ready once it printed
 * its banner, stopped with SIGTERM (it finishes the tasks in flight). Its stderr (a line per routed
 * event, warnings) is kept short and shown only when it fails.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Starts `aexy worker --task-queue <taskQueue>` with `env` added; resolves once it is polling. */
export async function startWorker({ taskQueue, env, timeoutMs = 60_000 }) {
  const { spawnTethered } = await import('../../dist/runtime/temporal/tethered-process.js');
  const proc = spawnTethered(
    process.execPath,
    [join(repo, 'bin/aexy'), 'worker', '--task-queue', taskQueue],
    {
      ...process.env,
      NO_COLOR: '1',
      AEXY_WORKFLOW_BUNDLE: join(repo, 'dist/workflow-bundle.js'),
      ...env,
    },
  );
  let out = '';
  let err = '';
  proc.child.stderr.on('data', (chunk) => (err = (err + chunk).slice(-4000)));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`aexy worker not ready in ${timeoutMs} ms:\n${err}`)),
      timeoutMs,
    );
    proc.child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`aexy worker exited ${code} at start:\n${err}`));
    });
  });
  return {
    pid: proc.child.pid,
    /** The last lines it wrote to stderr (for failure messages). */
    stderr: () => err,
    stop: () => proc.stop(30_000),
  };
}
