/**
 * The shape of an automation's step tree as plan needs it: every step with the block it sits in,
 * and the control-flow edges between steps (the transitions a step-level diff compares).
 */
import type { Step, Target } from '../ir/types.js';

/** A step, the block that holds it (`steps`, `check.then`, `fan.branch:a`, `each.body`) and its index there. */
export interface PlacedStep {
  step: Step;
  block: string;
  index: number;
}

/** A labelled control-flow edge; `to` is a step id, `end`, `fail` or `loop:<id>` (back to a loop). */
export interface Edge {
  from: string;
  to: string;
  label: string;
}

interface Block {
  name: string;
  steps: Step[];
  /** Where control goes when the block's last step falls through. */
  exit: string;
}

/** Every step of the tree, depth first, in document order. */
export function placeSteps(steps: Step[]): Map<string, PlacedStep> {
  const out = new Map<string, PlacedStep>();
  for (const block of blocks(steps)) {
    block.steps.forEach((step, index) => {
      out.set(step.id, { step, block: block.name, index });
    });
  }
  return out;
}

/** Every control-flow edge of the tree. */
export function stepEdges(steps: Step[]): Edge[] {
  const edges: Edge[] = [];
  for (const block of blocks(steps)) {
    block.steps.forEach((step, index) => {
      const fallThrough = block.steps[index + 1]?.id ?? block.exit;
      for (const [label, target] of targetsOf(step))
        edges.push({ from: step.id, to: resolve(target, fallThrough), label });
      if (!branchesOnly(step)) edges.push({ from: step.id, to: step.next ?? fallThrough, label: 'next' });
    });
  }
  return edges;
}

/** Walks the tree and lists each block with the place control continues after it. */
function blocks(steps: Step[]): Block[] {
  const out: Block[] = [];
  const visit = (name: string, list: Step[], exit: string) => {
    out.push({ name, steps: list, exit });
    list.forEach((step, index) => {
      const after = step.next ?? list[index + 1]?.id ?? exit;
      for (const [label, target] of targetsOf(step)) {
        // A loop body ends by going round again; every other block rejoins after its step.
        const exitTo = label === 'body' ? `loop:${step.id}` : after;
        if (target?.kind === 'block') visit(`${step.id}.${label}`, target.steps, exitTo);
      }
    });
  };
  visit('steps', steps, 'end');
  return out;
}

/** The labelled branch targets of a step (absent optional targets included as undefined). */
function targetsOf(step: Step): Array<[string, Target | undefined]> {
  const own: Array<[string, Target | undefined]> = [];
  switch (step.kind) {
    case 'if':
      own.push(['then', step.then], ['else', step.else]);
      break;
    case 'switch':
      step.cases.forEach((c, i) => {
        own.push([`case[${i}]`, c.next]);
      });
      own.push(['default', step.default]);
      break;
    case 'approval':
      own.push(['onApprove', step.onApprove], ['onReject', step.onReject], ['onTimeout', step.onTimeout]);
      break;
    case 'wait':
    case 'agent':
      if (step.onTimeout) own.push(['onTimeout', step.onTimeout]);
      break;
    case 'parallel':
      for (const b of step.branches) own.push([`branch:${b.name}`, { kind: 'block', steps: b.steps }]);
      break;
    case 'loop':
      own.push(['body', { kind: 'block', steps: step.steps }]);
      break;
  }
  if (step.catch) own.push(['catch', step.catch]);
  return own;
}

/** Steps whose successors are all given by their branch targets (no plain `next` edge). */
function branchesOnly(step: Step): boolean {
  return step.kind === 'if' || step.kind === 'switch' || step.kind === 'approval';
}

function resolve(target: Target | undefined, fallThrough: string): string {
  if (!target) return fallThrough;
  if (target.kind === 'jump') return target.to;
  return target.steps[0]?.id ?? fallThrough;
}
