/** Diagnostic renderers: one report (the JSON form), four outputs. */

export { renderGithub } from './render-github.js';
export { renderSarif, type SarifTool } from './render-sarif.js';
export { renderText, type SourceLookup, type TextOptions } from './render-text.js';
export {
  buildReport,
  type DiagnosticReport,
  type DiagnosticSummary,
  renderJson,
  summaryLine,
} from './report.js';
