/**
 * The RecordStore port (what record actions call) on the workspace record store. Every mutation
 * passes the action's idempotency key and causation chain through, so a retried action never writes
 * twice and the events it causes carry the chain the router checks against `chainDepthLimit`.
 */
import type {
  IdempotencyStore as BackendIdempotency,
  SearchableRecordStore,
} from '../../workspace/backend.js';
import { type StoredRecord, RecordNotFoundError as StoreNotFound } from '../../workspace/records/types.js';
import {
  type IdempotencyStore,
  type MutationContext,
  type StoredRecord as PortRecord,
  RecordNotFoundError,
  type RecordQuery,
  type RecordStore,
} from '../activities/ports.js';

const plain = (r: StoredRecord): PortRecord => ({ id: r.id, object: r.object, values: r.values });

/** Converts the store's not-found error into the port's (which the activities map to `not_found`). */
async function mapNotFound<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof StoreNotFound) throw new RecordNotFoundError(error.id);
    throw error;
  }
}

/** Implements the activities' RecordStore port on the workspace record store. */
export class WorkspaceRecords implements RecordStore {
  constructor(private readonly store: SearchableRecordStore) {}

  async create(object: string, values: Record<string, unknown>, ctx: MutationContext): Promise<PortRecord> {
    const result = await this.store.create(object, values, write(ctx));
    return plain(result.record);
  }

  async update(id: string, values: Record<string, unknown>, ctx: MutationContext) {
    return mapNotFound(async () => {
      const result = await this.store.update(undefined, id, values, write(ctx));
      const before = result.previous ?? {};
      const changed = Object.keys({ ...before, ...result.record.values }).filter(
        (k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(result.record.values[k] ?? null),
      );
      return { ...plain(result.record), changed };
    });
  }

  async delete(id: string, _options: { permanent: boolean }, ctx: MutationContext) {
    try {
      await this.store.delete(undefined, id, write(ctx));
      return { id, deleted: true };
    } catch (error) {
      if (error instanceof StoreNotFound) return { id, deleted: false };
      throw error;
    }
  }

  async get(id: string): Promise<PortRecord | undefined> {
    const record = await this.store.get(undefined, id);
    return record && plain(record);
  }

  async search(query: RecordQuery): Promise<{ records: PortRecord[]; total: number }> {
    const { records, total } = await this.store.search(query);
    return { records: records.map(plain), total };
  }

  async link(id: string, relation: string, toId: string, ctx: MutationContext): Promise<PortRecord> {
    if (!(await this.store.get(undefined, toId))) throw new RecordNotFoundError(toId);
    const result = await this.update(id, { [relation]: toId }, ctx);
    return { id: result.id, object: result.object, values: result.values };
  }
}

/** Completed actions' outputs on the backend's idempotency store (own key prefix: record writes use `record:`). */
export class WorkspaceIdempotency implements IdempotencyStore {
  constructor(private readonly store: BackendIdempotency) {}

  get(key: string): Promise<{ output: unknown } | undefined> {
    return this.store.get(`action:${key}`);
  }

  put(key: string, output: unknown): Promise<void> {
    return this.store.put(`action:${key}`, output ?? null);
  }
}

function write(ctx: MutationContext) {
  return { idempotencyKey: `record:${ctx.idempotencyKey}`, causation: ctx.causation, actor: null };
}
