import { describe, expect, it } from 'vitest';
import type { AgentPolicyIR } from '../../../src/ir/types.js';
import { compilePolicies, counterView, decide, type Outcome } from '../../../src/policy/index.js';
import { NOW, policy } from './policy-fixtures.js';

/** One policy of each kind, each producing its non-ALLOW outcome for the call below (or ALLOW). */
const KINDS: Record<string, { make: (i: number) => AgentPolicyIR; outcome: Outcome }> = {
  block: {
    make: (i) => policy({ name: `p${i}-block`, type: 'tool_block', tools: ['send_email'] }),
    outcome: 'BLOCK',
  },
  approval: {
    make: (i) =>
      policy({
        name: `p${i}-approval`,
        type: 'tool_require_approval',
        tools: ['send_email'],
        approval: { approvers: ['role:admin'], timeoutMs: 3_600_000 },
      }),
    outcome: 'REQUIRE_APPROVAL',
  },
  rateLimited: {
    make: (i) =>
      policy({ name: `p${i}-rate`, type: 'rate_limit', tools: ['send_email'], limit: 0, perMs: 86_400_000 }),
    outcome: 'RATE_LIMITED',
  },
  rateOk: {
    make: (i) =>
      policy({
        name: `p${i}-rateok`,
        type: 'rate_limit',
        tools: ['send_email'],
        limit: 5,
        perMs: 86_400_000,
      }),
    outcome: 'ALLOW',
  },
  fieldsBlocked: {
    make: (i) =>
      policy({ name: `p${i}-fields`, type: 'field_restriction', tools: ['send_email'], write: ['to'] }),
    outcome: 'BLOCK',
  },
  fieldsOk: {
    make: (i) =>
      policy({
        name: `p${i}-fieldsok`,
        type: 'field_restriction',
        tools: ['send_email'],
        write: ['to', 'subject'],
      }),
    outcome: 'ALLOW',
  },
  whenFalse: {
    make: (i) =>
      policy({
        name: `p${i}-whenfalse`,
        type: 'tool_block',
        tools: ['send_email'],
        when: 'args.to == "ceo@acme.com"',
      }),
    outcome: 'ALLOW',
  },
};

const RANK: Outcome[] = ['ALLOW', 'RATE_LIMITED', 'REQUIRE_APPROVAL', 'BLOCK'];
const call = { agent: 'outreach', tool: 'send_email', args: { to: 'a@b.com', subject: 'hi' } };

function subsets<T>(items: T[]): T[][] {
  const out: T[][] = [[]];
  for (const item of items) for (const s of out.slice()) out.push([...s, item]);
  return out;
}

describe('precedence over every combination of policy kinds', () => {
  const names = Object.keys(KINDS);
  const cases = subsets(names);

  it.each(cases.map((c) => [c.join('+') || '(none)', c]))('%s', (_label, combo) => {
    const expected = (combo as string[]).reduce<Outcome>(
      (o, k) => (RANK.indexOf(KINDS[k].outcome) > RANK.indexOf(o) ? KINDS[k].outcome : o),
      'ALLOW',
    );
    const policies = (combo as string[]).map((k, i) => KINDS[k].make(i));
    // Whatever the file order: forwards and backwards give the same outcome.
    for (const order of [policies, [...policies].reverse()]) {
      const decision = decide(compilePolicies(order), call, counterView(), { now: NOW });
      expect(decision.outcome).toBe(expected);
      expect(decision.considered).toHaveLength(policies.length);
    }
  });

  it('covers all 2^7 combinations', () => {
    expect(cases).toHaveLength(128);
  });
});

describe('scope', () => {
  const policies = [
    policy({ name: 'global-block', type: 'tool_block', tools: ['delete_record'] }),
    policy({ name: 'agent-block', type: 'tool_block', agent: 'scorer', tools: ['send_email'] }),
    policy({ name: 'agent-all-tools', type: 'tool_require_approval', agent: 'drafter' }),
  ];
  const index = compilePolicies(policies);
  const run = (agentName: string, tool: string) =>
    decide(index, { agent: agentName, tool, args: {} }, counterView(), { now: NOW });

  it('a policy without agent applies to every agent', () => {
    expect(run('anyone', 'delete_record').outcome).toBe('BLOCK');
    expect(run('scorer', 'delete_record').outcome).toBe('BLOCK');
  });
  it('a policy with agent applies to that agent only', () => {
    expect(run('scorer', 'send_email').outcome).toBe('BLOCK');
    expect(run('outreach', 'send_email').outcome).toBe('ALLOW');
  });
  it('a policy without tools applies to every tool of its agent', () => {
    expect(run('drafter', 'get_record').outcome).toBe('REQUIRE_APPROVAL');
    expect(run('outreach', 'get_record')).toMatchObject({ outcome: 'ALLOW', reason: 'no policy applies' });
  });
  it('reports every matched policy with its reason', () => {
    const d = run('scorer', 'send_email');
    expect(d.matched.map((m) => m.policy)).toEqual(['agent-block']);
    expect(d.reason).toContain('agent-block: tool send_email is blocked');
  });
});
