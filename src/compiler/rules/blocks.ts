/**
 * Control flow inside blocks, for the dag/* rules: which jumps a step makes, and every block of an
 * automation (top level, branch bodies, parallel branches, loop bodies) with the paths of its steps.
 */
import type { Step, Target } from '../../ir/types.js';
import type { DocPath } from '../../loader/types.js';
import { childBlocks } from '../unit.js';
import type { AutomationUnit } from './helpers.js';

export const TERMINALS = new Set(['end', 'fail']);

/** A jump a step makes within its own block: `next`, or a branch slot written as a step id. */
export interface Jump {
  to: string;
  path: DocPath;
  /** `next`, `then`, `else`, `default`, `case 1`, `onTimeout`, `onApprove`, `onReject`, `catch`. */
  label: string;
  /** True for `next` (replaces falling through); false for a branch that is taken only sometimes. */
  replacesFallthrough: boolean;
}

const jumpLists = new WeakMap<Step, Jump[]>();

/** The jumps of a step (computed once per step: several rules ask). */
export function jumpsOf(step: Step, path: DocPath): Jump[] {
  let jumps = jumpLists.get(step);
  if (!jumps) {
    jumps = computeJumps(step, path);
    jumpLists.set(step, jumps);
  }
  return jumps;
}

function computeJumps(step: Step, path: DocPath): Jump[] {
  const jumps: Jump[] = [];
  if (step.next !== undefined)
    jumps.push({ to: step.next, path: [...path, 'next'], label: 'next', replacesFallthrough: true });
  const slot = (t: Target | undefined, sub: DocPath, label: string) => {
    if (t?.kind === 'jump')
      jumps.push({ to: t.to, path: [...path, ...sub], label, replacesFallthrough: false });
  };
  switch (step.kind) {
    case 'if':
      slot(step.then, ['then'], 'then');
      slot(step.else, ['else'], 'else');
      break;
    case 'switch':
      step.cases.forEach((c, i) => {
        slot(c.next, ['switch', i, 'next'], `case ${i + 1}`);
      });
      slot(step.default, ['default'], 'default');
      break;
    case 'wait':
    case 'agent':
      slot(step.onTimeout, ['onTimeout'], 'onTimeout');
      break;
    case 'approval':
      slot(step.onApprove, ['onApprove'], 'onApprove');
      slot(step.onReject, ['onReject'], 'onReject');
      slot(step.onTimeout, ['onTimeout'], 'onTimeout');
      break;
  }
  slot(step.catch, ['catch'], 'catch');
  return jumps;
}

/** True when control never falls through to the step below (every way out is a jump or a terminal). */
export function neverFallsThrough(step: Step): boolean {
  if (step.next !== undefined) return true;
  const isJump = (t: Target | undefined) => t?.kind === 'jump';
  if (step.kind === 'if') return isJump(step.then) && isJump(step.else);
  if (step.kind === 'switch')
    return step.cases.length > 0 && step.cases.every((c) => isJump(c.next)) && isJump(step.default);
  return false;
}

export interface BlockInfo {
  steps: Step[];
  paths: DocPath[];
}

const blockLists = new WeakMap<AutomationUnit, BlockInfo[]>();
const edgeLists = new WeakMap<BlockInfo, number[][]>();

/** Every block of the automation, outermost first (computed once per automation). */
export function blocksOf(unit: AutomationUnit): BlockInfo[] {
  const cached = blockLists.get(unit);
  if (cached) return cached;
  const out: BlockInfo[] = [];
  blockLists.set(unit, out);
  const visit = (steps: Step[]) => {
    if (steps.length === 0) return;
    out.push({ steps, paths: steps.map((s) => unit.stepPaths.get(s) ?? []) });
    for (const step of steps) for (const child of childBlocks(step)) visit(child);
  };
  visit(unit.resource.steps);
  return out;
}

/** Successor indices of each step of a block (fallthrough plus in-block jumps). */
export function blockEdges(block: BlockInfo): number[][] {
  const cached = edgeLists.get(block);
  if (cached) return cached;
  const index = new Map(block.steps.map((s, i) => [s.id, i]));
  const edges = block.steps.map((step, i) => {
    const targets = jumpsOf(step, block.paths[i])
      .map((j) => index.get(j.to))
      .filter((t): t is number => t !== undefined);
    if (!neverFallsThrough(step) && i + 1 < block.steps.length) targets.push(i + 1);
    return targets;
  });
  edgeLists.set(block, edges);
  return edges;
}

/** Indices reachable from `from` (inclusive). */
export function reachable(edges: number[][], from: number): Set<number> {
  const seen = new Set<number>([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const next of edges[stack.pop() as number]) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}
