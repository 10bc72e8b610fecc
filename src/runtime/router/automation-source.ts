/**
 * The automations the router matches against: the current applied version of each, read from the
 * workspace and cached until the workspace serial changes (every apply bumps it), so routing a
 * batch costs one small query, and a re-apply is seen by the next batch.
 */
import type { AutomationIR } from '../../ir/types.js';
import type { WorkspaceStore } from '../../workspace/store.js';
import type { RoutableAutomation } from './match.js';

/** A loader of the current automations with a serial-keyed cache. */
export function workspaceAutomations(store: WorkspaceStore): () => Promise<RoutableAutomation[]> {
  let cached: { serial: number; automations: RoutableAutomation[] } | undefined;
  return async () => {
    const { serial } = await store.info();
    if (cached?.serial === serial) return cached.automations;
    const versions = await store.currentVersions();
    const automations = versions
      .filter((v) => v.kind === 'Automation')
      .map((v) => ({ name: v.name, versionId: v.id, version: v.version, ir: v.ir as AutomationIR }));
    cached = { serial, automations };
    return automations;
  };
}
