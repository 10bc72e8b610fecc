/**
 * The invariant: every action in the registry executes. The worker's assembled handler map
 * (what createAexyWorker dispatches to) must hold a handler for every registry action id; adding a
 * registry action without one fails here.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../../../src/registry/index.js';
import type { ActionHandlers } from '../../../src/runtime/activities/ports.js';
import { workerActionHandlers } from '../../../src/runtime/worker/create-worker.js';
import { openModuleWorkspace } from './support.js';

const workspace = openModuleWorkspace();
afterAll(() => workspace.close());

function missing(actionIds: Iterable<string>, handlers: ActionHandlers): string[] {
  return [...actionIds].filter((id) => typeof handlers[id] !== 'function');
}

describe('registry actions and worker handlers', () => {
  it('has a handler for every registry action id', async () => {
    const handlers = workerActionHandlers({ backend: workspace.backend });
    expect(registry.actions.size).toBeGreaterThan(60);
    expect(missing(registry.actions.keys(), handlers)).toEqual([]);
    // The check itself can fail: an action id nobody implements is reported.
    expect(missing([...registry.actions.keys(), 'teleport_record'], handlers)).toEqual(['teleport_record']);
  });

  it('runs a module action end to end through that map (not unknown_action)', async () => {
    const ticket = await workspace.seed('tickets', {
      number: 1,
      subject: 'x',
      status: 'new',
      priority: 'low',
      requesterEmail: 'a@b.co',
      tags: [],
    });
    const out = await workspace.run('change_priority', { ticket: ticket.id, priority: 'high' });
    expect(out.ticketId).toBe(ticket.id);
  });
});
