/**
 * A separate process applying to a PostgreSQL workspace (bundled and spawned by
 * crash-mid-apply.test.ts). Env: WS_URL, TAG, COUNT. Prints `ready` once connected, applies COUNT
 * automations whose mail subject is TAG, and stops inside the apply transaction after the third
 * change, printing `paused`, until it is killed.
 */
import { diff } from '../../../src/plan/diff.js';
import { PgWorkspaceStore } from '../../../src/workspace/postgres/store.js';
import { withLock } from '../../../src/workspace/with-lock.js';
import { automation } from '../../fixtures/ir/resources.js';

const { WS_URL = '', TAG = 'new', COUNT = '20' } = process.env;

const store = await PgWorkspaceStore.open(WS_URL, {
  max: 2,
  afterApplyChange: async (index) => {
    if (index !== 2) return;
    process.stdout.write('paused\n');
    await new Promise(() => {});
  },
});
process.stdout.write('ready\n');
const desired = Array.from({ length: Number(COUNT) }, (_, i) =>
  automation(`auto-${i}`, {
    steps: [{ kind: 'action', id: 'mail', action: 'send_email', with: { subject: TAG } }],
  }),
);
const plan = diff(desired, await store.state(), {});
await withLock(store, { operation: 'apply', holder: `child-${TAG}` }, (lock) =>
  store.apply({ plan, appliedBy: `child-${TAG}`, lockId: lock.id }),
);
