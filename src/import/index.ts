/** Import of the platform's native workflow JSON into aexy YAML (pure). */
export { type ImportedWorkflow, type ImportOptions, importPlatformWorkflow } from './convert.js';
