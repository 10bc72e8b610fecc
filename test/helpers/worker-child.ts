/**
 * A worker in its own process, for crash tests: what `aexy worker` runs (createAexyWorker: the
 * interpreter bundle + the real activities over the workspace SQLite file), configured by env:
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, AEXY_WORKSPACE_DB, AEXY_WORKFLOW_BUNDLE.
 * Prints `ready` once polling. Built into a plain .mjs by test/helpers/child-process.ts.
 */
import { createAexyWorker } from '../../src/runtime/worker/create-worker.js';
import { openSqliteBackend } from '../../src/workspace/sqlite/backend.js';

const env = process.env;
const backend = openSqliteBackend(env.AEXY_WORKSPACE_DB!);
const { worker } = await createAexyWorker({
  temporal: {
    address: env.TEMPORAL_ADDRESS!,
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE!,
    source: 'env',
  },
  backend,
  bundlePath: env.AEXY_WORKFLOW_BUNDLE,
});
process.on('SIGTERM', () => worker.shutdown());
const running = worker.run();
process.stdout.write('ready\n');
await running;
await backend.close();
