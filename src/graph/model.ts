/**
 * The workflow of an automation as a graph (nodes, labelled edges, clusters for parallel blocks and
 * loops), built from the IR. Renderers (Mermaid, DOT) and `--output json` all start from this model,
 * so they show the same thing. Pure.
 */
import { formatDuration } from '../compiler/duration.js';
import type { AutomationIR, Step, Target } from '../ir/types.js';

export type NodeKind = Step['kind'] | 'trigger' | 'end' | 'fail' | 'join';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** The step this node draws (absent for trigger, end, fail). Join nodes carry their parallel step's id. */
  stepId?: string;
  /** First line: the step id; second line: what it does. */
  title: string;
  detail?: string;
  cluster?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  /** `dashed` for error paths and loop iterations. */
  dashed?: boolean;
}

export interface GraphCluster {
  id: string;
  kind: 'parallel' | 'branch' | 'loop';
  label: string;
  parent?: string;
}

export interface WorkflowGraph {
  automation: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  clusters: GraphCluster[];
}

export const START_ID = 'start__';
const TERMINAL_IDS = { end: 'end__', fail: 'fail__' } as const;

/** Shortens long expressions in the middle, keeping both ends (switch cases differ at the end). */
function short(text: string, max = 48): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const head = Math.floor((max - 1) / 3);
  return `${flat.slice(0, head)}…${flat.slice(flat.length - (max - 1 - head))}`;
}

