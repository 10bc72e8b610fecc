/**
 * The same scenario on SQLite and PostgreSQL gives equal answers, value for value: state, current
 * versions (ids, time stamps, IR, flags) and histories through create, update, rename, prune and
 * re-creation. Only what is random per workspace (lineage, plan ids) is normalised.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Address, Resource } from '../../../src/ir/types.js';
import { diff } from '../../../src/plan/diff.js';
import type { DiffOptions } from '../../../src/plan/types.js';
import type { WorkspaceStore } from '../../../src/workspace/store.js';
import { withLock } from '../../../src/workspace/with-lock.js';
import { agent, automation, withMeta } from '../../fixtures/ir/resources.js';
import { BACKENDS, type BackendName, openStore, type StoreUnderTest } from './workspace-backends.js';

const opened: StoreUnderTest[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

const STEPS: Array<{ desired: Resource[]; options?: DiffOptions }> = [
  {
    desired: [
      automation('alpha'),
      automation('beta'),
      agent('helper'),
      withMeta(automation('keep'), { protected: true }),
    ],
  },
  {
    desired: [
      automation('alpha', { enabled: false }),
      automation('beta'),
      agent('helper'),
      automation('keep'),
    ],
  },
  {
    desired: [withMeta(automation('omega'), { previousName: 'alpha' }), automation('alpha'), agent('helper')],
    options: { prune: true },
  },
  {
    desired: [automation('omega'), automation('alpha'), automation('beta', { onError: 'continue' })],
    options: { prune: true },
  },
];

async function scenario(store: WorkspaceStore): Promise<unknown> {
  const plans: string[] = [];
  for (const [i, step] of STEPS.entries()) {
    const plan = diff(step.desired, await store.state(), step.options ?? {});
    plans.push(plan.id);
    const at = `2026-01-0${i + 1}T00:00:00.000Z`;
    await withLock(store, { operation: 'apply', holder: 'same' }, (lock) =>
      store.apply({ plan, appliedBy: 'same', lockId: lock.id, at }),
    );
  }
  const addresses = [
    'Automation/alpha',
    'Automation/beta',
    'Automation/omega',
    'Automation/keep',
    'Agent/helper',
  ];
  const info = await store.info();
  const answers = {
    state: await store.state(),
    current: await store.currentVersions(),
    histories: await Promise.all(addresses.map((a) => store.history(a as Address))),
    counts: { serial: info.serial, resourceCount: info.resourceCount },
    locks: await store.locks(),
  };
  let text = JSON.stringify(answers).replaceAll(info.lineage, '<lineage>');
  for (const [i, id] of plans.entries()) text = text.replaceAll(id, `<plan ${i}>`);
  return JSON.parse(text);
}

describe('SQLite and PostgreSQL give the same answers', () => {
  it('for create, update, rename with name re-use, protected kept, prune and re-creation', async () => {
    const answers = {} as Record<BackendName, unknown>;
    for (const backend of BACKENDS) {
      const s = await openStore(backend);
      opened.push(s);
      answers[backend] = await scenario(s.store);
    }
    expect(answers.postgres).toEqual(answers.sqlite);
    expect((answers.sqlite as { counts: unknown }).counts).toEqual({ serial: 4, resourceCount: 3 });
  });
});
