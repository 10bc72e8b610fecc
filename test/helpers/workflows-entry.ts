// The one workflow bundle of a test run: every product workflow plus the test-only smoke workflow.
export * from '../../src/runtime/workflows/index.js';
export * from './smoke-workflow.js';
