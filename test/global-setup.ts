/**
 * One real Temporal dev server, one throw-away PostgreSQL cluster (test/helpers/postgres-cluster.ts)
 * and one workflow bundle for the whole test run. Test files read the
 * address and bundle path with `inject()` (see test/helpers/temporal.ts) and run their own workers
 * with unique task queues.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { type DevServer, startDevServer } from '../src/runtime/temporal/dev-server.js';
import { startTestCluster, type TestCluster } from './helpers/postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalNamespace: string;
    workflowBundlePath: string;
    /** Superuser URL of the run's PostgreSQL cluster (test/helpers/postgres.ts). */
    postgresUrl: string;
  }
}

let server: DevServer | undefined;
let bundleDir: string | undefined;
let postgres: TestCluster | undefined;

export default async function setup(project: TestProject) {
  const log = (line: string) => process.stderr.write(`[global-setup] ${line}\n`);
  const started = Date.now();
  const [devServer, bundlePath, cluster] = await Promise.all([
    startDevServer({ onProgress: log, dynamicConfig: testDynamicConfig() }),
    bundleWorkflows(),
    startPostgres(log),
  ]);
  postgres = cluster;
  server = devServer;
  log(`dev server ${server.address} and workflow bundle ready in ${Date.now() - started} ms`);
  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', server.namespace);
  project.provide('workflowBundlePath', bundlePath);
  project.provide('postgresUrl', cluster.url);
  return async () => {
    await Promise.all([server?.stop(), postgres?.stop()]);
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  };
}

async function startPostgres(log: (line: string) => void): Promise<TestCluster> {
  const started = Date.now();
  const cluster = await startTestCluster(log);
  log(`PostgreSQL ${cluster.url} ready in ${Date.now() - started} ms`);
  return cluster;
}

/** Lowered limits so continue-as-new paths are exercised quickly in tests. */
function testDynamicConfig(): Record<string, unknown> {
  return {
    'limit.historyCount.suggestContinueAsNew': 400,
  };
}

async function bundleWorkflows(): Promise<string> {
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const workflowsPath = fileURLToPath(new URL('./helpers/workflows-entry.ts', import.meta.url));
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietLogger() });
  bundleDir = mkdtempSync(join(tmpdir(), 'aexy-bundle-'));
  const path = join(bundleDir, 'workflows.js');
  writeFileSync(path, code);
  return path;
}

function quietLogger() {
  const noop = () => {};
  return { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };
}
