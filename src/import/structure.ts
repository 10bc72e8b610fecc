/**
 * Walks the graph from the trigger and builds nested blocks of steps. Linear chains become
 * consecutive steps; condition and branch nodes become `if` / `switch` whose sides end where they
 * rejoin (the merge point), which then follows in the same block; a node with several outgoing
 * edges becomes a `parallel` step whose branches end at their join node.
 */
import { slug } from './convert.js';
import type { FlowGraph, FlowNode } from './graph.js';
import {
  conditionCel,
  convertActionNode,
  convertAgent,
  convertTrigger,
  convertWait,
  type Data,
  isData,
  type NodeContext,
  type RawStep,
} from './nodes.js';

export interface BuiltSteps {
  trigger?: Data;
  module: string;
  steps: RawStep[];
}

/** The trigger and the steps below it. */
export function buildSteps(graph: FlowGraph, ctx: NodeContext): BuiltSteps {
  if (graph.cycle.length > 0) return { module: 'crm', steps: [] };
  assignStepIds(graph, ctx);
  const triggers = [...graph.nodes.values()].filter((n) => n.type === 'trigger');
  if (triggers.length === 0) {
    ctx.report.error(
      'import/no-trigger',
      'the workflow has no trigger node',
      'workflow.nodes',
      'add a trigger to the output by hand',
    );
    return { module: 'crm', steps: [] };
  }
  if (triggers.length > 1)
    ctx.report.error(
      'import/multiple-triggers',
      `the workflow has ${triggers.length} trigger nodes; only the first is used`,
      where(triggers[1]),
    );
  const { trigger, module } = convertTrigger(triggers[0].data, ctx, where(triggers[0]));
  const walker = new Walker(graph, ctx);
  const steps = walker.block(graph.out.get(triggers[0].id)?.[0]?.target, undefined);
  const fanOut = graph.out.get(triggers[0].id) ?? [];
  if (fanOut.length > 1)
    ctx.report.warning(
      'import/trigger-fan-out',
      'the trigger has several outgoing edges; only the first path is imported',
      where(triggers[0]),
    );
  for (const node of graph.nodes.values()) {
    if (node.type !== 'trigger' && node.type !== 'join' && !walker.placed.has(node.id)) {
      ctx.report.warning(
        'import/unreachable',
        `node ${node.id} is not reachable from the trigger and was left out`,
        where(node),
      );
    }
  }
  return { trigger, module, steps };
}

class Walker {
  readonly placed = new Set<string>();

  constructor(
    private readonly graph: FlowGraph,
    private readonly ctx: NodeContext,
  ) {}

  /** Steps from `start` up to (not including) `stop`. */
  block(start: string | undefined, stop: string | undefined): RawStep[] {
    const steps: RawStep[] = [];
    let current = start;
    while (current && current !== stop) {
      const node = this.graph.nodes.get(current) as FlowNode;
      if (this.placed.has(current)) {
        this.ctx.report.warning(
          'import/shared-node',
          `node ${current} is reached from two places; the second path jumps to it`,
          where(node),
        );
        if (steps.length > 0) steps[steps.length - 1].next = this.id(current);
        break;
      }
      this.placed.add(current);
      const edges = this.graph.out.get(current) ?? [];
      if (node.type === 'condition') current = this.condition(node, steps);
      else if (node.type === 'branch') current = this.branch(node, steps);
      else if (node.type === 'join') current = edges[0]?.target;
      else if (edges.length > 1) {
        steps.push(this.step(node));
        current = this.parallel(node, steps);
      } else {
        steps.push(this.step(node));
        current = edges[0]?.target;
      }
    }
    return steps;
  }

  private condition(node: FlowNode, steps: RawStep[]): string | undefined {
    const edges = this.graph.out.get(node.id) ?? [];
    const yes = edges.find((e) => e.handle === 'true' || e.handle === 'yes')?.target;
    const no = edges.find((e) => e.handle === 'false' || e.handle === 'no')?.target;
    const merge = this.graph.mergePoint([yes, no].filter((t): t is string => !!t));
    const step: RawStep = { id: this.id(node.id), if: conditionCel(node.data, this.ctx, where(node)) };
    // biome-ignore lint/suspicious/noThenProperty: the language's if step has a then branch
    step.then = this.side(yes, merge);
    const otherwise = this.side(no, merge);
    if (otherwise !== undefined && !(typeof otherwise === 'string' && merge && otherwise === this.id(merge)))
      step.else = otherwise;
    if (!no) step.else = 'end';
    steps.push(step);
    return merge;
  }

