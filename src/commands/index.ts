/**
 * Every top-level command, in the order `aexy --help` lists them. Each module only imports
 * commander and light helpers at top level; heavy dependencies are imported inside actions.
 */
import type { Command } from 'commander';
import type { Invocation } from './define.js';
import { registerRegistry } from './registry.js';
import { registerSchema } from './schema.js';
import { registerTemporal } from './temporal.js';
import { registerValidate } from './validate.js';

export type RegisterCommand = (program: Command, invocation: Invocation) => void;

export const allCommands: RegisterCommand[] = [
  // language (validate, schema, registry, graph)
  registerValidate,
  registerSchema,
  registerRegistry,
  // workspace (plan, apply, export, import, workspace)
  // runtime (dev, worker, events, records, run, runs, approve, reject)
  registerTemporal,
];
