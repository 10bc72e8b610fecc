import { describe, expect, it } from 'vitest';
import {
  afterReservation,
  compilePolicies,
  counterView,
  decide,
  MODEL_TOOL,
  type PolicyCall,
} from '../../../src/policy/index.js';
import { NOW, policy } from './policy-fixtures.js';

const email: PolicyCall = {
  agent: 'outreach',
  tool: 'send_email',
  args: { to: 'lead@example.com', subject: 'Hi' },
};

describe('tool_block', () => {
  const index = compilePolicies([
    policy({ name: 'no-email', type: 'tool_block', tools: ['send_email', 'send_sms'] }),
  ]);
  it('blocks the listed tools and nothing else', () => {
    expect(decide(index, email, counterView(), { now: NOW }).outcome).toBe('BLOCK');
    expect(decide(index, { ...email, tool: 'send_sms' }, counterView(), { now: NOW }).outcome).toBe('BLOCK');
    expect(decide(index, { ...email, tool: 'get_record' }, counterView(), { now: NOW }).outcome).toBe(
      'ALLOW',
    );
  });
  it('never applies to model calls', () => {
    const all = compilePolicies([policy({ name: 'all', type: 'tool_block' })]);
    expect(decide(all, { agent: 'a', tool: MODEL_TOOL, args: {} }, counterView(), { now: NOW }).outcome).toBe(
      'ALLOW',
    );
  });
});

describe('tool_require_approval', () => {
  const index = compilePolicies([
    policy({
      name: 'external-email',
      type: 'tool_require_approval',
      tools: ['send_email'],
      when: '!args.to.endsWith("@acme.com")',
      approval: { approvers: ['role:admin'], timeoutMs: 4 * 3_600_000 },
    }),
    policy({
      name: 'all-email',
      type: 'tool_require_approval',
      tools: ['send_email'],
      approval: { approvers: ['user:ann'], timeoutMs: 3_600_000 },
    }),
  ]);
  it('asks for approval with the union of approvers and the shortest timeout', () => {
    const d = decide(index, email, counterView(), { now: NOW });
    expect(d.outcome).toBe('REQUIRE_APPROVAL');
    expect(d.approval).toEqual({
      policies: ['external-email', 'all-email'],
      approvers: ['role:admin', 'user:ann'],
      timeoutMs: 3_600_000,
    });
  });
  it('applies `when` to the arguments', () => {
    const internal = { ...email, args: { to: 'bob@acme.com', subject: 'x' } };
    const d = decide(index, internal, counterView(), { now: NOW });
    expect(d.considered.find((v) => v.policy === 'external-email')).toMatchObject({ matched: false });
    expect(d.matched.map((v) => v.policy)).toEqual(['all-email']);
  });
});

describe('rate_limit', () => {
  const index = compilePolicies([
    policy({ name: 'email-cap', type: 'rate_limit', tools: ['send_email'], limit: 3, perMs: 86_400_000 }),
  ]);
  it('allows under the limit and asks to reserve one unit in the day window', () => {
    const d = decide(index, email, counterView(), { now: NOW, timeZone: 'Europe/Berlin' });
    expect(d.outcome).toBe('ALLOW');
    expect(d.reservations).toEqual([
      expect.objectContaining({
        key: 'email-cap/outreach@2026-11-26T23:00:00.000Z',
        amount: 1,
        limit: 3,
        type: 'rate_limit',
      }),
    ]);
  });
  it('is RATE_LIMITED at the limit, reserving nothing', () => {
    const used = counterView(new Map([['email-cap/outreach@2026-11-26T23:00:00.000Z', 3]]));
    const d = decide(index, email, used, { now: NOW, timeZone: 'Europe/Berlin' });
    expect(d.outcome).toBe('RATE_LIMITED');
    expect(d.reservations).toEqual([]);
    expect(d.reason).toContain('3 of 3 calls used in day 2026-11-27');
  });
  it('counts each agent separately', () => {
    const used = counterView(new Map([['email-cap/outreach@2026-11-26T23:00:00.000Z', 3]]));
    const other = decide(index, { ...email, agent: 'scorer' }, used, { now: NOW, timeZone: 'Europe/Berlin' });
    expect(other.outcome).toBe('ALLOW');
    expect(other.reservations[0].key).toBe('email-cap/scorer@2026-11-26T23:00:00.000Z');
  });
  it('turns a refused reservation into RATE_LIMITED', () => {
    const d = decide(index, email, counterView(), { now: NOW });
    const after = afterReservation(d, d.reservations);
    expect(after.outcome).toBe('RATE_LIMITED');
    expect(after.reason).toContain('reservation refused');
  });
});

