/**
 * An `aexy serve` in this process (src/server, 127.0.0.1, any free port) hosting workspace `acme` on
 * a SQLite file or a fresh PostgreSQL database, with tokens of each scope, for end-to-end tests of
 * the CLI against it (AEXY_WORKSPACE=http://127.0.0.1:PORT/workspaces/acme, AEXY_TOKEN=...).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startRuntimeHost } from '../../../src/runtime/host.js';
import type { TemporalSettings } from '../../../src/runtime/settings.js';
import { type ApiServer, startApiServer } from '../../../src/server/server.js';
import type { TokenScope, WorkspaceBackend } from '../../../src/workspace/backend.js';
import { openBackend } from '../../../src/workspace/open-backend.js';
import { BIG_DISCOUNT_AUTOMATION, wonDealTaskAutomation } from '../../helpers/automation-fixtures.js';
import { freshPostgresUrl } from '../../helpers/postgres.js';
import {
  installQuietRuntime,
  temporalAddress,
  uniqueTaskQueue,
  workflowBundlePath,
} from '../../helpers/temporal.js';

export type StoreKind = 'sqlite' | 'postgres';

export interface RemoteWorkspace {
  /** `http://127.0.0.1:PORT/workspaces/acme` */
  url: string;
  /** Where the server keeps the workspace (a SQLite path or a postgres:// URL). */
  location: string;
  /** The server's own backend (tests read the truth from it). */
  backend: WorkspaceBackend;
  /** Secrets of tokens with exactly these scopes. */
  tokens: Record<TokenScope, string>;
  temporal: TemporalSettings;
  server: ApiServer;
  /** Environment for the CLI: the workspace URL, a token (default admin) and the Temporal queue. */
  env(token?: string): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** Where a workspace of this kind lives: a new SQLite file or a new PostgreSQL database. */
export async function freshLocation(kind: StoreKind, label: string): Promise<string> {
  if (kind === 'postgres') return freshPostgresUrl(label);
  return join(mkdtempSync(join(tmpdir(), 'aexy-remote-')), 'workspace.db');
}

/** Starts the server; `wrap` may instrument the backend the server uses (e.g. slow down apply). */
export async function startRemoteWorkspace(
  kind: StoreKind,
  wrap: (backend: WorkspaceBackend) => WorkspaceBackend = (b) => b,
): Promise<RemoteWorkspace> {
  const location = await freshLocation(kind, 'remote');
  const backend = await openBackend(location);
  const temporal: TemporalSettings = {
    address: temporalAddress(),
    namespace: inject('temporalNamespace'),
    taskQueue: uniqueTaskQueue('remote'),
    source: 'env',
  };
  const tokens = {} as Record<TokenScope, string>;
  for (const scope of ['read', 'plan', 'apply', 'operate', 'admin'] as const)
    tokens[scope] = (await backend.tokens.create({ name: scope, scopes: [scope], createdBy: 'test' })).secret;
  const server = await startApiServer({ workspaces: { acme: wrap(backend) }, temporal, log: () => {} });
  const url = `${server.url}/workspaces/acme`;
  return {
    url,
    location,
    backend,
    tokens,
    temporal,
    server,
    env: (token = tokens.admin) => ({
      AEXY_WORKSPACE: url,
      AEXY_TOKEN: token,
      AEXY_ACTOR: 'remote-test',
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: temporal.taskQueue,
    }),
    async close() {
      await server.close();
      await backend.close();
    },
  };
}

/** Store kinds to run the suite on: PostgreSQL when the run has a cluster and this build its backend. */
export function storeKinds(): StoreKind[] {
  return inject('postgresUrl' as never) ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Two automations: one that creates a task, one that pauses for a manager's approval. */
export const AUTOMATIONS = `${wonDealTaskAutomation()}---
${BIG_DISCOUNT_AUTOMATION}`;

/** A worker with its router on the server's store (as `aexy worker --workspace <the store>` would run). */
export interface StoreWorker {
  backend: WorkspaceBackend;
  stop(): Promise<void>;
}

/** Starts the worker and router on `remote`'s store; runs it starts carry `workspace` as their workspace. */
export async function startStoreWorker(remote: RemoteWorkspace, workspace: string): Promise<StoreWorker> {
  installQuietRuntime();
  const backend = await openBackend(remote.location);
  const host = await startRuntimeHost({
    settings: { workspace, timeZone: 'UTC', chainDepthLimit: 5, temporal: remote.temporal },
    backend,
    bundlePath: workflowBundlePath(),
    routerIntervalMs: 100,
  });
  return {
    backend,
    async stop() {
      await host.stop();
      await backend.close();
    },
  };
}
