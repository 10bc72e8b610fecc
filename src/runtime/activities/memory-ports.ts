/**
 * In-memory implementations of the ports: a run log that keeps every entry, a record store with
 * idempotency keys, and an idempotency store. Real implementations (not mocks): `aexy run --dry-run`
 * and the benchmark use them where no workspace database is wanted.
 */
import type { ProgressEntry } from '../contract.js';
import {
  type IdempotencyStore,
  type MutationContext,
  type NoteEntry,
  RecordNotFoundError,
  type RecordQuery,
  type RecordStore,
  type RunLog,
  type RunStatusEntry,
  type StepEntry,
  type StoredRecord,
} from './ports.js';

/** Keeps every entry in order, plus the latest state per run and per step key. */
export class MemoryRunLog implements RunLog {
  readonly entries: ProgressEntry[] = [];
  readonly runs = new Map<string, RunStatusEntry>();
  readonly steps = new Map<string, StepEntry>();

  async runStatus(entry: RunStatusEntry): Promise<void> {
    this.entries.push({ kind: 'run', ...entry });
    this.runs.set(entry.runId, { ...this.runs.get(entry.runId), ...entry });
  }

  async step(entry: StepEntry): Promise<void> {
    this.entries.push({ kind: 'step', ...entry });
    const key = `${entry.runId}/${entry.stepKey}`;
    this.steps.set(key, { ...this.steps.get(key), ...entry });
  }

  async note(entry: NoteEntry): Promise<void> {
    this.entries.push({ kind: 'note', ...entry });
  }

  /** Latest step rows of one run, in first-seen order. */
  stepsOf(runId: string): StepEntry[] {
    return [...this.steps.values()].filter((s) => s.runId === runId);
  }
}

/** Records in a Map; mutations remember their idempotency key and result. */
export class MemoryRecordStore implements RecordStore {
  readonly records = new Map<string, StoredRecord>();
  private readonly applied = new Map<string, unknown>();
  private nextId = 1;
  /** How many mutations were actually applied (idempotent repeats excluded). */
  mutations = 0;

  private once<T>(ctx: MutationContext, apply: () => T): T {
    if (this.applied.has(ctx.idempotencyKey))
      return structuredClone(this.applied.get(ctx.idempotencyKey)) as T;
    const result = apply();
    this.mutations++;
    this.applied.set(ctx.idempotencyKey, structuredClone(result));
    return result;
  }

  private must(id: string): StoredRecord {
    const record = this.records.get(id);
    if (!record) throw new RecordNotFoundError(id);
    return record;
  }

  async create(object: string, values: Record<string, unknown>, ctx: MutationContext): Promise<StoredRecord> {
    return this.once(ctx, () => {
      const record = { id: `rec_${this.nextId++}`, object, values: { ...values } };
      this.records.set(record.id, record);
      return structuredClone(record);
    });
  }

  async update(id: string, values: Record<string, unknown>, ctx: MutationContext) {
    return this.once(ctx, () => {
      const record = this.must(id);
      const changed = Object.keys(values).filter(
        (k) => JSON.stringify(record.values[k]) !== JSON.stringify(values[k]),
      );
      record.values = { ...record.values, ...values };
      return { ...structuredClone(record), changed };
    });
  }

  async delete(id: string, _options: { permanent: boolean }, ctx: MutationContext) {
    return this.once(ctx, () => ({ id, deleted: this.records.delete(id) }));
  }

  async get(id: string): Promise<StoredRecord | undefined> {
    const record = this.records.get(id);
    return record && structuredClone(record);
  }

  async search(query: RecordQuery): Promise<{ records: StoredRecord[]; total: number }> {
    const matches = [...this.records.values()].filter(
      (r) =>
        r.object === query.object &&
        Object.entries(query.where ?? {}).every(
          ([k, v]) => JSON.stringify(r.values[k]) === JSON.stringify(v),
        ) &&
        (!query.query || JSON.stringify(r.values).toLowerCase().includes(query.query.toLowerCase())),
    );
    return { records: structuredClone(matches.slice(0, query.limit)), total: matches.length };
  }

  async link(id: string, relation: string, toId: string, ctx: MutationContext): Promise<StoredRecord> {
    return this.once(ctx, () => {
      const record = this.must(id);
      this.must(toId);
      record.values = { ...record.values, [relation]: toId };
      return structuredClone(record);
    });
  }
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly results = new Map<string, unknown>();

  async get(key: string): Promise<{ output: unknown } | undefined> {
    return this.results.has(key) ? { output: this.results.get(key) } : undefined;
  }

  async put(key: string, output: unknown): Promise<void> {
    this.results.set(key, output);
  }
}
