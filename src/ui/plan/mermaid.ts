/**
 * A Mermaid flowchart of a changed automation for PR comments: the new workflow, plus the steps and
 * transitions the change removes (dashed), with added, removed and changed steps styled distinctly.
 */
import type { AutomationIR, Step } from '../../ir/types.js';
import { placeSteps, stepEdges } from '../../plan/step-graph.js';
import type { StepChangeKind, StepDiff } from '../../plan/types.js';

const CLASSES = [
  'classDef added fill:#dafbe1,stroke:#1a7f37,color:#1a7f37',
  'classDef removed fill:#ffebe9,stroke:#cf222e,color:#cf222e,stroke-dasharray:4 3',
  'classDef changed fill:#fff8c5,stroke:#9a6700,color:#9a6700',
  'classDef terminal fill:#f6f8fa,stroke:#8c959f',
];

/** The flowchart source (without the ``` fence). */
export function renderPlanMermaid(after: AutomationIR, diff: StepDiff | undefined): string {
  const status = stepStatus(diff);
  const lines = ['flowchart TD', '  start((trigger))'];
  const placed = placeSteps(after.steps);
  for (const { step } of placed.values()) lines.push(`  ${nodeId(step.id)}["${label(step)}"]`);
  for (const s of diff?.steps ?? [])
    if (s.change === 'removed') lines.push(`  ${nodeId(s.id)}["${escapeLabel(`${s.id} · ${s.kind}`)}"]`);
  const first = after.steps[0]?.id ?? 'end';
  const edges: string[] = [`  start --> ${target(first)}`];
  const styles: string[] = [];
  const added = new Set((diff?.transitions ?? []).filter((t) => t.change === 'added').map(edgeKey));
  for (const e of stepEdges(after.steps)) {
    if (added.has(edgeKey(e))) styles.push(`  linkStyle ${edges.length} stroke:#1a7f37,stroke-width:2px`);
    edges.push(`  ${nodeId(e.from)} -->|${escapeLabel(e.label)}| ${target(e.to)}`);
  }
  for (const t of diff?.transitions ?? []) {
    if (t.change !== 'removed') continue;
    styles.push(`  linkStyle ${edges.length} stroke:#cf222e,stroke-dasharray:4 3`);
    edges.push(`  ${nodeId(t.from)} -.->|${escapeLabel(t.label)}| ${target(t.to)}`);
  }
  lines.push(...edges, ...styles, ...CLASSES.map((c) => `  ${c}`));
  for (const [id, kind] of status) lines.push(`  class ${nodeId(id)} ${kind === 'moved' ? 'changed' : kind}`);
  lines.push('  class start terminal');
  return lines.join('\n');
}

function stepStatus(diff: StepDiff | undefined): Map<string, StepChangeKind> {
  const out = new Map<string, StepChangeKind>();
  for (const s of diff?.steps ?? []) if (!out.has(s.id) || s.change !== 'moved') out.set(s.id, s.change);
  return out;
}

function label(step: Step): string {
  const what =
    step.kind === 'action' ? step.action : step.kind === 'agent' ? `agent ${step.agent}` : step.kind;
  return escapeLabel(`${step.id} · ${what}`);
}

function target(to: string): string {
  if (to === 'end' || to === 'fail') return `${to}_node((${to}))`;
  if (to.startsWith('loop:')) return nodeId(to.slice(5));
  return nodeId(to);
}

function nodeId(id: string): string {
  return `s_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

function edgeKey(e: { from: string; to: string; label: string }): string {
  return `${e.from}\u0000${e.label}\u0000${e.to}`;
}

function escapeLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/\|/g, '#124;');
}
