/**
 * The runtime stores of a remote workspace, as far as the API carries them: runs are read (workers
 * write runs directly to the store), events are appended and listed (routers claim them at the
 * store), records are read and written through the API. The rest fails with RemoteNotSupportedError.
 */
import type { RuntimeStores, SearchableRecordStore } from '../workspace/backend.js';
import type { EventStore } from '../workspace/events/event-store.js';
import type { RuntimeEvent, StoredEvent } from '../workspace/events/types.js';
import {
  type ListOptions,
  RecordExistsError,
  RecordNotFoundError,
  type StoredRecord,
  type WriteContext,
  type WriteResult,
} from '../workspace/records/types.js';
import type { RunFilter, RunNote, RunRecord, RunStore, StepRecord } from '../workspace/runs/types.js';
import { RemoteNotSupportedError, RemoteRequestError } from './errors.js';
import type { HttpClient } from './http-client.js';
import { formatFilter } from './record-filter-text.js';

const WORKER_HINT =
  'workers write runs directly to the store; point the worker at the database URL (a SQLite path or postgres://...), not at aexy serve';

/** A run as `GET /runs/{id}` returns it. */
export interface RunDetail {
  run: RunRecord;
  steps: StepRecord[];
  notes: RunNote[];
}

/** A method that exists only at the store itself. */
export function unsupported(http: HttpClient, operation: string, hint = WORKER_HINT) {
  return (): Promise<never> => Promise.reject(new RemoteNotSupportedError(operation, http.target.base, hint));
}

/** Undefined for a 404 (the local store's "not found"), the value otherwise. */
export async function orUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof RemoteRequestError && error.status === 404) return undefined;
    throw error;
  }
}

/** The run log, read through the API. */
export function remoteRunStore(http: HttpClient): RunStore {
  const detail = (id: string) =>
    orUndefined(http.request<RunDetail>('GET', `/runs/${encodeURIComponent(id)}`));
  return {
    createRun: unsupported(http, 'writing runs (createRun)'),
    updateRun: unsupported(http, 'writing runs (updateRun)'),
    deleteRun: unsupported(http, 'writing runs (deleteRun)'),
    writeStep: unsupported(http, 'writing steps (writeStep)'),
    addNote: unsupported(http, 'writing run notes (addNote)'),
    runsWaitingForEvent: unsupported(http, 'routing events (runsWaitingForEvent)'),
    activeRuns: unsupported(http, 'routing events (activeRuns)'),
    countRuns: async (filter) =>
      (await http.request<{ count: number }>('GET', '/runs/count', { query: { ...filter } })).count,
    getRun: async (id) => (await detail(id))?.run,
    steps: async (id) => (await detail(id))?.steps ?? [],
    notes: async (id) => (await detail(id))?.notes ?? [],
    listRuns: async (filter: RunFilter = {}) =>
      (await http.request<{ runs: RunRecord[] }>('GET', '/runs', { query: runQuery(filter) })).runs,
  };
}

/** RunFilter as query parameters (lists comma-separated; `until` is the API's `before`). */
export function runQuery(filter: RunFilter): Record<string, string | number | undefined> {
  return {
    automation: filter.automation,
    status: filter.status?.join(','),
    eventId: filter.eventIds?.join(','),
    since: filter.since,
    before: filter.until,
    limit: filter.limit,
  };
}

/** The event outbox: append and read; claiming belongs to routers at the store. */
export function remoteEventStore(http: HttpClient): EventStore {
  const list = async (options: { limit?: number; unroutedOnly?: boolean } = {}) => {
    const query = { limit: options.limit, unrouted: options.unroutedOnly ? 'true' : undefined };
    return (await http.request<{ events: StoredEvent[] }>('GET', '/events', { query })).events;
  };
  return {
    append: async (events: RuntimeEvent[]) =>
      (await http.request<{ added: number }>('POST', '/events', { body: { events } })).added,
    get: (id: string) => orUndefined(http.request<StoredEvent>('GET', `/events/${encodeURIComponent(id)}`)),
    list,
    claim: unsupported(http, 'claiming events (routers run with the worker)'),
    claimOne: unsupported(http, 'claiming events (routers run with the worker)'),
    release: unsupported(http, 'releasing events (routers run with the worker)'),
    finish: unsupported(http, 'finishing events (routers run with the worker)'),
    releaseStale: unsupported(http, 'releasing stale events (routers run with the worker)'),
  };
}

/** Records through the API (writes append their events at the server, as locally). */
export function remoteRecordStore(http: HttpClient): SearchableRecordStore {
  const path = (id: string) => `/records/${encodeURIComponent(id)}`;
  // The local store's classes, with the server's wording (which is the local one).
  const mapped = (object: string | undefined, id: string) => (error: unknown) => {
    if (error instanceof RemoteRequestError && error.status === 404)
      throw Object.assign(new RecordNotFoundError(object ?? '', id), { message: error.message });
    if (error instanceof RemoteRequestError && error.status === 409)
      throw Object.assign(new RecordExistsError(object ?? '', id), { message: error.message });
    throw error;
  };
  return {
    create: (object: string, values: Record<string, unknown>, ctx: WriteContext & { id?: string } = {}) =>
      http
        .request<WriteResult>('POST', '/records', { body: { object, values, id: ctx.id } })
        .catch(mapped(object, ctx.id ?? '')),
    update: (object: string, id: string, values: Record<string, unknown>) =>
      http.request<WriteResult>('PATCH', path(id), { body: { values } }).catch(mapped(object, id)),
    delete: (object: string | undefined, id: string) =>
      http.request<WriteResult>('DELETE', path(id)).catch(mapped(object, id)),
    get: async (object: string | undefined, id: string) => {
      const record = await orUndefined(http.request<StoredRecord>('GET', path(id)));
      return record && (!object || record.object === object) ? record : undefined;
    },
    list: async (object: string, options: ListOptions = {}) => {
      const where = options.where?.map(formatFilter);
      const query = { object, where, limit: options.limit, offset: options.offset };
      return (await http.request<{ records: StoredRecord[] }>('GET', '/records', { query })).records;
    },
    objects: unsupported(http, 'listing record objects', 'name the object: aexy records list OBJECT'),
    search: unsupported(http, 'searching records (the search_records action runs in the worker)'),
  };
}

/** Every runtime store of a remote workspace. */
export function remoteRuntimeStores(http: HttpClient): RuntimeStores {
  return {
    runs: remoteRunStore(http),
    events: remoteEventStore(http),
    records: remoteRecordStore(http),
    counters: {
      reserveRun: unsupported(http, 'run-limit counters'),
      releaseRun: unsupported(http, 'run-limit counters'),
      cancelReservation: unsupported(http, 'run-limit counters'),
      usedRuns: async (automation, period) =>
        (
          await http.request<{ used: number }>(
            'GET',
            `/crm/automations/${encodeURIComponent(automation)}/run-limit`,
            { query: { period } },
          )
        ).used,
    },
  };
}
