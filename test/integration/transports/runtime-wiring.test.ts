// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * The transport handlers inside the real runtime (interpreter workflow on the dev server, real
 * activities, SQLite ports): a webhook_call retried by the step's policy keeps its Idempotency-Key,
 * honours the peer's Retry-After, signs with a secret resolved only in the activity, and the secret
 * appears nowhere in the run log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Step } from '../../../src/ir/types.js';
import { createTransportHandlers } from '../../../src/runtime/actions/index.js';
import { verifyWebhook } from '../../../src/runtime/ingress/signature.js';
import { parseAllowList } from '../../../src/runtime/transports/ssrf.js';
import { type HttpPeer, startHttpPeer } from '../../helpers/http-peer.js';
import { automation, type Harness, runInput, startHarness } from '../runtime/harness.js';

const HOOK_SECRET = 'whsec-wiring-5f2a';

describe('transport handlers in the runtime', () => {
  let h: Harness;
  let peer: HttpPeer;
  beforeAll(async () => {
    peer = await startHttpPeer();
    const handlers = createTransportHandlers({ http: { allow: parseAllowList(['127.0.0.1']).allow } });
    h = await startHarness({
      handlers,
      secret: (name) => (name === 'HOOK_SECRET' ? HOOK_SECRET : undefined),
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('retries 503 and 429 (after Retry-After) with the same Idempotency-Key, then completes', async () => {
    const answers = [
      { status: 503, body: { error: 'down' } },
      { status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } },
      { status: 200, body: { received: true } },
    ];
    const times: number[] = [];
    peer.respond((_req, i) => {
      times.push(Date.now());
      return answers[i] ?? { status: 500 };
    });
    const step = {
      id: 'notify',
      kind: 'action',
      action: 'webhook_call',
      with: {
        url: `${peer.url}/hooks/won`,
        body: { deal: '${{ record.id }}' },
        secret: '${{ secrets.HOOK_SECRET }}',
      },
      onError: 'retry',
      retry: {
        maxAttempts: 3,
        initialIntervalMs: 50,
        backoff: 1,
        maxIntervalMs: 50,
        on: ['server_error', 'rate_limit'],
      },
    } as unknown as Step;
    const input = runInput(automation('webhook-wiring', [step]));
    const result = await (await h.start(input)).result();
    expect(result.status).toBe('COMPLETED');

    expect(peer.requests).toHaveLength(3);
    // The retry after the 429 waited for Retry-After (2 s), not the policy's 50 ms.
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1950);
    expect(times[1]! - times[0]!).toBeLessThan(1900);
    const keys = peer.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual([`${input.runId}:notify`, `${input.runId}:notify`, `${input.runId}:notify`]);
    for (const request of peer.requests) {
      expect(request.json).toEqual({ deal: 'rec_missing' });
      const verdict = verifyWebhook({
        secret: HOOK_SECRET,
        timestamp: request.headers['x-aexy-timestamp'] as string,
        signature: request.headers['x-aexy-signature'] as string,
        rawBody: request.body,
        now: Date.now(),
      });
      expect(verdict.ok).toBe(true);
    }

    const rows = await h.stores.runs.steps(input.runId);
    expect(rows.find((s) => s.stepKey === 'notify')).toMatchObject({
      status: 'SUCCESS',
      attempt: 3,
      output: { status: 200, body: { received: true } },
    });
    expect(JSON.stringify(rows)).not.toContain(HOOK_SECRET);
  });

  it('does not retry a refused (SSRF) address and fails the run with ssrf_blocked', async () => {
    const step = {
      id: 'meta',
      kind: 'action',
      action: 'api_request',
      with: { url: 'http://169.254.169.254/latest/meta-data/' },
      onError: 'retry',
      retry: {
        maxAttempts: 3,
        initialIntervalMs: 50,
        backoff: 1,
        maxIntervalMs: 50,
        on: ['connection_error'],
      },
    } as unknown as Step;
    const result = await (await h.start(runInput(automation('ssrf-wiring', [step])))).result();
    expect(result).toMatchObject({
      status: 'FAILED',
      error: { type: 'ssrf_blocked', stepId: 'meta', retryable: false },
    });
  });
});
