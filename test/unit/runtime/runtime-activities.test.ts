// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * The runtime activities in Temporal's activity test environment over the in-memory ports: run log
 * rows per attempt, retry decisions from the step policy, idempotent replays, secrets, timeouts,
 * and the record actions' idempotency and dry runs.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { ActionError, classifyError } from '../../../src/runtime/activities/errors.js';
import {
  MemoryIdempotencyStore,
  MemoryRecordStore,
  MemoryRunLog,
} from '../../../src/runtime/activities/memory-ports.js';
import type { ActionHandlers } from '../../../src/runtime/activities/ports.js';
import { createRuntimeActivities } from '../../../src/runtime/activities/runtime-activities.js';
import { redact, resolveSecrets } from '../../../src/runtime/activities/secrets.js';
import type { ActionRequest, ActionResult } from '../../../src/runtime/contract.js';

function setup(handlers: ActionHandlers = {}) {
  const runLog = new MemoryRunLog();
  const records = new MemoryRecordStore();
  const idempotency = new MemoryIdempotencyStore();
  const activities = createRuntimeActivities({
    runLog,
    records,
    idempotency,
    handlers,
    secret: (n) => (n === 'KEY' ? 'k-123' : undefined),
  });
  return { runLog, records, idempotency, activities };
}

function request(
  action: string,
  input: Record<string, unknown>,
  over: Partial<ActionRequest> = {},
): ActionRequest {
  return {
    runId: 'r1',
    stepId: 'step',
    iterationKey: '',
    action,
    input,
    idempotencyKey: 'r1:step',
    dryRun: false,
    retryOn: ['server_error'],
    maxAttempts: 3,
    timeoutMs: 2000,
    workspace: 'w',
    automation: 'a',
    causation: ['r1'],
    ...over,
  };
}

const env = (attempt = 1) => new MockActivityEnvironment({ attempt, heartbeatTimeoutMs: 3000 });

