/**
 * Step-level diff of two automations: which steps were added, removed, changed (their own fields,
 * not their nested blocks) or moved (to another block, or reordered among the steps both sides
 * share), and which control-flow transitions appeared or disappeared.
 */
import type { Step, Target } from '../ir/types.js';
import { stripRefs } from './canonical.js';
import { diffFields } from './field-diff.js';
import { type PlacedStep, placeSteps, stepEdges } from './step-graph.js';
import type { StepChange, StepDiff, TransitionChange } from './types.js';

/** Compares two step trees; empty lists when they are equal. */
export function diffSteps(before: Step[], after: Step[]): StepDiff {
  const a = placeSteps(before);
  const b = placeSteps(after);
  const steps: StepChange[] = [];
  for (const [id, placed] of a) if (!b.has(id)) steps.push({ id, change: 'removed', kind: placed.step.kind });
  const moved = movedSteps(a, b);
  for (const [id, placed] of b) {
    const old = a.get(id);
    if (!old) {
      steps.push({ id, change: 'added', kind: placed.step.kind });
      continue;
    }
    const fields = diffFields(ownContent(old.step), ownContent(placed.step));
    if (fields.length > 0) steps.push({ id, change: 'changed', kind: placed.step.kind, fields });
    if (moved.has(id))
      steps.push({ id, change: 'moved', kind: placed.step.kind, from: old.block, to: placed.block });
  }
  return { steps, transitions: diffTransitions(before, after) };
}

/** A step without its nested blocks (they are steps of their own) and without source refs. */
function ownContent(step: Step): unknown {
  const copy = { ...step } as Record<string, unknown>;
  for (const key of ['then', 'else', 'default', 'onTimeout', 'onApprove', 'onReject', 'catch']) {
    if (copy[key]) copy[key] = shallowTarget(copy[key] as Target);
  }
  if (step.kind === 'switch')
    copy.cases = step.cases.map((c) => ({ when: c.when, next: shallowTarget(c.next) }));
  if (step.kind === 'parallel') copy.branches = step.branches.map((b) => b.name);
  if (step.kind === 'loop') delete copy.steps;
  return stripRefs(copy);
}

function shallowTarget(target: Target): unknown {
  return target.kind === 'jump' ? target : { kind: 'block' };
}

/** Steps in another block now, or whose order relative to the steps both sides share changed. */
function movedSteps(a: Map<string, PlacedStep>, b: Map<string, PlacedStep>): Set<string> {
  const moved = new Set<string>();
  const order = (side: Map<string, PlacedStep>, other: Map<string, PlacedStep>) => {
    const byBlock = new Map<string, string[]>();
    for (const [id, placed] of side) {
      if (other.get(id)?.block !== placed.block) continue;
      const list = byBlock.get(placed.block) ?? [];
      list.push(id);
      byBlock.set(placed.block, list);
    }
    return byBlock;
  };
  for (const [id, placed] of b) {
    const old = a.get(id);
    if (old && old.block !== placed.block) moved.add(id);
  }
  const before = order(a, b);
  const after = order(b, a);
  for (const [block, ids] of after) {
    const previous = before.get(block) ?? [];
    ids.forEach((id, i) => {
      if (previous[i] !== id) moved.add(id);
    });
  }
  return moved;
}

function diffTransitions(before: Step[], after: Step[]): TransitionChange[] {
  const key = (e: { from: string; to: string; label: string }) => `${e.from}\u0000${e.label}\u0000${e.to}`;
  const a = new Map(stepEdges(before).map((e) => [key(e), e]));
  const b = new Map(stepEdges(after).map((e) => [key(e), e]));
  const out: TransitionChange[] = [];
  for (const [k, e] of a) if (!b.has(k)) out.push({ ...e, change: 'removed' });
  for (const [k, e] of b) if (!a.has(k)) out.push({ ...e, change: 'added' });
  return out;
}
