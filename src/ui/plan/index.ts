/** Plan renderers: terminal text, PR-comment Markdown (with Mermaid), and the apply summary. */
export { MARKDOWN_LIMIT, renderPlanMarkdown } from './markdown.js';
export { renderPlanMermaid } from './mermaid.js';
export { PLAIN, type PlanStyle } from './style.js';
export { renderPlanText, summaryLine } from './text.js';
