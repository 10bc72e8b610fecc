/**
 * `diff(desired, state)`: the pure heart of `aexy plan`. Given the compiled resources of the files
 * and the workspace's current state, it returns the plan as data: per address create, update,
 * delete, rename or no-op with the reason, field- and step-level diffs, drift, and the rules that
 * make a plan unsafe to apply (deleting everything, duplicate addresses).
 */

import { createHash } from 'node:crypto';
import { type Diagnostic, NO_RANGE } from '../diagnostics/diagnostic.js';
import { type Address, addressOf, type Resource } from '../ir/types.js';
import { canonicalJson, contentHash } from './canonical.js';
import { agentCapabilityChanges, capabilityWarnings } from './capabilities.js';
import { changeFor, deletionFor, renameFor } from './resource-change.js';
import {
  type DiffOptions,
  PLAN_FORMAT_VERSION,
  type Plan,
  type PlanSummary,
  type ResourceChange,
  type StateResource,
  type WorkspaceState,
} from './types.js';

/** Compares the desired resources with the workspace state and returns the plan. */
export function diff(desired: Resource[], state: WorkspaceState, options: DiffOptions = {}): Plan {
  const prune = options.prune ?? false;
  const allowEmpty = options.allowEmpty ?? false;
  const diagnostics: Diagnostic[] = [];
  const current = new Map(state.resources.map((r) => [r.address, r]));
  const resources = uniqueResources(desired, diagnostics);
  const renames = renameSources(resources, current);
  const claimed = new Set<Address>(renames.keys());
  const changes: ResourceChange[] = [];
  for (const resource of resources) {
    changes.push(planResource(resource, current, { renames, claimed }, diagnostics));
  }
  for (const stored of state.resources) {
    if (claimed.has(stored.address)) continue;
    changes.push(deletionFor(stored, prune));
    if (prune && stored.protected) diagnostics.push(protectedKept(stored));
  }
  changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const summary = summarize(changes);
  checkDeleteAll(changes, summary, state, allowEmpty, diagnostics);
  const capabilities = agentCapabilityChanges(resources, state.resources);
  diagnostics.push(...capabilityWarnings(capabilities, resources));
  const base = { lineage: state.lineage, serial: state.serial };
  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    id: planId(base, changes),
    ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    base,
    options: { prune, allowEmpty },
    summary,
    changes,
    capabilities,
    diagnostics,
    applicable: !diagnostics.some((d) => d.severity === 'error'),
  };
  return plan;
}

/**
 * Renames come first: `metadata.previousName` is explicit intent, so the old address goes to the
 * renamed resource even when another file now uses the old name (that one becomes a new resource).
 */
function renameSources(resources: Resource[], current: Map<Address, StateResource>): Map<Address, Resource> {
  const renames = new Map<Address, Resource>();
  for (const resource of resources) {
    const previous = resource.metadata.previousName;
    if (!previous || current.has(addressOf(resource))) continue;
    const oldAddress = `${resource.kind}/${previous}` as Address;
    if (current.has(oldAddress) && !renames.has(oldAddress)) renames.set(oldAddress, resource);
  }
  return renames;
}

interface Claims {
  /** Old address -> the resource renamed from it. */
  renames: Map<Address, Resource>;
  /** Workspace addresses some desired resource accounts for (not to be deleted). */
  claimed: Set<Address>;
}

function planResource(
  resource: Resource,
  current: Map<Address, StateResource>,
  claims: Claims,
  diagnostics: Diagnostic[],
): ResourceChange {
  const address = addressOf(resource);
  const hash = contentHash(resource);
  const oldAddress = resource.metadata.previousName
    ? (`${resource.kind}/${resource.metadata.previousName}` as Address)
    : undefined;
  if (oldAddress && claims.renames.get(oldAddress) === resource) {
    return renameFor(resource, hash, current.get(oldAddress) as StateResource);
  }
  const existing = claims.renames.has(address) ? undefined : current.get(address);
  if (existing) {
    claims.claimed.add(address);
    if (oldAddress && current.has(oldAddress) && oldAddress !== address)
      diagnostics.push(renameTargetExists(resource, oldAddress));
    return changeFor(resource, hash, existing);
  }
  return {
    address,
    kind: resource.kind,
    name: resource.metadata.name,
    action: 'create',
    reason: claims.renames.has(address)
      ? 'new: the resource that had this name is renamed'
      : 'not in the workspace',
    afterHash: hash,
    fields: [],
    protected: resource.metadata.protected,
    after: resource,
  };
}

