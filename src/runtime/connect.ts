/**
 * Connecting to Temporal from the runtime settings: a Client for starting, signalling and updating
 * runs, a NativeConnection for workers. A failed connection becomes one clear message naming the
 * address, where it came from, and what to start.
 */
import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { TemporalSettings } from './settings.js';

/** Temporal could not be reached at the configured address. */
export class TemporalUnreachableError extends Error {
  constructor(
    readonly settings: TemporalSettings,
    cause: unknown,
  ) {
    super(
      `no worker/dev server reachable at ${settings.address} (from ${settings.source}): ${(cause as Error)?.message?.split('\n')[0] ?? cause}`,
    );
    this.name = 'TemporalUnreachableError';
  }

  /** What to do about it. */
  get hint(): string {
    return this.settings.source === 'default' || this.settings.source === 'aexy dev'
      ? 'start `aexy dev` in this project (or set TEMPORAL_ADDRESS to a running cluster)'
      : 'check that the Temporal cluster is running and the address, namespace and TLS/API key are right';
  }
}

/** The connection options (TLS files read here, API key from the environment only). */
export function connectionOptions(settings: TemporalSettings, connectTimeoutMs = 5000): ConnectionOptions {
  const options: ConnectionOptions = { address: settings.address, connectTimeout: connectTimeoutMs };
  if (settings.tls) {
    const { certPath, keyPath, caPath, serverName } = settings.tls;
    options.tls = {
      serverNameOverride: serverName,
      serverRootCACertificate: caPath ? readFileSync(caPath) : undefined,
      clientCertPair:
        certPath && keyPath ? { crt: readFileSync(certPath), key: readFileSync(keyPath) } : undefined,
    };
  }
  if (settings.apiKey) options.apiKey = settings.apiKey;
  return options;
}

/** A connected client; throws TemporalUnreachableError when the server does not answer. */
export async function connectClient(
  settings: TemporalSettings,
  connectTimeoutMs = 5000,
): Promise<{ client: Client; close: () => Promise<void> }> {
  let connection: Connection;
  try {
    connection = await Connection.connect(connectionOptions(settings, connectTimeoutMs));
  } catch (error) {
    throw new TemporalUnreachableError(settings, error);
  }
  const client = new Client({ connection, namespace: settings.namespace });
  return { client, close: () => connection.close() };
}