describe('token_budget', () => {
  const index = compilePolicies([
    policy({ name: 'tokens', type: 'token_budget', limit: 1000, perMs: 30 * 86_400_000 }),
  ]);
  const model = (estimatedTokens: number): PolicyCall => ({
    agent: 'outreach',
    tool: MODEL_TOOL,
    args: {},
    estimatedTokens,
  });
  const key = 'tokens@2026-11-01T00:00:00.000Z';
  it('reserves the estimate of a model call in the calendar month', () => {
    const d = decide(index, model(200), counterView(new Map([[key, 700]])), { now: NOW });
    expect(d.outcome).toBe('ALLOW');
    expect(d.reservations[0]).toMatchObject({ key, amount: 200, limit: 1000 });
    expect(d.reservations[0].window).toMatchObject({
      unit: 'month',
      label: '2026-11',
      end: '2026-12-01T00:00:00.000Z',
    });
  });
  it('blocks a model call whose estimate does not fit, and every call once exhausted', () => {
    expect(decide(index, model(301), counterView(new Map([[key, 700]])), { now: NOW }).outcome).toBe('BLOCK');
    expect(decide(index, model(0), counterView(new Map([[key, 1000]])), { now: NOW }).outcome).toBe('BLOCK');
  });
  it('is one pool for every agent it covers', () => {
    const other = decide(index, { ...model(400), agent: 'scorer' }, counterView(new Map([[key, 700]])), {
      now: NOW,
    });
    expect(other.outcome).toBe('BLOCK');
  });
  it('does not apply to tool calls', () => {
    expect(decide(index, email, counterView(new Map([[key, 5000]])), { now: NOW }).outcome).toBe('ALLOW');
  });
});

describe('field_restriction', () => {
  const index = compilePolicies([
    policy({
      name: 'crm-fields',
      type: 'field_restriction',
      tools: ['get_record', 'update_record'],
      read: ['name', 'email', 'stage'],
      write: ['stage', 'notes'],
    }),
  ]);
  const run = (c: Partial<PolicyCall>) =>
    decide(index, { agent: 'a', tool: 'update_record', args: {}, ...c }, counterView(), { now: NOW });
  it('allows writes to listed fields', () => {
    expect(run({ args: { record: 'r1', values: { stage: 'won', notes: 'ok' } } }).outcome).toBe('ALLOW');
  });
  it('blocks writes to unlisted fields and names them', () => {
    const d = run({ args: { record: 'r1', values: { stage: 'won', salary: 1 } } });
    expect(d.outcome).toBe('BLOCK');
    expect(d.reason).toContain('fields outside the allow-list: salary');
  });
  it('reads: returns the read mask and blocks projections on hidden fields', () => {
    const ok = run({ tool: 'get_record', access: 'read', args: { record: 'r1' } });
    expect(ok.outcome).toBe('ALLOW');
    expect(ok.readMasks).toEqual([['name', 'email', 'stage']]);
    expect(
      run({ tool: 'get_record', access: 'read', args: { record: 'r1', fields: ['salary'] } }).outcome,
    ).toBe('BLOCK');
  });
  it('treats a call of unknown access as a write (fail closed)', () => {
    expect(run({ tool: 'get_record', args: { record: 'r1', fields: ['name'] } }).outcome).toBe('BLOCK');
  });
});