describe('runtime activities', () => {
  it('writes RUNNING then SUCCESS and returns the output', async () => {
    const { runLog, activities } = setup({ hello: async (input) => ({ hi: input.name }) });
    const result = await env().run(activities.runAction, request('hello', { name: 'Ada' }));
    expect(result).toEqual({ output: { hi: 'Ada' }, attempt: 1, replayed: false });
    expect(runLog.entries.map((e) => (e.kind === 'step' ? e.status : e.kind))).toEqual([
      'RUNNING',
      'SUCCESS',
    ]);
  });

  it('marks a retryable class RETRYING while attempts remain, FAILED on the last attempt', async () => {
    const { runLog, activities } = setup({
      flaky: async () => Promise.reject(new ActionError('server_error', 'boom')),
    });
    const first = await env(1)
      .run(activities.runAction, request('flaky', {}))
      .catch((e) => e);
    expect(first).toBeInstanceOf(ApplicationFailure);
    expect(first).toMatchObject({ type: 'server_error', nonRetryable: false });
    const last = await env(3)
      .run(activities.runAction, request('flaky', {}))
      .catch((e) => e);
    expect(last).toMatchObject({ type: 'server_error', nonRetryable: true });
    expect(runLog.stepsOf('r1')[0]).toMatchObject({ status: 'FAILED', attempt: 3 });
    const statuses = runLog.entries.map((e) => (e.kind === 'step' ? e.status : ''));
    expect(statuses).toEqual(['RUNNING', 'RETRYING', 'RETRYING', 'FAILED']);
  });

  it('never retries classes the policy does not name', async () => {
    const { activities } = setup({
      limited: async () => Promise.reject(new ActionError('rate_limit', 'slow down')),
    });
    const error = await env()
      .run(activities.runAction, request('limited', {}))
      .catch((e) => e);
    expect(error).toMatchObject({ type: 'rate_limit', nonRetryable: true });
  });

  it('returns the stored result for a repeated idempotency key without running the handler', async () => {
    let calls = 0;
    const { activities } = setup({ count: async () => ({ n: ++calls }) });
    await env().run(activities.runAction, request('count', {}));
    const again = await env(2).run(activities.runAction, request('count', {}));
    expect(again).toMatchObject({ output: { n: 1 }, replayed: true });
    expect(calls).toBe(1);
  });

  it('resolves secrets for the handler only and redacts them from output and log', async () => {
    const { runLog, activities } = setup({ echo: async (input) => ({ seen: input.auth }) });
    const result = (await env().run(
      activities.runAction,
      request('echo', { auth: 'Bearer ${{ secrets.KEY }}' }),
    )) as ActionResult;
    expect(result.output).toEqual({ seen: 'Bearer ***' });
    expect(JSON.stringify(runLog.entries)).not.toContain('k-123');
    expect(runLog.entries[0]).toMatchObject({ input: { auth: 'Bearer ${{ secrets.KEY }}' } });
  });

  it('enforces the step timeout as error type timeout', async () => {
    const { activities } = setup({ hang: () => new Promise(() => {}) });
    const error = await env()
      .run(activities.runAction, request('hang', {}, { timeoutMs: 100, retryOn: [] }))
      .catch((e) => e);
    expect(error).toMatchObject({ type: 'timeout', nonRetryable: true });
  });

  it('fails unknown actions and agents with their own types', async () => {
    const { activities } = setup();
    await expect(env().run(activities.runAction, request('nope', {}))).rejects.toMatchObject({
      type: 'unknown_action',
    });
    const agent = { ...request('x', {}), agent: 'scorer' };
    await expect(env().run(activities.runAgent, agent)).rejects.toMatchObject({
      type: 'agent_unavailable',
      nonRetryable: true,
    });
  });

  it('applies record mutations once per idempotency key and writes nothing in dry runs', async () => {
    const { records, activities } = setup();
    const make = request(
      'create_record',
      { object: 'deals', values: { name: 'A' } },
      { idempotencyKey: 'r1:make' },
    );
    const a = (await env().run(activities.runAction, make)) as ActionResult;
    const fresh = setup();
    fresh.records.records.set('x', { id: 'x', object: 'deals', values: {} });
    const dry = (await env().run(fresh.activities.runAction, { ...make, dryRun: true })) as ActionResult;
    expect(dry.output).toMatchObject({ object: 'deals', values: { name: 'A' } });
    expect(fresh.records.records.size).toBe(1);
    // Same key through the record store itself (no idempotency store): still one record.
    await records.create(
      'deals',
      { name: 'A' },
      { idempotencyKey: 'r1:make', workspace: 'w', runId: 'r1', automation: 'a', causation: [] },
    );
    expect(records.records.size).toBe(1);
    expect(a.output).toMatchObject({ object: 'deals' });
    const missing = request(
      'update_record',
      { record: 'ghost', values: { a: 1 } },
      { idempotencyKey: 'r1:upd' },
    );
    await expect(env().run(activities.runAction, missing)).rejects.toMatchObject({ type: 'not_found' });
  });
});

describe('secrets and error classes', () => {
  it('resolves, reports missing secrets, and redacts', () => {
    const used = new Set<string>();
    expect(resolveSecrets({ a: ['x ${{ secrets.KEY }}'] }, () => 'v', used)).toEqual({ a: ['x v'] });
    expect(() => resolveSecrets('${{ secrets.NONE }}', () => undefined, used)).toThrow(/AEXY_SECRET_NONE/);
    expect(redact({ m: 'token v!' }, new Set(['v']))).toEqual({ m: 'token ***!' });
  });

  it('classifies network errors and HTTP statuses', () => {
    expect(classifyError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })).type).toBe(
      'connection_error',
    );
    expect(classifyError(Object.assign(new Error('x'), { status: 429 })).type).toBe('rate_limit');
    expect(classifyError(Object.assign(new Error('x'), { status: 503 })).type).toBe('server_error');
    expect(classifyError(new Error('plain'))).toMatchObject({ type: 'error', retryable: false });
  });
});
