/**
 * The plan: what `aexy apply` would do to the workspace, as plain data. `diff` builds it (pure),
 * renderers print it (text, JSON, Markdown), apply executes it without diffing again. The JSON form
 * is documented in docs/plan-format.md; bump PLAN_FORMAT_VERSION on any breaking change.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Address, Resource, ResourceKind, StepKind } from '../ir/types.js';

import type { CapabilityChange } from '../policy/capability-diff.js';

export const PLAN_FORMAT_VERSION = 1;

/** One resource as the workspace holds it now. */
export interface StateResource {
  address: Address;
  kind: ResourceKind;
  name: string;
  /** Number of the current immutable version (1-based). */
  version: number;
  /** The content hash apply wrote for the current version. */
  appliedHash: string;
  /**
   * Content hash of `ir` when the store already knows it (equal to appliedHash when the live copy is
   * byte-identical to what apply wrote); diff computes it otherwise.
   */
  liveHash?: string;
  /** The IR the workspace holds now; differs from the applied version when something edited it since (drift). */
  ir: Resource;
  /** The IR apply last wrote (the current version), used to show both sides of a drift. */
  appliedIr?: Resource;
  protected: boolean;
}

/** What diff compares against: the workspace's identity, serial and current resources. */
export interface WorkspaceState {
  lineage: string;
  serial: number;
  resources: StateResource[];
}

export type ChangeAction = 'create' | 'update' | 'delete' | 'rename' | 'no-op';

/** One changed value, addressed by a path such as `trigger.config.to` or `steps[send].with.subject`. */
export interface FieldChange {
  path: string;
  op: 'add' | 'remove' | 'change';
  before?: unknown;
  after?: unknown;
}

export type StepChangeKind = 'added' | 'removed' | 'changed' | 'moved';

/** One step of an automation that differs; `fields` holds the step's own changed values. */
export interface StepChange {
  id: string;
  change: StepChangeKind;
  kind: StepKind;
  fields?: FieldChange[];
  /** For `moved`: the block the step was in, and is in now (`steps`, `check.then`, `fan.branches.a`...). */
  from?: string;
  to?: string;
}

/** An edge of the control-flow graph (`label` is `next`, `then`, `else`, `case[0]`, `catch`...). */
export interface TransitionChange {
  from: string;
  to: string;
  label: string;
  change: 'added' | 'removed';
}

export interface StepDiff {
  steps: StepChange[];
  transitions: TransitionChange[];
}

/** The workspace copy no longer matches what apply last wrote. */
export interface Drift {
  appliedHash: string;
  liveHash: string;
  /** From the last applied version (before) to what the workspace holds now (after). */
  fields: FieldChange[];
}

/** Why an absent resource is kept instead of deleted. */
export type KeptReason = 'prune-off' | 'protected';

export interface ResourceChange {
  address: Address;
  kind: ResourceKind;
  name: string;
  action: ChangeAction;
  /** One line saying why, e.g. `trigger.config.to changed`, `absent from the files (prune is off)`. */
  reason: string;
  /** For a rename: the address it had. */
  previousAddress?: Address;
  /** The workspace's current version of this resource, if it exists. */
  currentVersion?: number;
  beforeHash?: string;
  afterHash?: string;
  fields: FieldChange[];
  steps?: StepDiff;
  drift?: Drift;
  kept?: KeptReason;
  protected: boolean;
  /** The desired IR (with source text) that apply writes; set for create, update and rename. */
  after?: Resource;
}

export interface PlanSummary {
  add: number;
  change: number;
  delete: number;
  rename: number;
  noop: number;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** Content-derived id: the same base and the same changes give the same id. */
  id: string;
  createdAt?: string;
  /** The workspace this plan was made against; apply refuses the plan if it moved on. */
  base: { lineage: string; serial: number };
  options: { prune: boolean; allowEmpty: boolean };
  summary: PlanSummary;
  /** Every address of files and workspace, sorted by address; no-ops included. */
  changes: ResourceChange[];
  /** Per agent: tools and fields gained or lost through agent or policy changes (unchanged agents left out). */
  capabilities: CapabilityChange[];
  diagnostics: Diagnostic[];
  /** True when the plan has no error diagnostics (apply refuses it otherwise). */
  applicable: boolean;
}

export interface DiffOptions {
  prune?: boolean;
  allowEmpty?: boolean;
  createdAt?: string;
}

/** True when applying the plan would change the workspace. */
export function hasChanges(plan: Plan): boolean {
  const s = plan.summary;
  return s.add + s.change + s.delete + s.rename > 0;
}
