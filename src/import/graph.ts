/**
 * The platform's React-Flow graph as an adjacency structure: nodes, outgoing edges with their
 * handles, a topological order (or the nodes of a cycle), and where branches rejoin.
 */

export interface FlowNode {
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** Index in the input's `nodes` array (for diagnostic paths). */
  index: number;
}

export interface FlowEdge {
  source: string;
  target: string;
  handle?: string;
}

export class FlowGraph {
  readonly nodes = new Map<string, FlowNode>();
  readonly out = new Map<string, FlowEdge[]>();
  readonly order: string[] = [];
  readonly cycle: string[] = [];
  private readonly reachCache = new Map<string, Set<string>>();

  constructor(nodes: FlowNode[], edges: FlowEdge[]) {
    for (const n of nodes) {
      this.nodes.set(n.id, n);
      this.out.set(n.id, []);
    }
    for (const e of edges)
      if (this.nodes.has(e.source) && this.nodes.has(e.target)) this.out.get(e.source)?.push(e);
    this.sort();
  }

  /** Kahn's algorithm; nodes left over are on a cycle. */
  private sort(): void {
    const indegree = new Map([...this.nodes.keys()].map((id) => [id, 0]));
    for (const edges of this.out.values())
      for (const e of edges) indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    const queue = [...this.nodes.keys()].filter((id) => indegree.get(id) === 0);
    while (queue.length > 0) {
      const id = queue.shift() as string;
      this.order.push(id);
      for (const e of this.out.get(id) ?? []) {
        indegree.set(e.target, (indegree.get(e.target) ?? 0) - 1);
        if (indegree.get(e.target) === 0) queue.push(e.target);
      }
    }
    for (const id of this.nodes.keys()) if (!this.order.includes(id)) this.cycle.push(id);
  }

  /** Every node reachable from `id`, itself included. */
  reach(id: string): Set<string> {
    const cached = this.reachCache.get(id);
    if (cached) return cached;
    const seen = new Set<string>([id]);
    const stack = [id];
    while (stack.length > 0) {
      for (const e of this.out.get(stack.pop() as string) ?? []) {
        if (!seen.has(e.target)) {
          seen.add(e.target);
          stack.push(e.target);
        }
      }
    }
    this.reachCache.set(id, seen);
    return seen;
  }

  /** The first node (in topological order) every one of `starts` reaches: where branches rejoin. */
  mergePoint(starts: string[]): string | undefined {
    if (starts.length === 0) return undefined;
    const sets = starts.map((s) => this.reach(s));
    return this.order.find((id) => sets.every((set) => set.has(id)));
  }
}
