/**
 * The runtime's stores of a workspace (run log, record store, event outbox, run-limit counters).
 * One definition, in the backend contract; every backend provides them as `backend.runtime`.
 */
export type { RuntimeStores } from './backend.js';
