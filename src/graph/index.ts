/** Workflow graphs: the model built from the IR, and its Mermaid and DOT renderings. Pure. */
export { renderDot } from './dot.js';
export { renderMermaid } from './mermaid.js';
export {
  buildGraph,
  describeStep,
  type GraphCluster,
  type GraphEdge,
  type GraphNode,
  type NodeKind,
  type WorkflowGraph,
} from './model.js';
export { type RenderOptions, STYLE_COLORS, type StepStyle } from './styles.js';
