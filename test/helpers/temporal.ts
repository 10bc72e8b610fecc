/**
 * Access to the run's shared dev server and workflow bundle (started once in test/global-setup.ts).
 * Each test file builds its own worker on a unique task queue, so files can run in parallel.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { inject } from 'vitest';

let runtimeInstalled = false;

/** Keeps the SDK's logs down to warnings; must run before any worker or native connection exists. */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process (isolate: false); fine.
  }
  runtimeInstalled = true;
}

export function temporalAddress(): string {
  return inject('temporalAddress');
}

export function workflowBundlePath(): string {
  return inject('workflowBundlePath');
}

export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface TemporalTestContext {
  client: Client;
  nativeConnection: NativeConnection;
  close(): Promise<void>;
}

/** A client and a native connection (for workers) to the shared dev server. */
export async function connectTemporal(): Promise<TemporalTestContext> {
  installQuietRuntime();
  const address = temporalAddress();
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  const client = new Client({ connection, namespace: inject('temporalNamespace') });
  return {
    client,
    nativeConnection,
    async close() {
      await connection.close();
      await nativeConnection.close();
    },
  };
}

/** A worker on the shared bundle; pass `taskQueue` and `activities`. */
export async function createTestWorker(
  ctx: TemporalTestContext,
  options: Omit<WorkerOptions, 'connection' | 'workflowBundle' | 'workflowsPath'>,
): Promise<Worker> {
  return Worker.create({
    connection: ctx.nativeConnection,
    namespace: inject('temporalNamespace'),
    workflowBundle: { codePath: workflowBundlePath() },
    ...options,
  });
}
