/** Graphviz DOT of a workflow graph: the same nodes, edges and clusters as the Mermaid form. */
import type { GraphCluster, GraphNode, NodeKind, WorkflowGraph } from './model.js';
import { type RenderOptions, STYLE_COLORS } from './styles.js';

const SHAPES: Record<NodeKind, string> = {
  trigger: 'shape=oval, style="rounded"',
  action: 'shape=box',
  set: 'shape=note',
  if: 'shape=diamond',
  switch: 'shape=diamond',
  parallel: 'shape=hexagon',
  join: 'shape=hexagon',
  loop: 'shape=box3d',
  wait: 'shape=cds',
  approval: 'shape=trapezium',
  agent: 'shape=cylinder',
  end: 'shape=doublecircle',
  fail: 'shape=doublecircle, color="#dc2626"',
};

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function nodeLine(n: GraphNode, options: RenderOptions): string {
  const text = n.detail
    ? `${n.title}\\n${n.detail.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}`
    : n.title.replace(/"/g, '\\"');
  let attrs = `label="${text}", ${SHAPES[n.kind]}`;
  const style = n.stepId !== undefined ? options.styles?.get(n.stepId) : undefined;
  if (style)
    attrs += `, style="filled", fillcolor="${STYLE_COLORS[style].fill}", color="${STYLE_COLORS[style].stroke}"`;
  return `${quote(n.id)} [${attrs}];`;
}

function renderCluster(
  graph: WorkflowGraph,
  cluster: GraphCluster | undefined,
  indent: string,
  out: string[],
  options: RenderOptions,
): void {
  const id = cluster?.id;
  for (const n of graph.nodes.filter((x) => x.cluster === id)) out.push(`${indent}${nodeLine(n, options)}`);
  for (const child of graph.clusters.filter((c) => c.parent === id)) {
    out.push(
      `${indent}subgraph ${quote(`cluster_${child.id}`)} {`,
      `${indent}  label=${quote(child.label)};`,
    );
    if (child.kind === 'loop') out.push(`${indent}  style="dashed";`);
    renderCluster(graph, child, `${indent}  `, out, options);
    out.push(`${indent}}`);
  }
}

/** The graph as a DOT `digraph`. */
export function renderDot(graph: WorkflowGraph, options: RenderOptions = {}): string {
  const out = [
    `digraph ${quote(graph.automation)} {`,
    '  rankdir=TB;',
    '  node [fontname="Helvetica"];',
    '  edge [fontname="Helvetica"];',
  ];
  renderCluster(graph, undefined, '  ', out, options);
  for (const e of graph.edges) {
    const attrs = [e.label ? `label=${quote(e.label)}` : '', e.dashed ? 'style="dashed"' : '']
      .filter(Boolean)
      .join(', ');
    out.push(`  ${quote(e.from)} -> ${quote(e.to)}${attrs ? ` [${attrs}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
