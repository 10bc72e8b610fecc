/**
 * Which Temporal to talk to. An existing cluster (TEMPORAL_ADDRESS, or `temporal.address` in
 * aexy.yaml; Temporal Cloud with TLS or an API key) always takes precedence over starting a local
 * dev server. Environment variables override aexy.yaml, as Temporal's own CLI does.
 */
import { readFileSync } from 'node:fs';

/** The `temporal:` section of aexy.yaml. */
export interface TemporalSettings {
  address?: string;
  namespace?: string;
  taskQueue?: string;
  /** true, or client certificate paths for mTLS. */
  tls?:
    | boolean
    | { clientCertPath?: string; clientKeyPath?: string; serverRootCaPath?: string; serverName?: string };
  /** Name of the environment variable holding an API key (Temporal Cloud). Default TEMPORAL_API_KEY. */
  apiKeyEnv?: string;
}

export const DEFAULT_TASK_QUEUE = 'aexy';
export const DEFAULT_NAMESPACE = 'default';

export type TemporalTarget =
  | {
      kind: 'existing';
      address: string;
      namespace: string;
      taskQueue: string;
      tls?: TlsFiles | true;
      apiKey?: string;
    }
  | { kind: 'start-dev'; namespace: string; taskQueue: string };

export interface TlsFiles {
  clientCertPath?: string;
  clientKeyPath?: string;
  serverRootCaPath?: string;
  serverName?: string;
}

export function resolveTemporalTarget(settings: TemporalSettings = {}, env: NodeJS.ProcessEnv = process.env) {
  const namespace = env.TEMPORAL_NAMESPACE || settings.namespace || DEFAULT_NAMESPACE;
  const taskQueue = env.TEMPORAL_TASK_QUEUE || settings.taskQueue || DEFAULT_TASK_QUEUE;
  const address = env.TEMPORAL_ADDRESS || settings.address;
  if (!address) return { kind: 'start-dev', namespace, taskQueue } satisfies TemporalTarget;
  const apiKey = env[settings.apiKeyEnv ?? 'TEMPORAL_API_KEY'] || undefined;
  const target: TemporalTarget = {
    kind: 'existing',
    address,
    namespace,
    taskQueue,
    apiKey,
    tls: tlsFrom(settings, env),
  };
  // An API key implies TLS (Temporal Cloud refuses plaintext).
  if (apiKey && !target.tls) target.tls = true;
  return target;
}

function tlsFrom(settings: TemporalSettings, env: NodeJS.ProcessEnv): TlsFiles | true | undefined {
  const fromEnv: TlsFiles = {
    clientCertPath: env.TEMPORAL_TLS_CLIENT_CERT_PATH,
    clientKeyPath: env.TEMPORAL_TLS_CLIENT_KEY_PATH,
    serverRootCaPath: env.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
    serverName: env.TEMPORAL_TLS_SERVER_NAME,
  };
  if (fromEnv.clientCertPath || fromEnv.clientKeyPath) return fromEnv;
  if (env.TEMPORAL_TLS === 'true' || env.TEMPORAL_TLS === '1') return true;
  if (settings.tls === true) return true;
  if (settings.tls && typeof settings.tls === 'object') return settings.tls;
  return undefined;
}

/** Connection options shared by Connection.connect and NativeConnection.connect. */
export function connectionOptions(target: Extract<TemporalTarget, { kind: 'existing' }>) {
  const tls =
    target.tls === true
      ? true
      : target.tls
        ? {
            serverNameOverride: target.tls.serverName,
            serverRootCACertificate: target.tls.serverRootCaPath
              ? readFileSync(target.tls.serverRootCaPath)
              : undefined,
            clientCertPair:
              target.tls.clientCertPath && target.tls.clientKeyPath
                ? {
                    crt: readFileSync(target.tls.clientCertPath),
                    key: readFileSync(target.tls.clientKeyPath),
                  }
                : undefined,
          }
        : undefined;
  return { address: target.address, tls, apiKey: target.apiKey };
}
