/**
 * The change for one address: how a desired resource compares with the workspace copy (no-op,
 * update, rename, drift) and what happens to a workspace resource the files no longer define.
 */
import { addressOf, type Resource } from '../ir/types.js';
import { contentHash, semanticContent } from './canonical.js';
import { diffFields } from './field-diff.js';
import { diffSteps } from './step-diff.js';
import type { Drift, FieldChange, ResourceChange, StateResource, StepDiff } from './types.js';

/** The desired resource exists at the same address in the workspace. */
export function changeFor(resource: Resource, hash: string, existing: StateResource): ResourceChange {
  const liveHash = existing.liveHash ?? contentHash(existing.ir);
  const drift = driftOf(existing, liveHash);
  const base = {
    address: existing.address,
    kind: resource.kind,
    name: resource.metadata.name,
    currentVersion: existing.version,
    beforeHash: liveHash,
    afterHash: hash,
    protected: resource.metadata.protected,
  };
  if (hash === liveHash && !drift) return { ...base, action: 'no-op', reason: 'up to date', fields: [] };
  const { fields, steps } = contentDiff(existing.ir, resource);
  const reasons = [hash === liveHash ? 'the workspace matches the files again' : describe(fields, steps)];
  if (drift) reasons.push('drift: the workspace copy was changed outside aexy');
  return {
    ...base,
    action: 'update',
    reason: reasons.join('; '),
    fields,
    ...(steps ? { steps } : {}),
    ...(drift ? { drift } : {}),
    after: resource,
  };
}

/** The desired resource names the stored one as its `metadata.previousName`. */
export function renameFor(resource: Resource, hash: string, old: StateResource): ResourceChange {
  const liveHash = old.liveHash ?? contentHash(old.ir);
  const renamed = { ...old.ir, metadata: { ...old.ir.metadata, name: resource.metadata.name } } as Resource;
  const { fields, steps } = contentDiff(renamed, resource);
  const drift = driftOf(old, liveHash);
  const extra = fields.length > 0 || steps ? `; ${describe(fields, steps)}` : '';
  return {
    address: addressOf(resource),
    kind: resource.kind,
    name: resource.metadata.name,
    action: 'rename',
    reason: `renamed from ${old.address}${extra}`,
    previousAddress: old.address,
    currentVersion: old.version,
    beforeHash: liveHash,
    afterHash: hash,
    fields,
    ...(steps ? { steps } : {}),
    ...(drift ? { drift } : {}),
    protected: resource.metadata.protected,
    after: resource,
  };
}

/** A workspace resource the files no longer define: deleted with prune, unless protected. */
export function deletionFor(stored: StateResource, prune: boolean): ResourceChange {
  const base = {
    address: stored.address,
    kind: stored.kind,
    name: stored.name,
    currentVersion: stored.version,
    beforeHash: stored.appliedHash,
    fields: [] as FieldChange[],
    protected: stored.protected,
  };
  if (!prune)
    return {
      ...base,
      action: 'no-op',
      kept: 'prune-off',
      reason: 'absent from the files; kept (deleting needs --prune)',
    };
  if (stored.protected)
    return {
      ...base,
      action: 'no-op',
      kept: 'protected',
      reason: 'absent from the files; protected, so never deleted',
    };
  return { ...base, action: 'delete', reason: 'absent from the files' };
}

function driftOf(stored: StateResource, liveHash: string): Drift | undefined {
  if (liveHash === stored.appliedHash) return undefined;
  const fields = stored.appliedIr ? diffFields(comparable(stored.appliedIr), comparable(stored.ir)) : [];
  return { appliedHash: stored.appliedHash, liveHash, fields };
}

/** Field diff of everything but the steps, plus a step diff for automations. */
function contentDiff(before: Resource, after: Resource): { fields: FieldChange[]; steps?: StepDiff } {
  const fields = diffFields(withoutSteps(before), withoutSteps(after));
  if (before.kind !== 'Automation' || after.kind !== 'Automation') return { fields };
  const steps = diffSteps(before.steps, after.steps);
  const empty = steps.steps.length === 0 && steps.transitions.length === 0;
  return empty ? { fields } : { fields, steps };
}

function comparable(resource: Resource): Record<string, unknown> {
  return semanticContent(resource);
}

function withoutSteps(resource: Resource): Record<string, unknown> {
  const content = semanticContent(resource);
  delete content.steps;
  return content;
}

function describe(fields: FieldChange[], steps?: StepDiff): string {
  const parts: string[] = [];
  if (fields.length === 1) parts.push(`${fields[0].path} ${verb(fields[0].op)}`);
  else if (fields.length > 1) parts.push(`${fields.length} fields changed`);
  if (steps) {
    const counts = new Map<string, number>();
    for (const s of steps.steps) counts.set(s.change, (counts.get(s.change) ?? 0) + 1);
    for (const [change, n] of counts) parts.push(`${n} step${n === 1 ? '' : 's'} ${change}`);
    if (counts.size === 0 && steps.transitions.length > 0) parts.push('transitions changed');
  }
  return parts.join(', ') || 'content changed';
}

function verb(op: FieldChange['op']): string {
  return op === 'add' ? 'added' : op === 'remove' ? 'removed' : 'changed';
}
