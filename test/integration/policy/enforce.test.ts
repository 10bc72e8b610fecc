import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compilePolicies,
  type EnforceContext,
  enforceCall,
  MODEL_TOOL,
  type PolicyCall,
  reserveApproved,
  settleTokens,
} from '../../../src/policy/index.js';
import { SqliteDecisionLog } from '../../../src/workspace/sqlite/decision-log.js';
import { openDatabase } from '../../../src/workspace/sqlite/open.js';
import { SqlitePolicyCounterStore } from '../../../src/workspace/sqlite/policy-counter-store.js';
import { policy } from '../../unit/policy/policy-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'aexy-policy-enforce-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function context(policies: Parameters<typeof policy>[0][]): EnforceContext & { close(): void } {
  const db = openDatabase(join(dir, `ws-${n++}.db`));
  return {
    index: compilePolicies(policies.map(policy)),
    counters: new SqlitePolicyCounterStore(db),
    log: new SqliteDecisionLog(db),
    options: { now: '2026-11-27T12:00:00Z', timeZone: 'Europe/Berlin' },
    run: 'run-1',
    close: () => db.close(),
  };
}

const email: PolicyCall = { agent: 'outreach', tool: 'send_email', args: { to: 'a@b.com' }, access: 'write' };

describe('enforceCall on SQLite', () => {
  it('100 concurrent calls against a limit of 10 per day: exactly 10 allowed, every decision recorded', async () => {
    const ctx = context([
      { name: 'cap', type: 'rate_limit', tools: ['send_email'], limit: 10, perMs: 86_400_000 },
    ]);
    const decisions = await Promise.all(Array.from({ length: 100 }, () => enforceCall(ctx, email)));
    expect(decisions.filter((d) => d.outcome === 'ALLOW')).toHaveLength(10);
    expect(decisions.filter((d) => d.outcome === 'RATE_LIMITED')).toHaveLength(90);
    expect(await ctx.counters.read('cap/outreach@2026-11-26T23:00:00.000Z')).toBe(10);
    expect(await ctx.log.list({ limit: 1000 })).toHaveLength(100);
    expect(await ctx.log.list({ outcome: 'ALLOW', limit: 1000 })).toHaveLength(10);
    ctx.close();
  });

  it('token budget: reserve the estimate, settle real usage, and exhaustion blocks the next model call', async () => {
    const ctx = context([{ name: 'tokens', type: 'token_budget', limit: 1000, perMs: 30 * 86_400_000 }]);
    const model = (estimatedTokens: number): PolicyCall => ({
      agent: 'a',
      tool: MODEL_TOOL,
      args: {},
      estimatedTokens,
    });
    const first = await enforceCall(ctx, model(400));
    expect(first.outcome).toBe('ALLOW');
    await settleTokens(ctx.counters, first, 1000); // the answer was longer than estimated
    const next = await enforceCall(ctx, model(1));
    expect(next.outcome).toBe('BLOCK');
    expect(next.reason).toContain('1000 of 1000 tokens used in month 2026-11');
    ctx.close();
  });

  it('approval: nothing is reserved until approved; after approval the limit still holds', async () => {
    const ctx = context([
      {
        name: 'approve',
        type: 'tool_require_approval',
        tools: ['send_email'],
        approval: { approvers: ['role:admin'], timeoutMs: 60_000 },
      },
      { name: 'cap', type: 'rate_limit', tools: ['send_email'], limit: 1, perMs: 86_400_000 },
    ]);
    const a = await enforceCall(ctx, email);
    const b = await enforceCall(ctx, email);
    expect([a.outcome, b.outcome]).toEqual(['REQUIRE_APPROVAL', 'REQUIRE_APPROVAL']);
    expect(await ctx.counters.read('cap/outreach@2026-11-26T23:00:00.000Z')).toBe(0);
    expect((await reserveApproved(ctx, email, a)).outcome).toBe('ALLOW');
    expect((await reserveApproved(ctx, email, b)).outcome).toBe('RATE_LIMITED');
    expect((await ctx.log.list()).map((d) => d.outcome)).toEqual([
      'RATE_LIMITED',
      'ALLOW',
      'REQUIRE_APPROVAL',
      'REQUIRE_APPROVAL',
    ]);
    ctx.close();
  });

  it('fails closed when the counter store fails, and when the decision cannot be recorded', async () => {
    const ctx = context([{ name: 'cap', type: 'rate_limit', limit: 5, perMs: 3_600_000 }]);
    const brokenStore = {
      ...ctx,
      counters: {
        ...ctx.counters,
        readMany: async () => {
          throw new Error('disk I/O error');
        },
      },
    };
    const d = await enforceCall(brokenStore as EnforceContext, email);
    expect(d.outcome).toBe('BLOCK');
    expect(d.reason).toContain('disk I/O error');
    expect((await ctx.log.list())[0]).toMatchObject({ outcome: 'BLOCK', run: 'run-1' });

    const brokenLog = {
      ...ctx,
      log: {
        record: async () => {
          throw new Error('log full');
        },
        list: ctx.log.list,
      },
    };
    const e = await enforceCall(brokenLog as EnforceContext, email);
    expect(e.outcome).toBe('BLOCK');
    expect(e.reason).toContain('log full');
    // The reservation made before recording failed was returned.
    expect(await ctx.counters.read('cap/outreach@2026-11-27T11:00:00.000Z')).toBe(0);
    ctx.close();
  });
});
