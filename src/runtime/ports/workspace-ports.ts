/**
 * The ports the runtime activities need (run log, records, idempotency), on the workspace backend's
 * stores (SQLite, PostgreSQL or remote alike).
 */
import type { IdempotencyStore, RuntimeStores } from '../../workspace/backend.js';
import type { RuntimePorts } from '../activities/ports.js';
import { WorkspaceIdempotency, WorkspaceRecords } from './workspace-records.js';
import { WorkspaceRunLog } from './workspace-run-log.js';

/** What workspacePorts reads: a backend, or just the stores it uses. */
export interface WorkspacePortsSource {
  runtime: RuntimeStores;
  idempotency: IdempotencyStore;
}

/** Run log, record store and idempotency store of a workspace backend. */
export function workspacePorts(
  backend: WorkspacePortsSource,
): Pick<RuntimePorts, 'runLog' | 'records' | 'idempotency'> {
  const stores = backend.runtime;
  return {
    runLog: new WorkspaceRunLog(stores.runs, stores.counters),
    records: new WorkspaceRecords(stores.records),
    idempotency: new WorkspaceIdempotency(backend.idempotency),
  };
}
