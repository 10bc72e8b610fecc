/**
 * Mermaid flowchart of a workflow graph. Shapes tell step kinds apart: trigger stadium, action
 * rectangle, if/switch rhombus, parallel and join hexagon, loop subroutine, wait flag, approval
 * trapezoid, agent cylinder, end/fail circles; parallel blocks and loops are subgraphs.
 */
import type { GraphCluster, GraphNode, NodeKind, WorkflowGraph } from './model.js';
import { type RenderOptions, STYLE_COLORS, type StepStyle } from './styles.js';

const SHAPES: Record<NodeKind, [string, string]> = {
  trigger: ['([', '])'],
  action: ['[', ']'],
  set: ['[', ']'],
  if: ['{', '}'],
  switch: ['{', '}'],
  parallel: ['{{', '}}'],
  join: ['{{', '}}'],
  loop: ['[[', ']]'],
  wait: ['>', ']'],
  approval: ['[/', '\\]'],
  agent: ['[(', ')]'],
  end: ['((', '))'],
  fail: ['((', '))'],
};

/** Mermaid label text: quotes and markup characters as entities, lines joined with <br/>. */
function label(...lines: Array<string | undefined>): string {
  const text = lines
    .filter((l): l is string => !!l)
    .map((l) => l.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;'))
    .join('<br/>');
  return `"${text}"`;
}

function nodeLine(n: GraphNode): string {
  const [open, close] = SHAPES[n.kind];
  return `${n.id}${open}${label(n.title, n.detail)}${close}`;
}

function renderCluster(
  graph: WorkflowGraph,
  cluster: GraphCluster | undefined,
  indent: string,
  out: string[],
): void {
  const id = cluster?.id;
  for (const n of graph.nodes.filter((x) => x.cluster === id)) out.push(`${indent}${nodeLine(n)}`);
  for (const child of graph.clusters.filter((c) => c.parent === id)) {
    out.push(`${indent}subgraph ${child.id}[${label(child.label)}]`);
    renderCluster(graph, child, `${indent}  `, out);
    out.push(`${indent}end`);
  }
}

function styleLines(graph: WorkflowGraph, styles: ReadonlyMap<string, StepStyle> | undefined): string[] {
  const out: string[] = [];
  const terminals = graph.nodes.filter((n) => n.kind === 'end' || n.kind === 'fail').map((n) => n.id);
  if (terminals.length > 0)
    out.push('  classDef terminal fill:#f3f4f6,stroke:#6b7280', `  class ${terminals.join(',')} terminal`);
  if (!styles || styles.size === 0) return out;
  for (const style of ['added', 'removed', 'changed'] as StepStyle[]) {
    const ids = graph.nodes
      .filter((n) => n.stepId !== undefined && styles.get(n.stepId) === style)
      .map((n) => n.id);
    if (ids.length === 0) continue;
    const { fill, stroke } = STYLE_COLORS[style];
    out.push(`  classDef ${style} fill:${fill},stroke:${stroke}`, `  class ${ids.join(',')} ${style}`);
  }
  return out;
}

/** The graph as a Mermaid `flowchart TD`. */
export function renderMermaid(graph: WorkflowGraph, options: RenderOptions = {}): string {
  const out = ['flowchart TD'];
  renderCluster(graph, undefined, '  ', out);
  for (const e of graph.edges) {
    const arrow = e.dashed ? '-.->' : '-->';
    out.push(`  ${e.from} ${arrow}${e.label ? `|${label(e.label)}|` : ''} ${e.to}`);
  }
  out.push(...styleLines(graph, options.styles));
  return `${out.join('\n')}\n`;
}
