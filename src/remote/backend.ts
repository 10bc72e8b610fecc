/**
 * The remote workspace backend: a WorkspaceBackend whose stores talk to `aexy serve`
 * (`https://host/workspaces/acme`, token from AEXY_TOKEN). Plan, apply, export, runs, approvals,
 * events and records work as against a local file; what only the store itself may do (workers
 * writing runs, routers claiming events, counters) fails with a message saying where to point
 * instead. `openBackend` (src/workspace/open-backend.ts) opens it for http(s):// locations.
 */
import type { DecisionFilter, DecisionLog, DecisionRecord } from '../policy/decisions-log.js';
import type { RetryOutcome } from '../runtime/run-retry.js';
import type {
  ApiToken,
  RuntimeStores,
  TokenScope,
  TokenStore,
  WorkspaceBackend,
} from '../workspace/backend.js';
import type { RunRecord } from '../workspace/runs/types.js';
import { HttpClient, type HttpClientOptions } from './http-client.js';
import { type RunStreamOptions, streamRuns } from './run-stream.js';
import { orUndefined, remoteRuntimeStores, unsupported } from './runtime-stores.js';
import { RemoteWorkspaceStore } from './workspace-store.js';
import { parseWorkspaceUrl } from './workspace-url.js';

/** What deciding an approval returns (the workflow's ApprovalOutcome). */
export interface RemoteApprovalOutcome {
  stepId: string;
  stepKey: string;
  decision: 'approve' | 'reject';
  [key: string]: unknown;
}

export interface RemoteDecision {
  stepId?: string;
  comment?: string;
  by?: string;
  /** How long the server waits for a worker to answer (`aexy approve --timeout`); capped at 120 s. */
  timeoutMs?: number;
}

/** The server refuses decision and cancel timeouts above this (DecisionRequest, CancelRequest). */
export const MAX_SERVER_WAIT_MS = 120_000;

/** A workspace served by `aexy serve`. */
export class RemoteBackend implements WorkspaceBackend {
  readonly kind = 'remote' as const;
  readonly location: string;
  readonly store: RemoteWorkspaceStore;
  readonly runtime: RuntimeStores;
  readonly decisions: DecisionLog;
  readonly tokens: TokenStore;
  readonly idempotency: WorkspaceBackend['idempotency'];
  readonly policyCounters: WorkspaceBackend['policyCounters'];
  readonly webhookSecrets: WorkspaceBackend['webhookSecrets'];
  readonly dateTriggers: WorkspaceBackend['dateTriggers'];

  constructor(readonly http: HttpClient) {
    this.location = http.target.base;
    this.store = new RemoteWorkspaceStore(http);
    this.runtime = remoteRuntimeStores(http);
    this.decisions = remoteDecisions(http);
    this.tokens = remoteTokens(http);
    const no = (operation: string, hint?: string) => unsupported(http, operation, hint);
    this.idempotency = { get: no('action idempotency keys'), put: no('action idempotency keys') };
    this.policyCounters = {
      reserve: no('policy counters'),
      reserveAll: no('policy counters'),
      settle: no('policy counters'),
      read: no('policy counters'),
      readMany: no('policy counters'),
    };
    const secretsHint = 'run `aexy webhooks secret` where the store is (a SQLite path or postgres:// URL)';
    this.webhookSecrets = {
      get: no('webhook secrets', secretsHint),
      ensure: no('webhook secrets', secretsHint),
      rotate: no('webhook secrets', secretsHint),
      valid: no('webhook secrets', secretsHint),
    };
    this.dateTriggers = { fireOnce: no('date triggers') };
  }

  /** Approves a run's pending approval (the server sends the Temporal update and returns its answer). */
  approve(runId: string, decision: RemoteDecision): Promise<RemoteApprovalOutcome> {
    return this.decide(runId, 'approve', decision);
  }

  reject(runId: string, decision: RemoteDecision): Promise<RemoteApprovalOutcome> {
    return this.decide(runId, 'reject', decision);
  }

  /**
   * Asks the server to cancel a run's workflow and wait (up to `timeoutMs`) for it to end; returns
   * the run as the server sees it then and the steps the cancellation interrupted.
   */
  cancel(runId: string, timeoutMs = 30_000): Promise<{ run?: RunRecord; interruptedSteps: string[] }> {
    const path = `/runs/${encodeURIComponent(runId)}/cancel`;
    return this.http.request('POST', path, { body: { timeoutMs }, extraTimeoutMs: timeoutMs });
  }

  /**
   * Asks the server to retry a finished run (src/runtime/run-retry.ts runs there): the new run's
   * outcome, linked to the old one by `retryOf`.
   */
  retry(runId: string): Promise<RetryOutcome> {
    return this.http.request<RetryOutcome>('POST', `/runs/${encodeURIComponent(runId)}/retry`);
  }

  /** Run changes as they happen (`runs tail`), until the signal aborts. */
  streamRuns(options: RunStreamOptions) {
    return streamRuns(this.http, options);
  }

  async close(): Promise<void> {
    // Requests hold nothing open between calls; a stream ends with its caller's signal.
  }

  private decide(runId: string, decision: 'approve' | 'reject', decisionBody: RemoteDecision) {
    const path = `/runs/${encodeURIComponent(runId)}/${decision}`;
    const { timeoutMs, ...rest } = decisionBody;
    const wait = Number.isFinite(timeoutMs)
      ? Math.min(Math.max(Math.round(timeoutMs as number), 1), MAX_SERVER_WAIT_MS)
      : undefined;
    const body = wait === undefined ? rest : { ...rest, timeoutMs: wait };
    // The server may spend `wait` on the Temporal update before it answers.
    return this.http.request<RemoteApprovalOutcome>('POST', path, { body, extraTimeoutMs: wait ?? 15_000 });
  }
}

/** Opens the backend of a remote workspace URL; throws when the URL or the token is unusable. */
export async function openRemoteBackend(
  location: string,
  options: HttpClientOptions = {},
): Promise<RemoteBackend> {
  return new RemoteBackend(new HttpClient(parseWorkspaceUrl(location), options));
}

function remoteDecisions(http: HttpClient): DecisionLog {
  return {
    record: unsupported(http, 'recording policy decisions (agents run in the worker)'),
    async list(filter: DecisionFilter = {}): Promise<DecisionRecord[]> {
      const query = { agent: filter.agent, outcome: filter.outcome, run: filter.run, limit: filter.limit };
      const path = '/agent-policies/decisions';
      return (await http.request<{ decisions: DecisionRecord[] }>('GET', path, { query })).decisions;
    },
  };
}

function remoteTokens(http: HttpClient): TokenStore {
  const path = (id: string) => `/tokens/${encodeURIComponent(id)}`;
  return {
    async create(input: { name: string; scopes: TokenScope[]; expiresAt?: string }) {
      const body = { name: input.name, scopes: input.scopes, expiresAt: input.expiresAt };
      return http.request<{ token: ApiToken; secret: string }>('POST', '/tokens', { body });
    },
    async list() {
      return (await http.request<{ tokens: ApiToken[] }>('GET', '/tokens')).tokens;
    },
    async revoke(id: string) {
      return (await orUndefined(http.request<{ token: ApiToken }>('DELETE', path(id))))?.token;
    },
    verify: unsupported(
      http,
      'verifying tokens',
      'tokens are verified by the server that stores them (aexy serve)',
    ),
  };
}
