/**
 * Every workflow the aexy worker registers. Code under src/runtime/workflows runs inside Temporal's
 * deterministic sandbox: it imports only @temporalio/workflow, IR types and pure helpers.
 */
export { agentRun } from './agent-run.js';
export { approveUpdate, automationRun, deliverEventSignal, runStateQuery } from './automation-run.js';
export { scheduleFire } from './schedule-fire.js';
