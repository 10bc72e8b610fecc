/**
 * What `aexy worker` runs (a worker and its router loop) in its own process, on a PostgreSQL
 * workspace (bundled and spawned by two-workers.test.ts). Env: AEXY_WORKSPACE_URL,
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, AEXY_WORKFLOW_BUNDLE. Prints `ready`
 * once polling, and one `routed <event id>` line per event its router routed.
 */
import { startRuntimeHost } from '../../../src/runtime/host.js';
import { openPostgresBackend } from '../../../src/workspace/postgres/backend.js';

const env = process.env;
const url = env.AEXY_WORKSPACE_URL ?? '';
const backend = await openPostgresBackend(url);
const host = await startRuntimeHost({
  settings: {
    workspace: url,
    timeZone: 'UTC',
    chainDepthLimit: 5,
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? '',
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? '',
      source: 'env',
    },
  },
  backend,
  bundlePath: env.AEXY_WORKFLOW_BUNDLE,
  routerIntervalMs: 50,
  onRouted: (result) => process.stdout.write(`routed ${JSON.stringify(result)}\n`),
  onError: (message) => process.stderr.write(`error ${message}\n`),
});
process.on('SIGTERM', () => void host.stop());
process.stdout.write('ready\n');
await host.done;
await backend.close();
