/**
 * Finds (or builds) the Temporal CLI, whose `server start-dev` is the embedded dev server.
 *
 * These machines reach package registries only, so the SDK's automatic download of the dev server
 * fails. Order of precedence:
 *   1. TEMPORAL_CLI_PATH
 *   2. `temporal` on PATH
 *   3. $(go env GOPATH)/bin/temporal (where an earlier build put it)
 *   4. build it with `go install github.com/temporalio/cli/cmd/temporal@v1.5.1` when Go is available
 *      (v1.5.1 is the last tag installable that way; later tags carry a `replace` directive)
 *   5. the SDK's own download (fine for users with internet access)
 */
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

export type CliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'GOPATH' | 'go install';

export interface TemporalCli {
  path: string;
  source: CliSource;
}

/** Why no Temporal CLI could be found, with the three ways to fix it. */
export class TemporalUnavailableError extends Error {
  constructor(reason: string) {
    super(
      [
        `No Temporal dev server is available: ${reason}`,
        'Fix it in one of three ways:',
        '  1. point aexy at a running cluster: set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE / TLS or API key for Temporal Cloud), or `temporal.address` in aexy.yaml;',
        `  2. install Go (https://go.dev/dl) and let aexy build the CLI, or run: go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION};`,
        '  3. install the Temporal CLI yourself and put it on PATH or set TEMPORAL_CLI_PATH=/path/to/temporal.',
      ].join('\n'),
    );
    this.name = 'TemporalUnavailableError';
  }
}

export interface FindOptions {
  env?: NodeJS.ProcessEnv;
}

/** Steps 1-3: an existing binary, without building anything. */
export async function findTemporalCli(options: FindOptions = {}): Promise<TemporalCli | undefined> {
  const env = options.env ?? process.env;
  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) {
      throw new TemporalUnavailableError(`TEMPORAL_CLI_PATH=${explicit} is not an executable file.`);
    }
    return { path: explicit, source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = searchPath('temporal', env.PATH);
  if (onPath) return { path: onPath, source: 'PATH' };
  const gopath = await goEnv('GOPATH', env);
  const built = gopath ? join(gopath, 'bin', 'temporal') : undefined;
  if (built && isExecutable(built)) return { path: built, source: 'GOPATH' };
  return undefined;
}

export interface EnsureOptions extends FindOptions {
  /** Build with `go install` when nothing is found (default true). */
  build?: boolean;
  /** Progress lines for long work (the build takes minutes the first time). */
  onProgress?: (line: string) => void;
}

/** Steps 1-4. Returns undefined when nothing exists and Go is not available (step 5 is the caller's). */
export async function ensureTemporalCli(options: EnsureOptions = {}): Promise<TemporalCli | undefined> {
  const found = await findTemporalCli(options);
  if (found || options.build === false) return found;
  const env = options.env ?? process.env;
  const go = searchPath('go', env.PATH);
  if (!go) return undefined;
  const path = await goInstall(go, env, options.onProgress ?? (() => {}));
  return { path, source: 'go install' };
}

async function goInstall(
  go: string,
  env: NodeJS.ProcessEnv,
  onProgress: (line: string) => void,
): Promise<string> {
  const target = `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`;
  onProgress(`Building the Temporal CLI once with: go install ${target} (a few minutes the first time)...`);
  const started = Date.now();
  const ticker = setInterval(
    () => onProgress(`  still building (${Math.round((Date.now() - started) / 1000)}s)`),
    30_000,
  );
  try {
    await new Promise<void>((resolvePromise, reject) => {
      const child = spawn(go, ['install', target], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr = (stderr + chunk).slice(-4000);
      });
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolvePromise() : reject(new TemporalUnavailableError(`go install failed:\n${stderr}`)),
      );
    });
  } finally {
    clearInterval(ticker);
  }
  const gopath = await goEnv('GOPATH', env);
  const gobin = (await goEnv('GOBIN', env)) || (gopath ? join(gopath, 'bin') : '');
  const path = join(gobin, 'temporal');
  if (!isExecutable(path)) throw new TemporalUnavailableError(`go install succeeded but ${path} is missing.`);
  onProgress(`Built ${path} in ${Math.round((Date.now() - started) / 1000)}s.`);
  return path;
}

async function goEnv(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const go = searchPath('go', env.PATH);
  if (!go) return env[name] || undefined;
  try {
    const { stdout } = await execFileAsync(go, ['env', name], { env, timeout: 10_000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

function searchPath(binary: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
