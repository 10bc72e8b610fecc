/**
 * The trigger side of a runtime host (`aexy dev`, `aexy worker` with the router): reconciles Temporal
 * Schedules with the workspace, makes sure every webhook automation has a secret, and runs the
 * date-trigger scanner. All at start, then again whenever the workspace serial changes (an apply),
 * with the scanner also on its own interval (default every minute) and a full reconcile every
 * 5 minutes (schedule listing is eventually consistent).
 */
import type { Client } from '@temporalio/client';
import type { AutomationIR } from '../../ir/types.js';
import type { WorkspaceBackend } from '../../workspace/backend.js';
import { type DateFiring, scanDateTriggers } from '../date-triggers/scanner.js';
import { workspaceAutomations } from '../router/automation-source.js';
import type { RuntimeSettings } from '../settings.js';
import { type ReconcileResult, reconcileSchedules } from './reconcile.js';

export interface TriggerLoopOptions {
  client: Client;
  /** The workspace: definitions (store), records, webhook secrets and date-trigger firings. */
  backend: Pick<WorkspaceBackend, 'store' | 'runtime' | 'webhookSecrets' | 'dateTriggers'>;
  settings: RuntimeSettings;
  pollMs?: number;
  scanIntervalMs?: number;
  reconcileIntervalMs?: number;
  onReconciled?: (result: ReconcileResult) => void;
  onFired?: (firings: DateFiring[]) => void;
  onError?: (message: string) => void;
}

/** A running trigger loop. */
export interface TriggerLoops {
  /** Runs one pass now (reconcile + secrets + scan); resolves when done. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the loops (first pass immediately). */
export function startTriggerLoops(options: TriggerLoopOptions): TriggerLoops {
  const { backend } = options;
  const automations = workspaceAutomations(backend.store);
  let serial = -1;
  let lastReconcile = 0;
  let lastScan = 0;
  let running: Promise<void> = Promise.resolve();
  const current = async (): Promise<AutomationIR[]> => (await automations()).map((a) => a.ir);
  const pass = async (force: boolean) => {
    const now = Date.now();
    const info = await backend.store.info();
    const changed = info.serial !== serial;
    const irs = await current();
    if (force || changed || now - lastReconcile >= (options.reconcileIntervalMs ?? 300_000)) {
      for (const a of irs)
        if (a.trigger.type === 'webhook.received') await backend.webhookSecrets.ensure(a.metadata.name);
      const result = await reconcileSchedules({
        client: options.client,
        workspace: options.settings.workspace,
        taskQueue: options.settings.temporal.taskQueue,
        timeZone: options.settings.timeZone,
        automations: irs,
      });
      serial = info.serial;
      lastReconcile = now;
      options.onReconciled?.(result);
      for (const bad of result.invalid) options.onError?.(`schedule ${bad.message}`);
    }
    if (force || changed || now - lastScan >= (options.scanIntervalMs ?? 60_000)) {
      lastScan = now;
      const fired = await scanDateTriggers({
        records: backend.runtime.records,
        dateTriggers: backend.dateTriggers,
        automations: irs,
        timeZone: options.settings.timeZone,
      });
      if (fired.length > 0) options.onFired?.(fired);
    }
  };
  const guarded = (force: boolean) => {
    running = running
      .then(() => pass(force))
      .catch((error: Error) => options.onError?.(`triggers: ${error.message}`));
    return running;
  };
  void guarded(true);
  const timer = setInterval(() => void guarded(false), options.pollMs ?? 2000);
  return {
    tick: () => guarded(true),
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
