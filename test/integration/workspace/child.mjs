// A separate process that works on a workspace file with the compiled modules (dist/ or a test build),
// so tests can kill it mid-apply or make it hold the lock. Usage:
//   node child.mjs MODULES_DIR WORKSPACE MODE [COUNT] [TAG]
// MODE: apply-pause (pause inside the apply transaction after 3 changes, print "paused"),
//       apply (apply COUNT automations tagged TAG, print "done"), hold-lock (print the lock, hold it
//       until stdin closes, then release).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, workspace, mode, countArg = '20', tag = 'new'] = process.argv.slice(2);
const load = (path) => import(pathToFileURL(join(modules, path)).href);
const { SqliteWorkspaceStore } = await load('workspace/sqlite/store.js');
const { diff } = await load('plan/diff.js');
const { withLock } = await load('workspace/with-lock.js');

/** COUNT automations whose subject carries TAG, so every resource says which apply wrote it. */
function desired(count, label) {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'Automation',
    metadata: { name: `auto-${String(i).padStart(4, '0')}`, labels: {}, protected: false },
    module: 'crm',
    enabled: true,
    trigger: { type: 'record.created', config: { object: 'deals' } },
    agents: [],
    limits: { concurrency: { mode: 'parallel' } },
    onError: 'stop',
    retry: { maxAttempts: 3, initialIntervalMs: 1000, backoff: 2, maxIntervalMs: 60000, on: [] },
    steps: [{ kind: 'action', id: 'mail', action: 'send_email', with: { subject: label } }],
    source: { file: `auto-${i}.yaml`, text: `# ${label}\n` },
  }));
}

const pause = mode === 'apply-pause';
const store = SqliteWorkspaceStore.open(workspace, {
  afterApplyChange: (index) => {
    if (!pause || index !== 2) return;
    process.stdout.write('paused\n');
    // Block inside the open transaction until killed.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  },
});

if (mode === 'hold-lock') {
  const lock = await store.acquireLock({
    holder: 'child-holder',
    operation: 'apply',
    host: 'child-host',
    pid: process.pid,
    ttlMs: 60_000,
    waitMs: 0,
  });
  process.stdout.write(`${JSON.stringify(lock)}\n`);
  process.stdin.resume();
  process.stdin.on('end', async () => {
    await store.releaseLock(lock.id);
    await store.close();
    process.exit(0);
  });
} else {
  const plan = diff(desired(Number(countArg), tag), await store.state(), {});
  await withLock(store, { operation: 'apply', holder: `child-${tag}` }, (lock) =>
    store.apply({ plan, appliedBy: `child-${tag}`, lockId: lock.id }),
  );
  process.stdout.write('done\n');
  await store.close();
}
