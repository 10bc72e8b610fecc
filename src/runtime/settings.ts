/**
 * Runtime settings of a project: the Temporal connection (address, namespace, task queue, TLS or
 * API key for a hosted cluster), the workspace name and time zone (run limits count calendar months
 * there) and the causation chain limit. Sources, strongest first: environment variables
 * (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, TEMPORAL_API_KEY, TEMPORAL_TLS_CERT /
 * _KEY / _CA, TEMPORAL_TLS=1), a running `aexy dev` of the project (.aexy/dev.json), aexy.yaml
 * (`temporal:`, `timezone`, `chainDepthLimit`), then the local default 127.0.0.1:7233.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export const DEFAULT_TASK_QUEUE = 'aexy';
export const DEFAULT_ADDRESS = '127.0.0.1:7233';
/** Written by `aexy dev` so other commands of the project find its dev server. */
export const DEV_STATE_FILE = join('.aexy', 'dev.json');

export interface TlsSettings {
  certPath?: string;
  keyPath?: string;
  caPath?: string;
  serverName?: string;
}

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Absent: plain TCP (local dev server). */
  tls?: TlsSettings;
  /** From TEMPORAL_API_KEY only; never read from YAML. */
  apiKey?: string;
  /** Where the address came from, for messages. */
  source: 'env' | 'aexy.yaml' | 'aexy dev' | 'default';
}

export interface RuntimeSettings {
  workspace: string;
  timeZone: string;
  chainDepthLimit: number;
  temporal: TemporalSettings;
}

/** What `aexy dev` records about itself while it runs. */
export interface DevState {
  pid: number;
  address: string;
  namespace: string;
  taskQueue: string;
  uiUrl?: string;
  startedAt: string;
}

type Data = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Runtime settings from aexy.yaml data, the environment and a running `aexy dev`. */
export function runtimeSettings(data: Data, env: NodeJS.ProcessEnv, projectDir: string): RuntimeSettings {
  const depth = data.chainDepthLimit;
  return {
    workspace: str(data.name) ?? basename(projectDir),
    timeZone: str(data.timezone) ?? str(data.timeZone) ?? 'UTC',
    chainDepthLimit: typeof depth === 'number' && depth >= 1 ? Math.floor(depth) : 5,
    temporal: temporalSettings((data.temporal as Data | undefined) ?? {}, env, projectDir),
  };
}

function temporalSettings(yaml: Data, env: NodeJS.ProcessEnv, projectDir: string): TemporalSettings {
  const dev = readDevState(projectDir);
  // A running `aexy dev` of this project wins over aexy.yaml: it is the server the project uses now.
  const useDev = dev !== undefined && !str(env.TEMPORAL_ADDRESS);
  const address: { value: string; source: TemporalSettings['source'] } = str(env.TEMPORAL_ADDRESS)
    ? { value: env.TEMPORAL_ADDRESS!, source: 'env' }
    : useDev
      ? { value: dev.address, source: 'aexy dev' }
      : str(yaml.address)
        ? { value: yaml.address as string, source: 'aexy.yaml' }
        : { value: DEFAULT_ADDRESS, source: 'default' };
  return {
    address: address.value,
    namespace: str(env.TEMPORAL_NAMESPACE) ?? (useDev ? dev.namespace : str(yaml.namespace)) ?? 'default',
    taskQueue:
      str(env.TEMPORAL_TASK_QUEUE) ?? (useDev ? dev.taskQueue : str(yaml.taskQueue)) ?? DEFAULT_TASK_QUEUE,
    tls: useDev ? undefined : tlsSettings((yaml.tls as Data | boolean | undefined) ?? undefined, env),
    apiKey: str(env.TEMPORAL_API_KEY),
    source: address.source,
  };
}

function tlsSettings(yaml: Data | boolean | undefined, env: NodeJS.ProcessEnv): TlsSettings | undefined {
  const fromYaml = typeof yaml === 'object' && yaml ? yaml : {};
  const tls: TlsSettings = {
    certPath: str(env.TEMPORAL_TLS_CERT) ?? str(fromYaml.cert),
    keyPath: str(env.TEMPORAL_TLS_KEY) ?? str(fromYaml.key),
    caPath: str(env.TEMPORAL_TLS_CA) ?? str(fromYaml.ca),
    serverName: str(env.TEMPORAL_TLS_SERVER_NAME) ?? str(fromYaml.serverName),
  };
  const wanted =
    yaml === true || env.TEMPORAL_TLS === '1' || env.TEMPORAL_TLS === 'true' || !!env.TEMPORAL_API_KEY;
  return wanted || Object.values(tls).some(Boolean) ? tls : undefined;
}

/** The state file of a running `aexy dev` in this project, when its process is alive. */
export function readDevState(projectDir: string): DevState | undefined {
  const path = join(projectDir, DEV_STATE_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as DevState;
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined;
  }
}
