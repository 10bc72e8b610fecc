/**
 * Ports: what the runtime activities need from the outside world. The activities (runAction,
 * runAgent, recordProgress) are written against these interfaces; the workspace SQLite store
 * implements RunLog / RecordStore / IdempotencyStore for real runs, memory-ports.ts implements them in
 * memory (dry runs, tests of the interpreter alone).
 *
 * Rules every implementation follows:
 * - RunLog writes are upserts keyed by (runId) and (runId, stepKey): an entry may arrive twice
 *   (activity retries re-send piggy-backed progress) and must then change nothing.
 * - Mutations of RecordStore take an idempotency key; a repeated key returns the first result and
 *   never applies the change twice (do the change and remember the key in ONE transaction).
 */
import type { ProgressEntry, RunError, RunMeta, RunReason, RunStatus, StepStatus } from '../contract.js';

// ---------------------------------------------------------------------------------------------------
// Run log
// ---------------------------------------------------------------------------------------------------

/** A run status change. `meta` comes with the first RUNNING (or SKIPPED) entry of a run. */
export interface RunStatusEntry {
  runId: string;
  status: RunStatus;
  reason?: RunReason;
  error?: RunError;
  at: string;
  meta?: RunMeta;
}

/** A step status change (start, retry, finish). Input has secrets redacted. */
export interface StepEntry {
  runId: string;
  stepId: string;
  /** stepId + loop indices (`send[2]`); the row key within a run. */
  stepKey: string;
  stepKind: string;
  status: StepStatus;
  at: string;
  attempt?: number;
  input?: unknown;
  output?: unknown;
  error?: RunError;
}

/** A free-form log line attached to a run (escalations, agent results that arrive late...). */
export interface NoteEntry {
  runId: string;
  stepId?: string;
  stepKey?: string;
  note: string;
  data?: unknown;
  at: string;
}

/** Where run and step progress goes. */
export interface RunLog {
  runStatus(entry: RunStatusEntry): Promise<void>;
  step(entry: StepEntry): Promise<void>;
  note(entry: NoteEntry): Promise<void>;
}

/** Writes progress entries in order through a RunLog. */
export async function writeProgress(log: RunLog, entries: readonly ProgressEntry[]): Promise<void> {
  for (const entry of entries) {
    if (entry.kind === 'run') await log.runStatus(entry);
    else if (entry.kind === 'step') await log.step(entry);
    else await log.note(entry);
  }
}

// ---------------------------------------------------------------------------------------------------
// Record store
// ---------------------------------------------------------------------------------------------------

/** A record of an object (deal, contact, task, notification...). */
export interface StoredRecord {
  id: string;
  object: string;
  values: Record<string, unknown>;
}

/** Who is mutating, for idempotency and for the causation chain of the record events it emits. */
export interface MutationContext {
  /** `${runId}:${stepKey}` (+ a suffix when one action makes several mutations). */
  idempotencyKey: string;
  workspace: string;
  runId: string;
  automation: string;
  /** Run ids that caused this mutation (oldest first, ending with runId): events it emits carry it. */
  causation: string[];
}

export interface RecordQuery {
  object: string;
  /** Attribute equality filters. */
  where?: Record<string, unknown>;
  /** Case-insensitive substring over text values. */
  query?: string;
  /** Attribute to sort by; `-` prefix for descending. */
  sort?: string;
  limit: number;
}

/** The record operations actions need. Mutations emit record events (the router's business). */
export interface RecordStore {
  create(object: string, values: Record<string, unknown>, ctx: MutationContext): Promise<StoredRecord>;
  /** Throws RecordNotFoundError when the record does not exist. */
  update(
    id: string,
    values: Record<string, unknown>,
    ctx: MutationContext,
  ): Promise<StoredRecord & { changed: string[] }>;
  /** `deleted: false` when it did not exist. */
  delete(
    id: string,
    options: { permanent: boolean },
    ctx: MutationContext,
  ): Promise<{ id: string; deleted: boolean }>;
  get(id: string): Promise<StoredRecord | undefined>;
  search(query: RecordQuery): Promise<{ records: StoredRecord[]; total: number }>;
  /** Sets relation attribute `relation` of `id` to `toId`. Throws RecordNotFoundError for a missing side. */
  link(id: string, relation: string, toId: string, ctx: MutationContext): Promise<StoredRecord>;
}

/** Thrown by RecordStore implementations for a missing record (becomes error type `not_found`). */
export class RecordNotFoundError extends Error {
  constructor(readonly recordId: string) {
    super(`record ${recordId} does not exist`);
    this.name = 'RecordNotFoundError';
  }
}

// ---------------------------------------------------------------------------------------------------
// Idempotency of whole actions
// ---------------------------------------------------------------------------------------------------

/**
 * Remembers the output of completed actions by idempotency key, so an activity retried after it
 * already succeeded (worker killed before Temporal heard of the success) returns the first result.
 * Transports with their own idempotency (record store, HTTP Idempotency-Key) also get the key.
 */
export interface IdempotencyStore {
  get(key: string): Promise<{ output: unknown } | undefined>;
  put(key: string, output: unknown): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Action handlers
// ---------------------------------------------------------------------------------------------------

/** What a handler knows about the step it runs. */
export interface ActionContext {
  idempotencyKey: string;
  runId: string;
  stepId: string;
  stepKey: string;
  dryRun: boolean;
  attempt: number;
  workspace: string;
  automation: string;
  causation: string[];
  /** The trigger record, default target of record actions. */
  record?: { id: string; object: string };
  /** Aborted when the step times out or the activity is cancelled. */
  signal: AbortSignal;
}

/**
 * An action implementation: gets the rendered input with secrets resolved, returns the output
 * (`steps.<id>.output`). Throw ActionError (errors.ts) with an error class to control retries.
 */
export type ActionHandler = (input: Record<string, unknown>, ctx: ActionContext) => Promise<unknown>;

/** Action id -> handler. */
export type ActionHandlers = Record<string, ActionHandler>;

/**
 * An agent implementation for the legacy `runAgent` activity (histories recorded before agents ran
 * as `agentRun` child workflows). Agent runs now use createAgentActivities (src/runtime/agents).
 */
export type AgentRunner = (
  agent: string,
  input: Record<string, unknown>,
  ctx: ActionContext,
) => Promise<unknown>;

/** Everything createRuntimeActivities needs. */
export interface RuntimePorts {
  runLog: RunLog;
  records: RecordStore;
  /** Optional: remembers completed actions (recommended; the SQLite store provides one). */
  idempotency?: IdempotencyStore;
  /** Extra handlers (email, Slack, HTTP... from later issues); they override the built-in record actions. */
  handlers?: ActionHandlers;
  /** Legacy `runAgent` activity only (see AgentRunner); absent: it fails with `agent_unavailable`. */
  agents?: AgentRunner;
  /** Where `secrets.NAME` is resolved (default: process.env AEXY_SECRET_<NAME>). */
  secret?: (name: string) => string | undefined;
  /** Clock for log timestamps (tests). */
  now?: () => Date;
}
