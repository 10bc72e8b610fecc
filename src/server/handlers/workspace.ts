/**
 * Workspace routes: identity, state, resources and their history, plans (the same pure diff the CLI
 * runs), applies (store.apply: lineage/serial and lock checks in the store, as for the local path)
 * and the workspace lock. The client holds the lock around an apply (POST /locks, DELETE /locks/{id})
 * exactly as src/workspace/with-lock.ts does locally.
 */
import type { Address, Resource } from '../../ir/types.js';
import { diff } from '../../plan/diff.js';
import type { Plan } from '../../plan/types.js';
import type { ApplyRequest, LockRequest } from '../../workspace/store.js';
import { notFound } from '../api-error.js';
import { requireScope } from '../auth.js';
import type { RouteContext } from '../context.js';

/** Longest a lock request may wait in one call; clients loop for longer waits. */
export const MAX_LOCK_WAIT_MS = 60_000;
const KINDS = new Set(['Automation', 'Agent', 'AgentPolicy']);

export async function getWorkspace(ctx: RouteContext) {
  const info = await ctx.workspace.backend.store.info();
  // The location is the server's business (a path or a database URL): shown as the workspace name.
  return { status: 200, body: { ...info, location: ctx.workspace.name } };
}

export async function getState(ctx: RouteContext) {
  return { status: 200, body: await ctx.workspace.backend.store.state() };
}

export async function listResources(ctx: RouteContext) {
  return { status: 200, body: { versions: await ctx.workspace.backend.store.currentVersions() } };
}

export async function resourceHistory(ctx: RouteContext) {
  const { kind, name } = ctx.params;
  if (!KINDS.has(kind)) throw notFound(`no resource kind ${kind}`);
  const history = await ctx.workspace.backend.store.history(`${kind}/${name}` as Address);
  if (!history.current && history.versions.length === 0 && !history.deleted)
    throw notFound(`no resource ${kind}/${name} in this workspace`);
  return { status: 200, body: history };
}

export async function createPlan(ctx: RouteContext) {
  const body = ctx.body as { resources: Resource[]; prune?: boolean; allowEmpty?: boolean };
  const state = await ctx.workspace.backend.store.state();
  const plan = diff(body.resources, state, {
    prune: body.prune ?? false,
    allowEmpty: body.allowEmpty ?? false,
    createdAt: new Date().toISOString(),
  });
  return { status: 200, body: plan };
}

export async function createApply(ctx: RouteContext) {
  const body = ctx.body as ApplyRequest & { plan: Plan };
  const result = await ctx.workspace.backend.store.apply({
    plan: body.plan,
    appliedBy: body.appliedBy,
    lockId: body.lockId,
    at: body.at,
  });
  return { status: 200, body: result };
}

export async function listLocks(ctx: RouteContext) {
  return { status: 200, body: { locks: await ctx.workspace.backend.store.locks() } };
}

export async function acquireLock(ctx: RouteContext) {
  const request = ctx.body as LockRequest;
  const lock = await ctx.workspace.backend.store.acquireLock({
    ...request,
    waitMs: Math.min(request.waitMs, MAX_LOCK_WAIT_MS),
  });
  return { status: 201, body: lock };
}

/** Release (the holder), or with `?force=true` remove whoever holds it (admin only). */
export async function deleteLock(ctx: RouteContext) {
  const { id } = ctx.params;
  if (ctx.query.get('force') === 'true') {
    requireScope(ctx.token, 'admin');
    const lock = await ctx.workspace.backend.store.forceUnlock(id);
    return { status: 200, body: { lock: lock ?? null } };
  }
  await ctx.workspace.backend.store.releaseLock(id);
  return { status: 204 };
}
