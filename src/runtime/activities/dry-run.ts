/**
 * Dry runs: which handler a dry-run action step gets. A side-effecting action (registry
 * `sideEffect: true`) is recorded but not performed: it returns the step's mock (`aexy run --mocks`)
 * or the action's registry example output. Record actions keep their own handler, which reads but
 * never writes in a dry run (so ids and existence checks stay realistic), unless a mock is given.
 * Actions without side effects (lookups, classification helpers) run as usual.
 */
import { registry } from '../../registry/index.js';
import type { ActionRequest } from '../contract.js';
import type { ActionHandler } from './ports.js';

/** The handler a dry run uses for `request` (`real`: the installed handler, `simulates`: it honours dryRun). */
export function dryRunHandler(
  request: ActionRequest,
  real: ActionHandler | undefined,
  simulates: boolean,
): ActionHandler | undefined {
  if (request.mock) {
    const output = request.mock.output;
    return async () => output;
  }
  const def = registry.actions.get(request.action);
  if (def && !def.sideEffect) return real;
  if (simulates && real) return real;
  // Unknown actions too: a dry run must not guess whether an unregistered handler is harmless.
  const example = def?.exampleOutput ?? {};
  return async () => structuredClone(example);
}

/** Whether a dry run simulates `action` (it has side effects, or is unknown to the registry). */
export function isSimulated(action: string): boolean {
  return registry.actions.get(action)?.sideEffect !== false;
}
