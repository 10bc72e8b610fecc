/** The loader: YAML files -> LoadedDocuments with source positions (see types.ts for the contract). */
export { loaderRules } from './codes.js';
export { DEFAULT_MAX_BYTES, tooLargeDiagnostic } from './decode.js';
export { formatPath } from './locate.js';
export { type LoadLimits, parseYamlDocuments } from './parse-yaml.js';
export type { DocPath, LoadedDocument } from './types.js';
