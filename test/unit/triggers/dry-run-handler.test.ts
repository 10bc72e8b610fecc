import { describe, expect, it } from 'vitest';
import { registry } from '../../../src/registry/index.js';
import { dryRunHandler, isSimulated } from '../../../src/runtime/activities/dry-run.js';
import type { ActionContext, ActionHandler } from '../../../src/runtime/activities/ports.js';
import type { ActionRequest } from '../../../src/runtime/contract.js';

const request = (action: string, over: Partial<ActionRequest> = {}): ActionRequest => ({
  runId: 'run_1',
  stepId: 's',
  iterationKey: '',
  action,
  input: {},
  idempotencyKey: 'run_1:s',
  dryRun: true,
  retryOn: [],
  maxAttempts: 1,
  timeoutMs: 1000,
  workspace: 'w',
  automation: 'a',
  causation: [],
  ...over,
});

let calls = 0;
const real: ActionHandler = async () => {
  calls++;
  return { real: true };
};
const ctx = {} as ActionContext;

describe('dry-run handler choice', () => {
  it('a side-effecting action returns its registry example and never calls the real handler', async () => {
    calls = 0;
    const handler = dryRunHandler(request('send_email'), real, false);
    const output = await handler?.({}, ctx);
    expect(output).toEqual(registry.actions.get('send_email')?.exampleOutput);
    expect(output).not.toBe(registry.actions.get('send_email')?.exampleOutput);
    expect(calls).toBe(0);
    expect(isSimulated('send_email')).toBe(true);
  });

  it('a mock wins over everything, also for record actions', async () => {
    calls = 0;
    const mock = { output: { id: 'mocked' } };
    expect(await dryRunHandler(request('send_email', { mock }), real, false)?.({}, ctx)).toEqual({
      id: 'mocked',
    });
    expect(await dryRunHandler(request('update_record', { mock }), real, true)?.({}, ctx)).toEqual({
      id: 'mocked',
    });
    expect(calls).toBe(0);
  });

  it('record actions simulate themselves; reads run; unknown actions are simulated', async () => {
    expect(dryRunHandler(request('update_record'), real, true)).toBe(real);
    const read = [...registry.actions.values()].find((a) => !a.sideEffect);
    expect(read).toBeDefined();
    expect(dryRunHandler(request(read!.id), real, false)).toBe(real);
    calls = 0;
    expect(await dryRunHandler(request('custom_unknown'), real, false)?.({}, ctx)).toEqual({});
    expect(calls).toBe(0);
    expect(isSimulated('custom_unknown')).toBe(true);
  });
});
