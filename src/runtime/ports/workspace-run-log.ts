/**
 * The RunLog port (what the interpreter's activities write progress through) on the workspace run
 * store. A run SKIPPED because its conditions did not hold gives back its run-limit reservation, so
 * it does not count toward `runsPerMonth`.
 */
import type { CounterStore } from '../../workspace/counters.js';
import type { RunStore } from '../../workspace/runs/types.js';
import type { NoteEntry, RunLog, RunStatusEntry, StepEntry } from '../activities/ports.js';

/** Implements RunLog on a RunStore (+ the CounterStore for releasing reservations). */
export class WorkspaceRunLog implements RunLog {
  constructor(
    private readonly runs: RunStore,
    private readonly counters: CounterStore,
  ) {}

  async runStatus(entry: RunStatusEntry): Promise<void> {
    if (entry.meta && !(await this.runs.getRun(entry.runId))) await this.createFromMeta(entry);
    await this.runs.updateRun(entry.runId, {
      status: entry.status,
      reason: entry.reason,
      error: entry.error,
      temporalRunId: entry.meta?.temporalRunId,
      workflowId: entry.meta?.workflowId,
      version: entry.meta?.version,
      at: entry.at,
    });
    if (entry.status === 'SKIPPED' && entry.reason === 'conditions') {
      const run = await this.runs.getRun(entry.runId);
      if (run) await this.counters.releaseRun(run.automation, run.eventId);
    }
  }

  async step(entry: StepEntry): Promise<void> {
    await this.runs.writeStep(entry.runId, entry.stepKey, {
      stepId: entry.stepId,
      kind: entry.stepKind,
      status: entry.status,
      attempt: entry.attempt,
      input: entry.input,
      output: entry.output,
      error: entry.error ?? (entry.status === 'FAILED' ? undefined : null),
      at: entry.at,
    });
  }

  async note(entry: NoteEntry): Promise<void> {
    await this.runs.addNote({
      runId: entry.runId,
      stepKey: entry.stepKey ?? null,
      note: entry.note,
      data: entry.data,
      at: entry.at,
    });
  }

  /** A run started outside the router (a plain Temporal client): create its row from the meta. */
  private async createFromMeta(entry: RunStatusEntry): Promise<void> {
    const meta = entry.meta!;
    await this.runs.createRun({
      id: entry.runId,
      automation: meta.automation,
      versionId: null,
      version: meta.version,
      status: 'PENDING',
      workflowId: meta.workflowId,
      event: {
        id: meta.eventId,
        type: meta.eventType,
        payload: {},
        causation: meta.causation,
        occurredAt: entry.at,
        source: 'manual',
      },
      at: entry.at,
    });
  }
}
