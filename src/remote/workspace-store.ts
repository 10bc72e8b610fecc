/**
 * WorkspaceStore over the `aexy serve` API: plan reads the state, apply posts the plan, export reads
 * the current versions, and the workspace lock is taken and released through the server (which
 * keeps the same lock, stale-plan and prune rules as the local store).
 */
import type { Address } from '../ir/types.js';
import type { WorkspaceState } from '../plan/types.js';
import { LockHeldError } from '../workspace/errors.js';
import type {
  ApplyRequest,
  ApplyResult,
  LockInfo,
  LockRequest,
  ResourceHistory,
  ResourceVersion,
  WorkspaceInfo,
  WorkspaceStore,
} from '../workspace/store.js';
import { RemoteRequestError } from './errors.js';
import type { HttpClient } from './http-client.js';

/** The longest lock wait the server grants in one request; the client asks again for longer waits. */
export const SERVER_LOCK_WAIT_CAP_MS = 60_000;

/** The workspace store of a remote workspace. */
export class RemoteWorkspaceStore implements WorkspaceStore {
  constructor(private readonly http: HttpClient) {}

  async info(): Promise<WorkspaceInfo> {
    const info = await this.http.request<WorkspaceInfo>('GET', '');
    // The server redacts its own location to the workspace name; the URL is what the user knows.
    return { ...info, location: this.http.target.base };
  }

  state(): Promise<WorkspaceState> {
    return this.http.request<WorkspaceState>('GET', '/state');
  }

  apply(request: ApplyRequest): Promise<ApplyResult> {
    return this.http.request<ApplyResult>('POST', '/applies', { body: request });
  }

  async currentVersions(): Promise<ResourceVersion[]> {
    return (await this.http.request<{ versions: ResourceVersion[] }>('GET', '/resources')).versions;
  }

  history(address: Address): Promise<ResourceHistory> {
    const [kind, ...name] = address.split('/');
    const path = `/resources/${encodeURIComponent(kind)}/${encodeURIComponent(name.join('/'))}`;
    return this.http.request<ResourceHistory>('GET', path);
  }

  /** Asks in rounds of at most the server's cap until the lock is taken or `waitMs` has passed. */
  async acquireLock(request: LockRequest): Promise<LockInfo> {
    const deadline = Date.now() + request.waitMs;
    for (;;) {
      const waitMs = Math.max(0, Math.min(deadline - Date.now(), SERVER_LOCK_WAIT_CAP_MS));
      const started = Date.now();
      try {
        return await this.http.request<LockInfo>('POST', '/locks', {
          body: { ...request, waitMs },
          extraTimeoutMs: waitMs,
        });
      } catch (error) {
        if (!(error instanceof LockHeldError) || Date.now() >= deadline) throw error;
        // A server that answered before the wait it was given must not be asked in a tight loop.
        const early = waitMs - (Date.now() - started);
        if (early > 0) await sleep(Math.min(early, 1000, deadline - Date.now()));
      }
    }
  }

  /** Like the local store, releasing a lock that is already gone is not an error. */
  async releaseLock(id: string): Promise<void> {
    try {
      await this.http.request('DELETE', `/locks/${encodeURIComponent(id)}`);
    } catch (error) {
      if (!(error instanceof RemoteRequestError && error.status === 404)) throw error;
    }
  }

  async forceUnlock(id: string): Promise<LockInfo | undefined> {
    const path = `/locks/${encodeURIComponent(id)}`;
    const result = await this.http.request<{ lock: LockInfo | null }>('DELETE', path, {
      query: { force: 'true' },
    });
    return result.lock ?? undefined;
  }

  async locks(): Promise<LockInfo[]> {
    return (await this.http.request<{ locks: LockInfo[] }>('GET', '/locks')).locks;
  }

  async close(): Promise<void> {
    // Nothing held open: every call is its own request.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
