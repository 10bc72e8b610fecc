import { describe, expect, it } from 'vitest';
import { compilePolicies, counterView, decide, type PolicyCall } from '../../../src/policy/index.js';
import { NOW, policy } from './policy-fixtures.js';

const call: PolicyCall = { agent: 'outreach', tool: 'send_email', args: { to: 'a@b.com' } };

describe('fail closed', () => {
  it('blocks when `when` fails at run time (missing key), with the error in the reason', () => {
    const index = compilePolicies([
      policy({
        name: 'vip',
        type: 'tool_require_approval',
        tools: ['send_email'],
        when: 'args.amount > 100',
      }),
    ]);
    const d = decide(index, call, counterView(), { now: NOW });
    expect(d.outcome).toBe('BLOCK');
    expect(d.reason).toMatch(/vip: `when` failed: .*amount/);
  });
  it('blocks when `when` is not a boolean', () => {
    const index = compilePolicies([policy({ name: 'odd', type: 'tool_require_approval', when: 'args.to' })]);
    expect(decide(index, call, counterView(), { now: NOW }).outcome).toBe('BLOCK');
  });
  it('blocks when `when` does not parse', () => {
    const index = compilePolicies([
      policy({ name: 'broken', type: 'rate_limit', limit: 1, perMs: 1000, when: 'args.to ==' }),
    ]);
    expect(decide(index, call, counterView(), { now: NOW }).reason).toMatch(
      /broken: policy cannot be evaluated/,
    );
  });
  it('blocks on an invalid policy (rate_limit without limit, unknown type)', () => {
    const index = compilePolicies([
      policy({ name: 'nolimit', type: 'rate_limit', perMs: 1000 }),
      policy({ name: 'weird', type: 'tool_mystery' as 'tool_block' }),
    ]);
    const d = decide(index, call, counterView(), { now: NOW });
    expect(d.outcome).toBe('BLOCK');
    expect(d.matched.map((m) => m.policy)).toEqual(['nolimit', 'weird']);
  });
  it('blocks when the counters throw', () => {
    const index = compilePolicies([policy({ name: 'cap', type: 'rate_limit', limit: 5, perMs: 3_600_000 })]);
    const broken = {
      used: () => {
        throw new Error('store unreachable');
      },
    };
    const d = decide(index, call, broken, { now: NOW });
    expect(d).toMatchObject({ outcome: 'BLOCK' });
    expect(d.reason).toContain('store unreachable');
  });
  it('blocks on an unknown time zone or an invalid clock', () => {
    const index = compilePolicies([policy({ name: 'cap', type: 'rate_limit', limit: 5, perMs: 86_400_000 })]);
    expect(decide(index, call, counterView(), { now: NOW, timeZone: 'Mars/Olympus' }).outcome).toBe('BLOCK');
    expect(decide(index, call, counterView(), { now: 'not a date' }).outcome).toBe('BLOCK');
  });
  it('blocks when a field restriction meets arguments it cannot walk', () => {
    const index = compilePolicies([policy({ name: 'f', type: 'field_restriction', write: ['a'] })]);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const d = decide(index, { ...call, args: { values: cyclic } }, counterView(), { now: NOW });
    expect(d.outcome).toBe('BLOCK');
  });
});
