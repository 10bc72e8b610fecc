/**
 * Bench helper of bench/serve-gzip.mjs (bundled by it, run in its process): an `aexy serve` API on
 * loopback over a fresh SQLite workspace with the project at `dir` planned and applied through the
 * API itself, and a read token. Returns the workspace URL.
 */
import { join } from 'node:path';
import { startApiServer } from '../../src/server/server.js';
import { loadDesired } from '../../src/sync/project-workspace.js';
import { openBackend } from '../../src/workspace/open-backend.js';
import { benchApplyLock } from './apply-lock.mjs';

export interface StateServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

async function call(url: string, token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Starts the server and applies the project at `dir` (every automation created). */
export async function startStateServer(dir: string, workDir: string): Promise<StateServer> {
  const backend = await openBackend(join(workDir, 'workspace.db'));
  const admin = await backend.tokens.create({ name: 'bench', scopes: ['admin'], createdBy: 'bench' });
  const api = await startApiServer({ workspaces: { bench: backend }, log: () => undefined });
  const url = `${api.url}/workspaces/bench`;
  const desired = await loadDesired(dir, dir);
  const plan = await call(url, admin.secret, 'POST', '/plans', { resources: desired.resources });
  const lock = await call(url, admin.secret, 'POST', '/locks', benchApplyLock());
  await call(url, admin.secret, 'POST', '/applies', { plan, appliedBy: 'bench', lockId: lock.id });
  await call(url, admin.secret, 'DELETE', `/locks/${lock.id}`);
  return {
    url,
    token: admin.secret,
    async close() {
      await api.close();
      await backend.close();
    },
  };
}
