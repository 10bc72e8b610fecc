/**
 * Builds a Router (and optionally its polling loop) from a workspace, its runtime stores, the runtime
 * settings and a Temporal client: what `aexy dev`, `aexy worker`, `aexy events emit` and `aexy run`
 * all need.
 */
import type { Client } from '@temporalio/client';
import type { RuntimeStores } from '../../workspace/runtime-stores.js';
import type { WorkspaceStore } from '../../workspace/store.js';
import type { RunOptions } from '../contract.js';
import type { RuntimeSettings } from '../settings.js';
import { workspaceAutomations } from './automation-source.js';
import type { RoutableAutomation } from './match.js';
import { Router } from './router.js';

export interface RouterSetup {
  client: Client;
  store: WorkspaceStore;
  stores: RuntimeStores;
  settings: RuntimeSettings;
  runOptions?: RunOptions;
}

/** A router plus the automation loader it uses. */
export function createRouter(setup: RouterSetup): {
  router: Router;
  automations: () => Promise<RoutableAutomation[]>;
} {
  const automations = workspaceAutomations(setup.store);
  const router = new Router({
    client: setup.client,
    stores: setup.stores,
    automations,
    taskQueue: setup.settings.temporal.taskQueue,
    workspace: setup.settings.workspace,
    timeZone: setup.settings.timeZone,
    chainDepthLimit: setup.settings.chainDepthLimit,
    runOptions: setup.runOptions,
  });
  return { router, automations };
}
