/**
 * Starts and stops a local Temporal dev server (`temporal server start-dev`) and returns its address.
 *
 * We spawn the CLI ourselves instead of using the SDK's TestWorkflowEnvironment.createLocal because the
 * SDK gives a server exactly 5 s to start (not configurable) and stops it with SIGKILL; on a loaded
 * 2-core machine the first start of a persistent DB can take longer. When no CLI can be found or built,
 * we fall back to the SDK's own download, which works for users with internet access.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { ensureTemporalCli, type TemporalCli, TemporalUnavailableError } from './find-cli.js';
import { freePort } from './free-port.js';
import { SEARCH_ATTRIBUTES } from './search-attributes.js';
import { spawnTethered } from './tethered-process.js';

const execFileAsync = promisify(execFile);

export interface DevServerOptions {
  /** Use this CLI instead of searching for one. */
  cli?: TemporalCli;
  /** Persist state in this SQLite file (its folder is created). Default: in memory. */
  dbFilename?: string;
  port?: number;
  namespace?: string;
  /** Also serve the Temporal web UI (on uiPort, default port+1000). */
  ui?: boolean;
  uiPort?: number;
  /** Extra `--dynamic-config-value KEY=JSON` settings, e.g. lowered history limits in tests. */
  dynamicConfig?: Record<string, unknown>;
  /** How long to wait for the server to accept connections (default 60 s). */
  startTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  onProgress?: (line: string) => void;
  /** Build the CLI with Go when none is found (default true). */
  build?: boolean;
  /** Try the SDK's download when no CLI exists and Go is missing (default true). */
  allowDownload?: boolean;
}

export interface DevServer {
  /** host:port of the gRPC frontend. */
  address: string;
  namespace: string;
  uiUrl?: string;
  /** How it was provided, for `aexy dev` to print. */
  provider: string;
  stop(): Promise<void>;
}

const DEFAULT_DYNAMIC_CONFIG: Record<string, unknown> = {
  'frontend.enableUpdateWorkflowExecution': true,
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
  'system.enableActivityEagerExecution': true,
  'frontend.enableServerVersionCheck': false,
};

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const cli =
    options.cli ??
    (await ensureTemporalCli({ env: options.env, build: options.build, onProgress: options.onProgress }));
  if (!cli) return startWithSdkDownload(options);
  return spawnDevServer(cli, options);
}

async function spawnDevServer(cli: TemporalCli, options: DevServerOptions): Promise<DevServer> {
  const port = options.port ?? (await freePort());
  const namespace = options.namespace ?? 'default';
  const firstStart = !options.dbFilename || !existsSync(options.dbFilename);
  if (options.dbFilename) mkdirSync(dirname(options.dbFilename), { recursive: true });
  const args = devServerArgs(port, namespace, options);
  const tethered = spawnTethered(cli.path, args, options.env ?? process.env);
  const output = captureOutput(tethered.child);
  const address = `127.0.0.1:${port}`;
  try {
    await waitForPort(tethered.child, port, options.startTimeoutMs ?? 60_000, output);
    if (!firstStart) await registerSearchAttributes(cli.path, address, namespace, options.env);
  } catch (error) {
    await tethered.stop();
    throw error;
  }
  const uiPort = options.uiPort ?? port + 1000;
  return {
    address,
    namespace,
    uiUrl: options.ui ? `http://127.0.0.1:${uiPort}` : undefined,
    provider: `${cli.path} (${cli.source})`,
    stop: () => tethered.stop(),
  };
}

/** The exact `temporal server start-dev` command line (exported for tests and `aexy dev --verbose`). */
export function devServerArgs(port: number, namespace: string, options: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace];
  args.push('--log-level', 'error', '--log-format', 'pretty');
  if (options.ui) args.push('--ui-port', String(options.uiPort ?? port + 1000));
  else args.push('--headless');
  if (options.dbFilename) {
    args.push('--db-filename', options.dbFilename);
    args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES))
    args.push('--search-attribute', `${name}=${type}`);
  const dynamic = { ...DEFAULT_DYNAMIC_CONFIG, ...options.dynamicConfig };
  for (const [key, value] of Object.entries(dynamic))
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  return args;
}

function captureOutput(child: ChildProcess): { text: string } {
  const output = { text: '' };
  const append = (chunk: Buffer) => {
    output.text = (output.text + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return output;
}

async function waitForPort(child: ChildProcess, port: number, timeoutMs: number, output: { text: string }) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new TemporalUnavailableError(`the dev server exited during start-up:\n${output.text.trim()}`);
    }
    if (await canConnect(port)) return;
    await sleep(100);
  }
  throw new TemporalUnavailableError(
    `the dev server did not accept connections within ${timeoutMs / 1000}s.`,
  );
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Persistent DBs ignore --search-attribute after the first start, so add missing ones explicitly. */
async function registerSearchAttributes(
  cli: string,
  address: string,
  namespace: string,
  env?: NodeJS.ProcessEnv,
) {
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
    const args = ['operator', 'search-attribute', 'create', '--address', address, '--namespace', namespace];
    try {
      await execFileAsync(cli, [...args, '--name', name, '--type', type], {
        env: env ?? process.env,
        timeout: 30_000,
      });
    } catch {
      // Already registered (the usual case) — the CLI reports that as an error; nothing to do.
    }
  }
}

async function startWithSdkDownload(options: DevServerOptions): Promise<DevServer> {
  if (options.allowDownload === false) {
    throw new TemporalUnavailableError('no Temporal CLI was found and Go is not installed.');
  }
  options.onProgress?.('No Temporal CLI and no Go found: trying the Temporal SDK download...');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  try {
    const env = await withTimeout(
      TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'cached-download' },
          namespace: options.namespace,
          dbFilename: options.dbFilename,
          ui: options.ui,
          extraArgs: [
            '--search-attribute',
            ...Object.entries(SEARCH_ATTRIBUTES).map(([n, t]) => `${n}=${t}`),
          ],
        },
      }),
      options.startTimeoutMs ?? 60_000,
    );
    return {
      address: env.address,
      namespace: options.namespace ?? 'default',
      provider: 'Temporal SDK download',
      stop: () => env.teardown(),
    };
  } catch (error) {
    throw new TemporalUnavailableError(
      `no Temporal CLI was found, Go is not installed, and the SDK download failed (${(error as Error).message.split('\n')[0]}).`,
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
