/**
 * A `runs tail` source fed by a stream of run changes (the `aexy serve` runs stream) instead of by
 * polling a store: it keeps the newest state of each run as changes arrive and, on each `poll`,
 * returns what changed since the previous one, exactly like RunTailSource, so the line, JSON and
 * interactive views work unchanged. The stream starts with the current runs (the server sends them
 * first), so no separate initial read is needed.
 */
import { type Change, diffSnapshots, type RunSnapshot, type Snapshot } from './changes.js';
import type { TailOptions } from './tail-source.js';

/** What the tail views need of a source (RunTailSource and StreamTailSource both are one). */
export interface TailSource {
  /** The current snapshot (newest run first). */
  readonly current: Snapshot;
  /** What changed since the previous poll. */
  poll(now?: Date): Promise<Change[]>;
}

export class StreamTailSource implements TailSource {
  private snapshot: Snapshot = new Map();
  private readonly live = new Map<string, RunSnapshot>();
  private failure: unknown;

  /** `updates` yields each change of a run (the run and all its steps); it is consumed in the background. */
  constructor(
    updates: AsyncIterable<RunSnapshot>,
    private readonly options: TailOptions = {},
  ) {
    void this.consume(updates);
  }

  get current(): Snapshot {
    return this.snapshot;
  }

  /** Changes since the previous poll; rethrows a failure of the stream (a revoked token...). */
  async poll(now: Date = new Date()): Promise<Change[]> {
    if (this.failure) throw this.failure;
    const next: Snapshot = new Map(this.ordered().map((s) => [s.run.id, s]));
    const changes = diffSnapshots(this.snapshot, next, now);
    this.snapshot = next;
    return changes;
  }

  private async consume(updates: AsyncIterable<RunSnapshot>): Promise<void> {
    try {
      for await (const update of updates) if (this.wanted(update)) this.merge(update);
    } catch (error) {
      this.failure = error;
    }
  }

  /** Keeps the newer of two states of a run (after a reconnect the server sends every run again). */
  private merge(update: RunSnapshot): void {
    const known = this.live.get(update.run.id);
    if (known && known.run.updatedAt > update.run.updatedAt) return;
    this.live.set(update.run.id, update);
  }

  private wanted({ run }: RunSnapshot): boolean {
    if (this.options.runId) return run.id === this.options.runId;
    return !this.options.automation || run.automation === this.options.automation;
  }

  /** Newest run first, at most `maxRuns` (older ones are forgotten, so memory stays bounded). */
  private ordered(): RunSnapshot[] {
    const all = [...this.live.values()].sort(
      (a, b) => b.run.createdAt.localeCompare(a.run.createdAt) || b.run.id.localeCompare(a.run.id),
    );
    const kept = all.slice(0, this.options.maxRuns ?? 200);
    for (const dropped of all.slice(kept.length)) this.live.delete(dropped.run.id);
    return kept;
  }
}
