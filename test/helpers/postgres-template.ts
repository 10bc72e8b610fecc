/**
 * The per-machine initdb template of throw-away PostgreSQL clusters. The logic lives in
 * scripts/lib/postgres-template.mjs, shared with the benchmarks (plain node, no TypeScript).
 */
export { asPostgres, freshDataDir, runProgram } from '../../scripts/lib/postgres-template.mjs';
