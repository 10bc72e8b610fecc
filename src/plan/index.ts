/** Plan: the pure diff of desired resources against workspace state, and the plan data format. */
export { canonicalJson, contentHash, semanticContent } from './canonical.js';
export { diff } from './diff.js';
export { diffFields } from './field-diff.js';
export { diffSteps } from './step-diff.js';
export * from './types.js';
