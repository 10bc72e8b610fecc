/**
 * What the compiler knows about one document while it checks it: the IR it built, where each piece
 * came from (document paths, so rules can point at the exact YAML value), every CEL expression with
 * its scope, and the problems found while building (bad durations, bad conditions) that rules report.
 */
import type { Resource, Step } from '../ir/types.js';
import type { DocPath, LoadedDocument } from '../loader/types.js';

/** Where a CEL expression sits and what it may see. */
export interface ExprSite {
  cel: string;
  /** Path of the YAML string holding the expression. */
  path: DocPath;
  /** Offset of the expression inside that string (non-zero for `${{ }}` templates). */
  offset: number;
  /** `condition` must be a bool; `template` is inside `${{ }}`; `value` is bare CEL of any type. */
  role: 'condition' | 'template' | 'value';
  /** The step the expression belongs to; undefined at automation level (conditions, agent hooks). */
  stepId?: string;
  /** True inside an action step's `with:` (the only place `secrets.*` may appear). */
  inActionWith: boolean;
  /** Step ids that may have run before this expression is evaluated. */
  before: ReadonlySet<string>;
  /** Loop item names (`as:`) visible here. */
  locals: string[];
  /** What a `value` expression must give: a list (`forEach`) or a point in time (`wait.until`). */
  expects?: 'list' | 'time';
  /** For an event wait's `match`: the awaited event type (the `event` root is available). */
  event?: string;
  /** True when the expression was generated from a structured condition (offsets are not the user's). */
  generated?: boolean;
}

/** A value that could not be compiled as written (reported by a rule, not by the builder). */
export interface BuildProblem {
  kind: 'duration' | 'condition' | 'shape';
  path: DocPath;
  message: string;
  fix?: string;
  /** The text as written, when there is one. */
  text?: string;
}

/** One compiled document. */
export interface CompileUnit {
  doc: LoadedDocument;
  resource: Resource;
  /** The document's `spec` as written. */
  spec: Record<string, unknown>;
  /** Document path of each IR step (by identity). */
  stepPaths: Map<Step, DocPath>;
  exprs: ExprSite[];
  problems: BuildProblem[];
}

/** Walks every step of a step list, nested blocks included, depth-first in document order. */
export function* allSteps(steps: readonly Step[]): Generator<Step> {
  for (const step of steps) {
    yield step;
    for (const child of childBlocks(step)) yield* allSteps(child);
  }
}

/** The nested step lists of a step (branch blocks, parallel branches, loop body, catch). */
export function childBlocks(step: Step): Step[][] {
  const blocks: Step[][] = [];
  const add = (t: { kind: string; steps?: Step[] } | undefined) => {
    if (t?.kind === 'block' && t.steps) blocks.push(t.steps);
  };
  switch (step.kind) {
    case 'if':
      add(step.then);
      add(step.else);
      break;
    case 'switch':
      for (const c of step.cases) add(c.next);
      add(step.default);
      break;
    case 'parallel':
      for (const b of step.branches) blocks.push(b.steps);
      break;
    case 'loop':
      blocks.push(step.steps);
      break;
    case 'wait':
    case 'agent':
      add(step.onTimeout);
      break;
    case 'approval':
      add(step.onApprove);
      add(step.onReject);
      add(step.onTimeout);
      break;
  }
  add(step.catch);
  return blocks;
}
