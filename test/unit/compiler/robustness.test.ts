/**
 * The compiler never throws and no rule crashes on input the schema would have rejected (library
 * callers may compile without schema validation).
 */
import { describe, expect, it } from 'vitest';
import { compileUnits } from '../../../src/compiler/index.js';
import { parseYamlDocuments } from '../../../src/loader/index.js';

const SPECS = [
  'workflow: { steps: 3 }',
  'workflow: { steps: [ { id: a } ] }',
  'workflow: { steps: [ { id: a, if: 5 } ] }',
  'workflow: { steps: [ { id: a, if: { field: record.values.x, op: nope } } ] }',
  'workflow: { steps: [ { id: a, switch: nope, default: [1, 2] } ] }',
  'workflow: { steps: [ { id: a, parallel: { branches: [1, 2], join: { count: "x" } } } ] }',
  'workflow: { steps: [ { id: a, loop: { steps: { x: 1 } } } ] }',
  'workflow: { steps: [ { id: a, wait: { event: 5, timeout: forever } } ] }',
  'workflow: { steps: [ { id: a, wait: [1] } ] }',
  'workflow: { steps: [ { id: a, approval: "yes", onApprove: 7 } ] }',
  'workflow: { steps: [ { id: a, agent: [x], input: "${{ a +* b }}", timeout: 3 } ] }',
  'workflow: { steps: [ { id: a, set: [1, 2] } ] }',
  'workflow: { steps: [ { id: a, action: send_slack, with: [ "${{ secrets.X }}" ], next: a } ] }',
  'actions: "send_email"',
  'actions: [ null, 3, { with: 5 } ]',
  'conditions: "record.values.a =="\n  actions: []',
  'conditions: [ { all: 3 }, { any: [] }, { not: 1 } ]\n  actions: []',
  'limits: { concurrency: 5, maxConcurrent: "x" }\n  actions: []',
  'trigger: 5\n  actions: []',
];

describe('compiler robustness', () => {
  for (const spec of SPECS) {
    it(`does not crash on: ${spec.split('\n')[0]}`, () => {
      const text = `apiVersion: aexy/v1\nkind: Automation\nmetadata: { name: x }\nspec:\n  module: crm\n  trigger: { type: record.created, object: contacts }\n  ${spec}\n`;
      const docs = parseYamlDocuments('x.yaml', text).value;
      const result = compileUnits(docs);
      expect(result.diagnostics.filter((d) => d.code.startsWith('internal/'))).toEqual([]);
      expect(() => JSON.stringify(result.units.map((u) => u.resource))).not.toThrow();
    });
  }

  it('does not crash on agents and policies of the wrong shape', () => {
    const text = `apiVersion: aexy/v1\nkind: Agent\nmetadata: { name: a }\nspec: { tools: 5, model: 3, output: [1] }\n---\napiVersion: aexy/v1\nkind: AgentPolicy\nmetadata: { name: p }\nspec: { type: rate_limit, tools: [x], when: 3, per: forever, approval: 1 }\n`;
    const result = compileUnits(parseYamlDocuments('x.yaml', text).value);
    expect(result.diagnostics.filter((d) => d.code.startsWith('internal/'))).toEqual([]);
  });
});
