/**
 * A runtime host: one worker (interpreter + activities) and, optionally, the router loop polling the
 * workspace outbox, in this process. `aexy worker` and `aexy dev` both run one; stopping it stops
 * the router first (no new runs), then drains the worker.
 */
import { hostname } from 'node:os';
import type { WorkspaceBackend } from '../workspace/backend.js';
import type { ActionHandlers } from './activities/ports.js';
import { connectClient } from './connect.js';
import type { RunOptions } from './contract.js';
import { createRouter } from './router/create-router.js';
import type { RouteResult } from './router/router.js';
import { RouterLoop } from './router/router-loop.js';
import { startTriggerLoops, type TriggerLoops } from './schedules/trigger-loops.js';
import type { RuntimeSettings } from './settings.js';
import { createAexyWorker } from './worker/create-worker.js';

export interface RuntimeHostOptions {
  settings: RuntimeSettings;
  /** The workspace every part of the host reads and writes. */
  backend: WorkspaceBackend;
  /** Also run the router loop (default true). */
  router?: boolean;
  bundlePath?: string;
  handlers?: ActionHandlers;
  /** aexy.yaml as written: its transport sections configure the email/Slack/SMS/HTTP/model actions. */
  projectData?: Record<string, unknown>;
  runOptions?: RunOptions;
  routerIntervalMs?: number;
  env?: NodeJS.ProcessEnv;
  onRouted?: (result: RouteResult) => void;
  onError?: (message: string) => void;
}

export interface RuntimeHost {
  workflowCode: string;
  /** Resolves when the worker stops (by stop() or a fatal error). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** Connects, starts the worker and the router loop; call stop() to shut down gracefully. */
export async function startRuntimeHost(options: RuntimeHostOptions): Promise<RuntimeHost> {
  const { worker, connection, workflowCode } = await createAexyWorker({
    temporal: options.settings.temporal,
    backend: options.backend,
    bundlePath: options.bundlePath,
    handlers: options.handlers,
    projectData: options.projectData,
    env: options.env,
  });
  const running = worker.run();
  let loop: RouterLoop | undefined;
  let closeClient: (() => Promise<void>) | undefined;
  let triggers: TriggerLoops | undefined;
  if (options.router !== false) {
    const { client, close } = await connectClient(options.settings.temporal);
    closeClient = close;
    const { backend } = options;
    const { router, automations } = createRouter({
      ...options,
      store: backend.store,
      stores: backend.runtime,
      client,
    });
    loop = new RouterLoop({
      router,
      events: backend.runtime.events,
      automations,
      name: `${hostname()}:${process.pid}`,
      intervalMs: options.routerIntervalMs,
      onRouted: options.onRouted,
      onError: (error, eventId) =>
        options.onError?.(`routing ${eventId || 'a batch'} failed: ${error.message}`),
    });
    loop.start();
    // Schedules, webhook secrets and date triggers are kept by the host that routes.
    triggers = startTriggerLoops({ ...options, client, onError: options.onError });
  }
  const done = running.finally(() => connection.close());
  return {
    workflowCode,
    done,
    async stop() {
      await loop?.stop();
      await triggers?.stop();
      await closeClient?.();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