  private branch(node: FlowNode, steps: RawStep[]): string | undefined {
    const edges = this.graph.out.get(node.id) ?? [];
    const merge = this.graph.mergePoint(edges.map((e) => e.target));
    const defs = Array.isArray(node.data.branches) ? (node.data.branches as Data[]) : [];
    const cases: RawStep[] = [];
    let fallback: unknown;
    for (const edge of edges) {
      const def = defs.find((b) => b.id === edge.handle) ?? {};
      const target = this.side(edge.target, merge);
      if (node.data.default_branch !== undefined && node.data.default_branch === edge.handle)
        fallback = target;
      else cases.push({ when: this.branchCondition(node, def), next: target });
    }
    steps.push({
      id: this.id(node.id),
      switch: cases,
      ...(fallback !== undefined ? { default: fallback } : {}),
    });
    return merge;
  }

  private branchCondition(node: FlowNode, def: Data): string {
    const conditions = Array.isArray(def.conditions)
      ? def.conditions
      : isData(def.condition)
        ? [def.condition]
        : [];
    if (conditions.length > 0) return conditionCel({ conditions }, this.ctx, where(node));
    this.ctx.report.warning(
      'import/branch-without-condition',
      `branch "${String(def.label ?? def.id)}" has no condition; imported as always true (the first such branch wins)`,
      where(node),
      'write its `when:` condition',
    );
    return 'true';
  }

  private parallel(node: FlowNode, steps: RawStep[]): string | undefined {
    const edges = this.graph.out.get(node.id) ?? [];
    const merge = this.graph.mergePoint(edges.map((e) => e.target));
    const join = merge ? this.graph.nodes.get(merge) : undefined;
    const branches: Data = {};
    for (const edge of edges) branches[this.id(edge.target)] = this.block(edge.target, merge);
    const parallel: Data = { branches };
    if (join?.type === 'join') {
      this.placed.add(join.id);
      const type = String(join.data.join_type ?? 'all');
      parallel.join = type === 'count' ? { count: Number(join.data.expected_count ?? 1) } : type;
      if (join.data.on_failure === 'continue' || join.data.on_failure === 'skip')
        parallel.onBranchFailure = 'continue';
    }
    steps.push({ id: `${this.id(node.id)}_fan_out`, parallel });
    return join?.type === 'join' ? this.graph.out.get(join.id)?.[0]?.target : merge;
  }

  /** A branch side: a nested block, a forward jump to the merge step, or `end`. */
  private side(target: string | undefined, merge: string | undefined): unknown {
    // A missing edge ends that path on the platform.
    if (!target) return 'end';
    if (target === merge) return this.id(merge);
    return this.block(target, merge);
  }

  private step(node: FlowNode): RawStep {
    const id = this.id(node.id);
    const at = where(node);
    if (node.type === 'action') return convertActionNode(id, node.data, this.ctx, at);
    if (node.type === 'wait') return convertWait(id, node.data, this.ctx, at);
    if (node.type === 'agent') return convertAgent(id, node.data, this.ctx, at);
    this.ctx.report.error('import/unknown-node', `node type "${node.type}" has no aexy equivalent`, at);
    return { id, set: { [`unmapped_${id}`]: 'null' } };
  }

  private id(nodeId: string): string {
    return this.ctx.templates.stepIds.get(nodeId) ?? slug(nodeId, '_');
  }
}

/** Step ids from node labels (readable), else node ids; unique, `[a-z0-9_]`. */
function assignStepIds(graph: FlowGraph, ctx: NodeContext): void {
  const used = new Set<string>();
  for (const node of graph.nodes.values()) {
    const label = typeof node.data.label === 'string' ? node.data.label : '';
    let base = slug(label, '_') || slug(node.id, '_') || 'step';
    if (/^[0-9]/.test(base)) base = `step_${base}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ctx.templates.stepIds.set(node.id, id);
  }
}

function where(node: FlowNode): string {
  return `workflow.nodes[${node.index}]`;
}
