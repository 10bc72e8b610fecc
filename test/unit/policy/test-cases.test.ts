import { describe, expect, it } from 'vitest';
import { compilePolicies, parseTestCases, runTestCase } from '../../../src/policy/index.js';
import { policy } from './policy-fixtures.js';

const access = (tool: string) => (tool === 'get_record' ? 'read' : 'write') as 'read' | 'write';
const policies = [
  policy({ name: 'no-sms', type: 'tool_block', tools: ['send_sms'] }),
  policy({ name: 'cap', type: 'rate_limit', tools: ['send_email'], limit: 3, perMs: 86_400_000 }),
];
const index = compilePolicies(policies);

describe('policy test cases', () => {
  it('parses a list or a `tests:` mapping, deriving access from the tool', () => {
    const list = parseTestCases(
      'a.yaml',
      [{ call: { agent: 'x', tool: 'get_record', args: {} }, expect: 'ALLOW' }],
      access,
    );
    expect(list.cases[0]).toMatchObject({
      name: 'x get_record -> ALLOW',
      path: [0],
      call: { access: 'read' },
    });
    const wrapped = parseTestCases(
      'b.yaml',
      { tests: [{ call: { agent: 'x', tool: 't' }, expect: 'BLOCK' }] },
      access,
    );
    expect(wrapped.cases[0].path).toEqual(['tests', 0]);
  });

  it('reports malformed cases with their place instead of throwing', () => {
    const { cases, problems } = parseTestCases(
      'c.yaml',
      [
        { call: { agent: 'x' }, expect: 'ALLOW' },
        { call: { agent: 'x', tool: 't' }, expect: 'MAYBE' },
        'nope',
      ],
      access,
    );
    expect(cases).toEqual([]);
    expect(problems.map((p) => [p.path, p.message.split(' ')[0]])).toEqual([
      [[0], '`call`'],
      [[1], '`expect`'],
      [[2], 'a'],
    ]);
    expect(parseTestCases('d.yaml', { nope: 1 }, access).problems).toHaveLength(1);
  });

  it('runs a case with counters in the window of `now` and diffs outcome and matched policies', () => {
    const [over] = parseTestCases(
      'e.yaml',
      [
        {
          call: { agent: 'x', tool: 'send_email', args: {} },
          now: '2026-11-27T10:00:00Z',
          counters: { cap: 3 },
          expect: 'RATE_LIMITED',
          matched: ['cap'],
        },
      ],
      access,
    ).cases;
    expect(runTestCase(index, policies, over, 'Europe/Berlin')).toMatchObject({ pass: true, diff: [] });

    const [wrong] = parseTestCases(
      'f.yaml',
      [{ call: { agent: 'x', tool: 'send_sms', args: {} }, expect: 'ALLOW', matched: [] }],
      access,
    ).cases;
    const result = runTestCase(index, policies, wrong);
    expect(result.pass).toBe(false);
    expect(result.diff).toEqual([
      '- expect: ALLOW',
      '+ actual: BLOCK',
      '- matched: []',
      '+ matched: [no-sms]',
    ]);
  });
});
