/**
 * The agent policy engine (pure: no I/O, no clock). Compile a workspace's policies into an index,
 * decide each call an agent wants to make, reserve counters through a PolicyCounterStore, record
 * decisions through a DecisionLog. Semantics: docs/policies.md.
 */
export {
  type CapabilityChange,
  type CapabilityFlag,
  type CapabilityOptions,
  capabilityDiff,
  type FieldChange,
} from './capability-diff.js';
export { type CompiledPolicy, candidatesFor, compilePolicies, type PolicyIndex } from './compile-index.js';
export {
  type CounterRequest,
  counterRequests,
  counterView,
  EMPTY_COUNTERS,
  type PolicyCounterStore,
} from './counters.js';
export { afterReservation, decide, decideAmong, failClosed } from './decide.js';
export {
  type DecisionFilter,
  type DecisionLog,
  type DecisionRecord,
  decisionRecord,
  redactArgs,
} from './decisions-log.js';
export {
  type EnforceContext,
  enforceCall,
  releaseReservations,
  reserveApproved,
  settleTokens,
} from './enforce.js';
export { counterKey, fits } from './evaluate-policy.js';
export {
  CONTAINER_KEYS,
  covers,
  ENVELOPE_KEYS,
  filterRead,
  filterToolResult,
  touchedFields,
  uncoveredFields,
} from './fields.js';
export {
  DEFAULT_TEST_NOW,
  type PolicyTestCase,
  type PolicyTestProblem,
  type PolicyTestResult,
  parseTestCases,
  runTestCase,
} from './test-cases.js';
export * from './types.js';
export { startOfLocalDay, windowFor } from './windows.js';
