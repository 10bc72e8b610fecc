/**
 * The ports the runtime activities need (run log, records, idempotency), implemented on the
 * workspace SQLite database.
 */
import type { Database } from 'better-sqlite3';
import { sqliteRuntimeStores } from '../../workspace/runtime-stores.js';
import type { RuntimePorts } from '../activities/ports.js';
import { WorkspaceIdempotency, WorkspaceRecords } from './workspace-records.js';
import { WorkspaceRunLog } from './workspace-run-log.js';

/** Run log, record store and idempotency store of the workspace at `db`. */
export function workspacePorts(db: Database): Pick<RuntimePorts, 'runLog' | 'records' | 'idempotency'> {
  const stores = sqliteRuntimeStores(db);
  return {
    runLog: new WorkspaceRunLog(stores.runs, stores.counters),
    records: new WorkspaceRecords(db),
    idempotency: new WorkspaceIdempotency(db),
  };
}
