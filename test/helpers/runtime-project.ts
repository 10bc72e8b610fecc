/**
 * A project applied with `aexy apply` and served by a real worker on the run's shared dev server
 * (what `aexy worker` creates), for end-to-end tests of commands that need running runs.
 */
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import type { Database } from 'better-sqlite3';
import { expect, inject } from 'vitest';
import { createAexyWorker } from '../../src/runtime/worker/create-worker.js';
import type { RuntimeStores } from '../../src/workspace/backend.js';
import { openSqliteBackend, type SqliteBackend } from '../../src/workspace/sqlite/backend.js';
import { runCli } from './cli.js';
import { makeTempProject } from './project.js';
import { installQuietRuntime, temporalAddress, uniqueTaskQueue, workflowBundlePath } from './temporal.js';

export interface RuntimeProject {
  dir: string;
  /** Environment pointing the CLI at the shared dev server and this project's task queue. */
  env: NodeJS.ProcessEnv;
  /** The project's workspace (what the worker uses). */
  backend: SqliteBackend;
  db: Database;
  stores: RuntimeStores;
  /** Runs the CLI in the project with `env`. */
  cli: (args: string[]) => ReturnType<typeof runCli>;
  close(): Promise<void>;
}

/** Writes `files` (aexy.yaml included) to a temp project, applies it and starts a worker for it. */
export async function startRuntimeProject(
  files: Record<string, string>,
  prefix = 'rt',
): Promise<RuntimeProject> {
  const dir = makeTempProject(files);
  const taskQueue = uniqueTaskQueue(prefix);
  const namespace = inject('temporalNamespace');
  const env = {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TASK_QUEUE: taskQueue,
  };
  const applied = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
  expect(applied.exitCode, applied.stderr).toBe(0);
  installQuietRuntime();
  const backend = openSqliteBackend(join(dir, '.aexy', 'workspace.db'));
  const temporal = { address: temporalAddress(), namespace, taskQueue, source: 'env' as const };
  const { worker } = (await createAexyWorker({ temporal, backend, bundlePath: workflowBundlePath() })) as {
    worker: Worker;
  };
  const running = worker.run();
  return {
    dir,
    env,
    backend,
    db: backend.db,
    stores: backend.runtime,
    cli: (args) => runCli(args, { cwd: dir, env }),
    async close() {
      worker.shutdown();
      await running;
      await backend.close();
    },
  };
}
