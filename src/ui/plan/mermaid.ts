/**
 * A Mermaid flowchart of a changed automation for PR comments, drawn by the graph renderer
 * (src/graph): the new workflow with added, changed and moved steps styled, plus the steps and
 * transitions the change removes (red, dashed), which the new workflow no longer contains.
 */
import { buildGraph, renderMermaid, type StepStyle, type WorkflowGraph } from '../../graph/index.js';
import type { AutomationIR } from '../../ir/types.js';
import type { StepDiff } from '../../plan/types.js';

/** The flowchart source (without the ``` fence). */
export function renderPlanMermaid(after: AutomationIR, diff: StepDiff | undefined): string {
  const graph = buildGraph(after);
  const styles = new Map<string, StepStyle>();
  for (const s of diff?.steps ?? []) {
    if (s.change === 'removed') styles.set(s.id, 'removed');
    else if (!styles.has(s.id) || s.change !== 'moved')
      styles.set(s.id, s.change === 'added' ? 'added' : 'changed');
  }
  addRemoved(graph, diff);
  return renderMermaid(graph, { styles }).trimEnd();
}

/** Puts removed steps and removed transitions back into the drawing, so reviewers see what goes. */
function addRemoved(graph: WorkflowGraph, diff: StepDiff | undefined): void {
  for (const s of diff?.steps ?? []) {
    if (s.change === 'removed')
      graph.nodes.push({ id: s.id, kind: s.kind, stepId: s.id, title: s.id, detail: 'removed' });
  }
  const ids = new Set(graph.nodes.map((n) => n.id));
  for (const t of diff?.transitions ?? []) {
    if (t.change !== 'removed') continue;
    const to = t.to === 'end' ? 'end__' : t.to === 'fail' ? 'fail__' : t.to.replace(/^loop:/, '');
    if (ids.has(t.from) && ids.has(to))
      graph.edges.push({ from: t.from, to, label: `${t.label} (removed)`, dashed: true });
  }
}
