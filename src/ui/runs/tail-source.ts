/**
 * Follows the run log by polling the store: each poll lists the newest runs and re-reads the steps of
 * runs that are new, unfinished or changed. Memory is bounded: only the `maxRuns` newest runs (plus a
 * followed `--run`) are kept, whatever the rate of new runs.
 */
import type { RunFilter, RunStore } from '../../workspace/runs/types.js';
import { type Change, diffSnapshots, type Snapshot } from './changes.js';
import { FINAL } from './view-model.js';

export interface TailOptions {
  automation?: string;
  /** Follow only this run. */
  runId?: string;
  /** How many recent runs to keep (default 200). */
  maxRuns?: number;
}

export class RunTailSource {
  private snapshot: Snapshot = new Map();

  constructor(
    private readonly store: RunStore,
    private readonly options: TailOptions = {},
  ) {}

  /** The current snapshot (newest run first). */
  get current(): Snapshot {
    return this.snapshot;
  }

  /** Reads the store once; returns what changed since the previous poll. */
  async poll(now: Date = new Date()): Promise<Change[]> {
    const next: Snapshot = new Map();
    for (const run of await this.runs()) {
      const old = this.snapshot.get(run.id);
      const unchanged =
        old && old.run.updatedAt === run.updatedAt && FINAL.has(run.status) && FINAL.has(old.run.status);
      const steps = unchanged ? old.steps : await this.store.steps(run.id);
      next.set(run.id, { run, steps });
    }
    const changes = diffSnapshots(this.snapshot, next, now);
    this.snapshot = next;
    return changes;
  }

  private async runs() {
    if (this.options.runId) {
      const run = await this.store.getRun(this.options.runId);
      return run ? [run] : [];
    }
    const filter: RunFilter = { automation: this.options.automation, limit: this.options.maxRuns ?? 200 };
    return this.store.listRuns(filter);
  }
}
