// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * Error policies on a real dev server: retry with backoff for the named error classes only, stop,
 * continue, catch paths (block and jump), per-step timeouts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorClass, RetryPolicy, Step } from '../../../src/ir/types.js';
import { automation, type Harness, runInput, saveHistory, startHarness } from './harness.js';

const flaky = (id: string, failTimes: number, errorType: string, extra: Partial<Step> = {}): Step =>
  ({ id, kind: 'action', action: 'test_flaky', with: { failTimes, errorType }, ...extra }) as Step;
const echo = (id: string, msg: unknown): Step => ({ id, kind: 'action', action: 'test_echo', with: { msg } });
const retry = (maxAttempts: number, on: ErrorClass[] = ['server_error', 'timeout']): RetryPolicy => ({
  maxAttempts,
  initialIntervalMs: 100,
  backoff: 2,
  maxIntervalMs: 1000,
  on,
});

describe('interpreter: error policies', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('retries a retryable error class with backoff until it succeeds', async () => {
    const ir = automation('retry-ok', [
      flaky('call', 2, 'server_error', { onError: 'retry', retry: retry(4) }),
      echo('after', 1),
    ]);
    const input = runInput(ir);
    const started = Date.now();
    const handle = await h.start(input);
    const result = await handle.result();
    expect(result.status).toBe('COMPLETED');
    // Two waits: 100 ms then 200 ms (backoff 2).
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(h.calls.get('call')).toBe(3);
    const step = (await h.stores.runs.steps(input.runId)).find((s) => s.stepKey === 'call');
    expect(step).toMatchObject({ status: 'SUCCESS', attempt: 3, output: { succeededOnCall: 3 } });
    await saveHistory('retry', handle);
  });

  it('fails after maxAttempts and stops the run', async () => {
    const ir = automation('retry-exhausted', [
      flaky('call_x', 10, 'rate_limit', { onError: 'retry', retry: retry(3, ['rate_limit']) }),
      echo('never', 1),
    ]);
    const input = runInput(ir);
    const result = await (await h.start(input)).result();
    expect(result).toMatchObject({
      status: 'FAILED',
      reason: 'failed_step',
      error: { type: 'rate_limit', stepId: 'call_x' },
    });
    expect(h.calls.get('call_x')).toBe(3);
    const steps = await h.stores.runs.steps(input.runId);
    expect(steps.map((s) => [s.stepKey, s.status, s.attempt])).toEqual([['call_x', 'FAILED', 3]]);
  });

  it('does not retry error classes the policy does not name, nor other error types', async () => {
    const ir = automation('no-retry', [
      flaky('unnamed', 10, 'server_error', { onError: 'retry', retry: retry(5, ['rate_limit']) }),
    ]);
    const other = automation('no-retry-other', [
      flaky('invalid', 10, 'validation_error', { onError: 'retry', retry: retry(5) }),
    ]);
    const [a, b] = await Promise.all([h.start(runInput(ir)), h.start(runInput(other))]);
    expect((await a.result()).error).toMatchObject({ type: 'server_error', retryable: false });
    expect((await b.result()).error).toMatchObject({ type: 'validation_error' });
    expect(h.calls.get('unnamed')).toBe(1);
    expect(h.calls.get('invalid')).toBe(1);
  });

  it('continues after a failed step with onError continue (automation-wide or per step)', async () => {
    const ir = automation(
      'continue',
      [flaky('bad', 10, 'server_error'), echo('good', '${{ steps.bad.status }}')],
      { onError: 'continue' },
    );
    const input = runInput(ir);
    const handle = await h.start(input);
    expect((await handle.result()).status).toBe('COMPLETED');
    const steps = await h.stores.runs.steps(input.runId);
    expect(steps.map((s) => [s.stepKey, s.status])).toEqual([
      ['bad', 'FAILED'],
      ['good', 'SUCCESS'],
    ]);
    expect(steps[1].output).toMatchObject({ echo: { msg: 'FAILED' } });
    await saveHistory('continue', handle);
  });

  it('runs a catch block with the error visible, then continues after the failed step', async () => {
    const ir = automation('catch-block', [
      flaky('risky', 10, 'connection_error', {
        catch: { kind: 'block', steps: [echo('handler', '${{ steps.risky.error.type }}')] },
      }),
      echo('after', 'rejoined'),
    ]);
    const input = runInput(ir);
    const handle = await h.start(input);
    expect((await handle.result()).status).toBe('COMPLETED');
    const steps = await h.stores.runs.steps(input.runId);
    expect(steps.map((s) => [s.stepKey, s.status])).toEqual([
      ['risky', 'FAILED'],
      ['handler', 'SUCCESS'],
      ['after', 'SUCCESS'],
    ]);
    expect(steps[1].output).toMatchObject({ echo: { msg: 'connection_error' } });
    await saveHistory('catch', handle);
  });

  it('jumps to a catch step id after retries are exhausted', async () => {
    const ir = automation('catch-jump', [
      flaky('risky_jump', 10, 'server_error', {
        onError: 'retry',
        retry: retry(2),
        catch: { kind: 'jump', to: 'recover' },
      }),
      echo('skipped', 1),
      echo('recover', 2),
    ]);
    const input = runInput(ir);
    expect((await (await h.start(input)).result()).status).toBe('COMPLETED');
    expect((await h.stores.runs.steps(input.runId)).map((s) => s.stepKey)).toEqual(['risky_jump', 'recover']);
    expect(h.calls.get('risky_jump')).toBe(2);
  });

  it('fails a step that exceeds its timeout with type timeout, retried when the policy names it', async () => {
    const slow = (id: string, extra: Partial<Step>): Step =>
      ({ id, kind: 'action', action: 'test_slow', with: { ms: 3000 }, timeoutMs: 300, ...extra }) as Step;
    const once = automation('timeout-once', [slow('slow_a', {})]);
    const twice = automation('timeout-retry', [
      slow('slow_b', { onError: 'retry', retry: retry(2, ['timeout']) }),
    ]);
    const [a, b] = await Promise.all([h.start(runInput(once)), h.start(runInput(twice))]);
    expect((await a.result()).error).toMatchObject({ type: 'timeout', stepId: 'slow_a' });
    expect((await b.result()).error).toMatchObject({ type: 'timeout', stepId: 'slow_b' });
    expect(h.calls.get('slow_a')).toBe(1);
    expect(h.calls.get('slow_b')).toBe(2);
  });
});