function uniqueResources(desired: Resource[], diagnostics: Diagnostic[]): Resource[] {
  const seen = new Map<Address, Resource>();
  for (const resource of desired) {
    const address = addressOf(resource);
    const first = seen.get(address);
    if (first) diagnostics.push(duplicate(resource, first));
    else seen.set(address, resource);
  }
  return [...seen.values()];
}

function summarize(changes: ResourceChange[]): PlanSummary {
  const summary: PlanSummary = { add: 0, change: 0, delete: 0, rename: 0, noop: 0 };
  for (const c of changes) {
    if (c.action === 'create') summary.add++;
    else if (c.action === 'update') summary.change++;
    else if (c.action === 'delete') summary.delete++;
    else if (c.action === 'rename') summary.rename++;
    else summary.noop++;
  }
  return summary;
}

/** Deleting every resource is almost always a wrong glob or an empty checkout: refuse unless asked. */
function checkDeleteAll(
  changes: ResourceChange[],
  summary: PlanSummary,
  state: WorkspaceState,
  allowEmpty: boolean,
  diagnostics: Diagnostic[],
): void {
  const remaining = changes.filter((c) => c.action !== 'delete').length;
  if (allowEmpty || summary.delete === 0 || remaining > 0 || state.resources.length === 0) return;
  diagnostics.push({
    code: 'plan/delete-all',
    severity: 'error',
    summary: `this plan would delete all ${summary.delete} resources of the workspace`,
    detail:
      'No files define any resource, so with prune every applied resource would be deleted. Check the project globs; if emptying the workspace is intended, run again with --allow-empty.',
    file: 'aexy.yaml',
    range: NO_RANGE,
    fix: 'add --allow-empty',
  });
}

function protectedKept(stored: StateResource): Diagnostic {
  return {
    code: 'plan/protected',
    severity: 'warning',
    summary: `${stored.address} is protected and is not deleted`,
    detail: `It is absent from the files, but the workspace records metadata.protected: true. To delete it, apply it once with protected: false, then remove the file.`,
    file: stored.ir.source?.file ?? '',
    range: NO_RANGE,
  };
}

function duplicate(resource: Resource, first: Resource): Diagnostic {
  const address = addressOf(resource);
  return {
    code: 'plan/duplicate-address',
    severity: 'error',
    summary: `${address} is defined twice`,
    detail: `Also defined in ${first.source?.file ?? 'another file'}. Names must be unique per kind.`,
    file: resource.source?.file ?? '',
    range: NO_RANGE,
  };
}

function renameTargetExists(resource: Resource, oldAddress: Address): Diagnostic {
  return {
    code: 'plan/rename-target-exists',
    severity: 'warning',
    summary: `${addressOf(resource)} names previousName ${resource.metadata.previousName}, but both exist in the workspace`,
    detail: `Nothing is renamed; ${oldAddress} is treated as absent from the files. Remove metadata.previousName once a rename is applied.`,
    file: resource.source?.file ?? '',
    range: NO_RANGE,
  };
}

function planId(base: { lineage: string; serial: number }, changes: ResourceChange[]): string {
  const digest = changes.map((c) => [
    c.address,
    c.action,
    c.beforeHash ?? '',
    c.afterHash ?? '',
    c.previousAddress ?? '',
  ]);
  return createHash('sha256').update(canonicalJson({ base, digest })).digest('hex').slice(0, 16);
}