/** What a step does, in a few words. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'action':
      return step.action;
    case 'if':
      return `if ${short(step.condition.cel)}`;
    case 'switch':
      return 'switch';
    case 'parallel':
      return `parallel (${step.branches.length} branches)`;
    case 'loop':
      return `${step.forEach ? `for each ${step.as} in ${short(step.forEach.cel, 36)}` : `until ${short(step.until?.cel ?? '', 36)}`} (max ${step.maxIterations})`;
    case 'wait':
      if (step.wait.mode === 'duration') return `wait ${formatDuration(step.wait.durationMs)}`;
      if (step.wait.mode === 'until') return `wait until ${short(step.wait.until.cel, 36)}`;
      return `wait for ${step.wait.event} (${formatDuration(step.wait.timeoutMs)})`;
    case 'approval':
      return `approval by ${step.approvers.join(', ')} (${formatDuration(step.timeoutMs)})`;
    case 'agent':
      return `agent ${step.agent}${step.waitForCompletion ? '' : ' (detached)'}`;
    case 'set':
      return `set ${step.vars.map((v) => v.name).join(', ')}`;
  }
}

interface Continuation {
  to: string;
  label?: string;
  dashed?: boolean;
}

class GraphBuilder {
  readonly graph: WorkflowGraph;

  constructor(automation: AutomationIR) {
    this.graph = { automation: automation.metadata.name, nodes: [], edges: [], clusters: [] };
  }

  node(node: GraphNode): void {
    this.graph.nodes.push(node);
  }

  edge(from: string, to: string, label?: string, dashed?: boolean): void {
    const edge: GraphEdge = { from, to };
    if (label) edge.label = label;
    if (dashed) edge.dashed = true;
    this.graph.edges.push(edge);
  }

  terminal(kind: 'end' | 'fail'): string {
    const id = TERMINAL_IDS[kind];
    if (!this.graph.nodes.some((n) => n.id === id)) this.node({ id, kind, title: kind });
    return id;
  }

  resolve(to: string): string {
    return to === 'end' || to === 'fail' ? this.terminal(to) : to;
  }

  /** Adds a block's nodes and edges; returns its entry node (or the continuation when empty). */
  block(steps: readonly Step[], cont: Continuation, cluster?: string): Continuation {
    if (steps.length === 0) return cont;
    for (const step of steps)
      this.node({
        id: step.id,
        kind: step.kind,
        stepId: step.id,
        title: step.id,
        detail: describeStep(step),
        cluster,
      });
    steps.forEach((step, i) => {
      const fall: Continuation = i + 1 < steps.length ? { to: steps[i + 1].id } : cont;
      this.wire(step, step.next ? { to: this.resolve(step.next) } : fall, cluster);
    });
    return { to: steps[0].id };
  }

  target(t: Target | undefined, after: Continuation, cluster?: string): Continuation | undefined {
    if (!t) return undefined;
    return t.kind === 'jump' ? { to: this.resolve(t.to) } : this.block(t.steps, after, cluster);
  }

  link(from: string, to: Continuation, label?: string, dashed?: boolean): void {
    this.edge(from, to.to, label ?? to.label, dashed ?? to.dashed);
  }

  wire(step: Step, after: Continuation, cluster?: string): void {
    const from = step.id;
    const branch = (t: Target | undefined, label: string, fallback: Continuation | undefined) => {
      const to = this.target(t, after, cluster) ?? fallback;
      if (to) this.link(from, to, label);
    };
    switch (step.kind) {
      case 'if':
        branch(step.then, 'then', after);
        branch(step.else, 'else', after);
        break;
      case 'switch':
        for (const c of step.cases) branch(c.next, short(c.when.cel), undefined);
        branch(step.default, 'default', after);
        break;
      case 'parallel':
        this.parallel(step, after, cluster);
        break;
      case 'loop':
        this.loop(step, after, cluster);
        break;
      case 'wait':
        if (step.wait.mode === 'event' && step.onTimeout) {
          branch(undefined, 'event', after);
          branch(step.onTimeout, 'timeout', after);
        } else this.link(from, after);
        break;
      case 'approval': {
        branch(step.onApprove, 'approve', after);
        // Defaults: a rejection ends the run FAILED; a timeout does what a rejection does.
        const rejected = this.target(step.onReject, after, cluster) ?? { to: this.terminal('fail') };
        this.link(from, rejected, 'reject');
        this.link(from, this.target(step.onTimeout, after, cluster) ?? rejected, 'timeout');
        break;
      }
      case 'agent':
        this.link(from, after);
        if (step.onTimeout) branch(step.onTimeout, 'timeout', undefined);
        break;
      default:
        this.link(from, after);
    }
    if (step.catch) {
      const to = this.target(step.catch, after, cluster);
      if (to) this.link(from, to, 'error', true);
    }
  }

  parallel(step: Extract<Step, { kind: 'parallel' }>, after: Continuation, cluster?: string): void {
    const box = `${step.id}__parallel`;
    this.graph.clusters.push(
      compactCluster({ id: box, kind: 'parallel', label: `parallel ${step.id}`, parent: cluster }),
    );
    const join = `${step.id}__join`;
    const mode =
      step.join.mode === 'count' ? `${step.join.count} of ${step.branches.length}` : step.join.mode;
    for (const b of step.branches) {
      const inner = `${step.id}__${b.name}`;
      this.graph.clusters.push({ id: inner, kind: 'branch', label: b.name, parent: box });
      this.link(step.id, this.block(b.steps, { to: join }, inner), b.name);
    }
    this.node(compactNode({ id: join, kind: 'join', stepId: step.id, title: `join ${mode}`, cluster }));
    this.link(join, after);
  }

  loop(step: Extract<Step, { kind: 'loop' }>, after: Continuation, cluster?: string): void {
    const box = `${step.id}__loop`;
    this.graph.clusters.push(
      compactCluster({ id: box, kind: 'loop', label: `loop ${step.id}`, parent: cluster }),
    );
    const entry = this.block(step.steps, { to: step.id, label: 'next', dashed: true }, box);
    if (entry.to !== step.id) this.link(step.id, entry, step.forEach ? `each ${step.as}` : 'repeat');
    this.link(step.id, after, 'done');
  }
}

function compactCluster(c: GraphCluster): GraphCluster {
  if (c.parent === undefined) delete c.parent;
  return c;
}

function compactNode(n: GraphNode): GraphNode {
  if (n.cluster === undefined) delete n.cluster;
  return n;
}

/** The workflow graph of an automation: trigger -> steps -> end (and fail when a path fails). */
export function buildGraph(automation: AutomationIR): WorkflowGraph {
  const b = new GraphBuilder(automation);
  b.node({ id: START_ID, kind: 'trigger', title: automation.trigger.type });
  const end: Continuation = { to: 'end__' };
  const entry = b.block(automation.steps, end);
  if (entry.to === 'end__' || b.graph.edges.some((e) => e.to === 'end__')) b.terminal('end');
  b.link(START_ID, entry);
  for (const node of b.graph.nodes) compactNode(node);
  return b.graph;
}
