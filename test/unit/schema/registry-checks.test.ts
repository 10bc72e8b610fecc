import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { actionSteps } from '../../../src/schema/registry-checks.js';
import { compiledValidator } from '../../../src/schema/validate.js';

const base = `apiVersion: aexy/v1
kind: Automation
metadata: { name: x }
spec:
  module: crm
  trigger: { type: stage.changed, object: deals, to: won }
  workflow:
    steps:
      - id: a
        action: send_email
        with: { to: a@example.com, subject: hi, body: there }
      - id: b
        if: record.values.x > 1
        then:
          - id: c
            action: create_task
            with: { title: t }
      - id: p
        parallel:
          branches:
            one: [ { id: d, action: send_slack, with: { channel: "#x", message: m } } ]
      - id: l
        loop: { forEach: record.values.items, maxIterations: 3, steps: [ { id: e, action: get_record } ] }
      - id: s
        switch: [ { when: "true", next: [ { id: f, action: notify_user, with: { user: u, message: m } } ] } ]
`;

describe('registry checks', () => {
  test('find every action step, nested blocks included, with its pointer', () => {
    const found = actionSteps(parse(base).spec).map((s) => s.pointer);
    expect(found).toEqual([
      '/spec/workflow/steps/0',
      '/spec/workflow/steps/1/then/0',
      '/spec/workflow/steps/2/parallel/branches/one/0',
      '/spec/workflow/steps/3/loop/steps/0',
      '/spec/workflow/steps/4/switch/0/next/0',
    ]);
  });

  // The validator aexy runs (core schema + registry checks) must agree with the published schema
  // editors run (registry branches inlined) on what is valid.
  const variants: Array<[string, (text: string) => string]> = [
    ['valid', (t) => t],
    ['unknown trigger key', (t) => t.replace('to: won', 'to: won, too: lost')],
    ['missing required trigger key', (t) => t.replace('object: deals, ', '')],
    [
      'unknown key in nested action input',
      (t) => t.replace('with: { title: t }', 'with: { title: t, titel: u }'),
    ],
    ['missing input in a parallel branch', (t) => t.replace('channel: "#x", ', '')],
    [
      'wrong enum in a loop body',
      (t) => t.replace('action: get_record }', 'action: get_record, with: { fields: 3 } }'),
    ],
    [
      'missing with where input is required',
      (t) => t.replace('action: notify_user, with: { user: u, message: m }', 'action: notify_user'),
    ],
  ];
  test.each(variants)('agrees with the published schema: %s', (name, mutate) => {
    const data = parse(mutate(base));
    const ours = compiledValidator('Automation');
    const editors = compiledValidator('documents');
    expect(ours(data)).toBe(name === 'valid');
    expect(editors(data)).toBe(name === 'valid');
  });
});
