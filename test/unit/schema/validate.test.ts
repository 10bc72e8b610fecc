import { describe, expect, test } from 'vitest';
import { validateDocument, validateProjectFile } from '../../../src/schema/validate.js';
import { check, loadOne } from './support.js';

const automation = (spec: string) =>
  `apiVersion: aexy/v1\nkind: Automation\nmetadata: { name: deal-followup }\nspec:\n${spec}`;

describe('validateDocument: envelope', () => {
  test('a valid flat automation has no diagnostics', () => {
    expect(
      check(
        automation(`  module: crm
  trigger: { type: record.created, object: deals }
  actions:
    - action: send_slack
      with: { channel: "#sales", message: "New deal \${{ record.values.name }}" }
`),
      ),
    ).toEqual([]);
  });

  test('unknown kind and apiVersion are reported on their key, with a suggestion', () => {
    const kind = validateDocument(
      loadOne('apiVersion: aexy/v1\nkind: Automaton\nmetadata: {name: a}\nspec: {}\n'),
    );
    expect(kind).toMatchObject([
      {
        code: 'schema/unknown-kind',
        fix: 'did you mean `Automation`?',
        range: { start: { line: 2, column: 7 } },
      },
    ]);
    const version = validateDocument(loadOne('apiVersion: aexy/v2\nkind: Automation\n'));
    expect(version).toMatchObject([
      { code: 'schema/unknown-api-version', range: { start: { line: 1, column: 13 } } },
    ]);
    expect(check('kind: Agent\n')).toEqual(['schema/required 1:1 missing required key `apiVersion`']);
  });

  test('a document that is not a mapping', () => {
    expect(check('- a\n- b\n')).toEqual(['schema/type 1:1 a document must be a mapping']);
  });
});

describe('validateDocument: registry-driven branches', () => {
  test('unknown trigger and action ids suggest the closest one', () => {
    const diagnostics = validateDocument(
      loadOne(
        automation(`  module: crm
  trigger: { type: stage.changd, object: deals }
  actions:
    - action: send_emial
      with: { to: a@example.com, subject: hi, body: x }
`),
      ),
    );
    expect(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.column, d.fix])).toEqual([
      ['schema/unknown-trigger', 6, 20, 'did you mean `stage.changed`?'],
      ['schema/unknown-action', 8, 15, 'did you mean `send_email`?'],
    ]);
  });

  test('trigger config and action input are checked against the registry schemas', () => {
    const lines = check(
      automation(`  module: crm
  trigger: { type: stage.changed, object: deals, too: negotiation }
  actions:
    - action: send_email
      with: { to: a@example.com, subjct: hi, body: x, trackOpens: yes }
    - action: search_records
      with: { object: deals, limit: lots }
    - action: create_task
      with: { title: t, priority: hgh }
    - action: create_task
      with: { title: t, priority: "\${{ steps.x.output.p }}", due: 2d }
`),
    );
    expect(lines).toEqual([
      'schema/unknown-key 6:50 unknown key `too`',
      'schema/unknown-key 9:34 unknown key `subjct`',
      'schema/type 9:67 expected true or false, got a string',
      'schema/type 11:37 expected an integer, got a string',
      'schema/enum 13:35 `hgh` is not an allowed value',
    ]);
  });

  test('unknown keys carry a did-you-mean fix', () => {
    const diagnostics = validateDocument(
      loadOne(
        automation(
          `  module: crm\n  trigger: { type: field.changed, object: deals, feild: stage }\n  actions: [{ action: get_record }]\n`,
        ),
      ),
    );
    // One mistake, one diagnostic: the missing `field` is explained by the typo.
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'schema/unknown-key',
      fix: 'did you mean `field`?',
      path: 'spec.trigger.feild',
    });
  });
});

describe('validateDocument: language structure', () => {
  test('actions and workflow together, or neither', () => {
    expect(
      check(
        automation(
          `  module: crm\n  trigger: { type: record.created, object: deals }\n  actions: [{ action: get_record }]\n  workflow: { steps: [{ id: a, set: { x: "1" } }] }\n`,
        ),
      ),
    ).toEqual(['schema/actions-and-workflow 8:3 use `actions` or `workflow`, not both']);
    expect(check(automation(`  module: crm\n  trigger: { type: record.created, object: deals }\n`))).toEqual([
      'schema/required 4:1 an automation needs `actions` or `workflow`',
    ]);
  });

  test('conditions: unknown operator, value rules, malformed condition', () => {
    const lines = check(
      automation(`  module: crm
  trigger: { type: record.created, object: deals }
  conditions:
    all:
      - { field: record.values.amount, op: greaterthan, value: 1 }
      - { field: record.values.x, op: is_empty, value: 1 }
      - { field: record.values.x, op: between, value: 1 }
      - { foo: 1 }
      - any: [ { expr: 'record.values.a > 1' }, { field: record.values.b, op: in, value: [1, 2] } ]
  actions: [{ action: get_record }]
`),
    );
    expect(lines).toEqual([
      'schema/enum 9:44 `greaterthan` is not an allowed value',
      'schema/unexpected-value 10:49 this operator takes no `value`',
      'schema/type 11:55 expected a list, got a number',
      'schema/invalid-condition 12:9 a condition is `{all: [...]}`, `{any: [...]}`, `{expr: ...}` or `{field, op, value}`',
    ]);
  });

  test('steps: kinds, durations, loops, approvals, joins, names', () => {
    const lines = check(`apiVersion: aexy/v1
kind: Automation
metadata: { name: Deal_followup }
spec:
  module: crm
  trigger: { type: record.created, object: deals }
  workflow:
    steps:
      - id: a
        wait: 3 days
      - id: b
        if: x
        action: send_email
      - id: e
      - id: f
        loop: { forEach: x, until: y, maxIterations: 3, steps: [ { id: g, set: { a: "1" } } ] }
      - id: h
        approval: { approvers: [role:admin] }
      - id: i
        parallel: { branches: { a: [ { id: j, set: { b: "2" } } ] }, join: { cnt: 2 } }
      - id: k
        agent: sales-agent
        timeout: 5 minutes
      - id: Bad-Id
        set: { x: "1" }
      - id: w
        wait: { event: email.replyed, timeout: 3d }
`);
    expect(lines).toEqual([
      'schema/pattern 3:19 `Deal_followup` has the wrong form',
      'schema/invalid-duration 10:15 `3 days` is not a duration',
      'schema/step-kind 13:9 a step needs exactly one of: action, if, switch, parallel, loop, wait, approval, agent, set',
      'schema/step-kind 14:9 a step needs exactly one of: action, if, switch, parallel, loop, wait, approval, agent, set',
      'schema/loop-kind 16:29 a loop needs exactly one of `forEach` or `until`',
      'schema/required 18:9 missing required key `timeout`',
      'schema/invalid-value 20:70 `join` is `all`, `any` or `{count: n}`',
      'schema/invalid-duration 23:18 `5 minutes` is not a duration',
      'schema/pattern 24:13 `Bad-Id` has the wrong form',
      'schema/unknown-event 27:24 unknown event type `email.replyed`',
    ]);
  });
});

describe('validateDocument: agents and policies', () => {
  test('a custom agent needs instructions; tools are registry actions', () => {
    const lines = check(`apiVersion: aexy/v1
kind: Agent
metadata: { name: reply-classifier }
spec:
  type: custom
  model: { provider: openai, name: gpt-4o-mini }
  tools: [get_record, send_emails]
`);
    expect(lines).toEqual([
      'schema/required 4:1 missing required key `instructions`',
      'schema/unknown-action 7:23 unknown action `send_emails`',
    ]);
  });

  test('each policy type has its own closed keys', () => {
    const lines = check(`apiVersion: aexy/v1
kind: AgentPolicy
metadata: { name: limits }
spec: { type: token_budget, limit: 100, per: 30d, tools: [send_email] }
`);
    expect(lines).toEqual(['schema/unknown-key 4:51 unknown key `tools`']);
    expect(
      check(
        'apiVersion: aexy/v1\nkind: AgentPolicy\nmetadata: { name: p }\nspec: { type: tool_require_approval, tools: [send_email] }\n',
      ),
    ).toEqual(['schema/required 4:1 missing required key `approval`']);
  });
});

describe('validateProjectFile', () => {
  test('accepts the documented keys and rejects unknown ones', () => {
    const ok = loadOne(
      'name: acme\ninclude: ["automations/**/*.yaml"]\ntemporal: { address: "localhost:7233", tls: true }\nhttp: { allow: [api.example.com] }\n',
      'aexy.yaml',
    );
    expect(validateProjectFile(ok)).toEqual([]);
    const transports = loadOne(
      'email: { smtp: { host: smtp.example.com, port: 587, pass: "${{ secrets.SMTP_PASS }}" } }\nmodel: { name: gpt-4o-mini }\ntemporal: { tls: { cert: c.pem, key: k.pem } }\n',
      'aexy.yaml',
    );
    expect(validateProjectFile(transports)).toEqual([]);
    const bad = loadOne('name: acme\ntemporal: { adress: x }\n', 'aexy.yaml');
    expect(validateProjectFile(bad)).toMatchObject([
      { code: 'schema/unknown-key', fix: 'did you mean `address`?' },
    ]);
  });
});

describe('schemaRules', () => {
  test('lists every code the validator reports, once', async () => {
    const { schemaRules } = await import('../../../src/schema/codes.js');
    const codes = schemaRules.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    const source = await import('node:fs').then((fs) =>
      [
        'error-diagnostics.ts',
        'validate.ts',
        'steps.ts',
        'automation.ts',
        'conditions.ts',
        'agents.ts',
        'project.ts',
        'registry-schemas.ts',
      ]
        .map((f) => fs.readFileSync(new URL(`../../../src/schema/${f}`, import.meta.url), 'utf8'))
        .join('\n'),
    );
    const used = new Set([...source.matchAll(/'(schema\/[a-z-]+)'/g)].map((m) => m[1]));
    expect([...used].filter((c) => !codes.includes(c))).toEqual([]);
  });
});

describe('validateDocument: one diagnostic per mistake', () => {
  test('a value of the wrong type is only a type error', () => {
    expect(check('apiVersion: aexy/v1\nkind: Automation\nmetadata: { name: x }\nspec: null\n')).toEqual([
      'schema/type 4:7 expected a mapping, got null',
    ]);
  });

  test('a wait with both event and until is one error', () => {
    const lines = check(
      automation(`  module: crm
  trigger: { type: record.created, object: deals }
  workflow:
    steps:
      - id: w
        wait: { until: record.values.due, event: email.opened, timeout: 1d }
`),
    );
    expect(lines).toEqual([
      'schema/invalid-value 10:9 a `wait` waits for an `event` or `until` a time, not both',
    ]);
  });

  test('range and form errors read as plain words and quote the property help', () => {
    const diagnostics = validateDocument(
      loadOne(automation(`  module: crm\n  trigger: { type: schedule.daily, at: "25:00" }\n  actions: []\n`)),
    );
    expect(diagnostics.map((d) => [d.code, d.summary, d.detail])).toEqual([
      ['schema/pattern', '`25:00` has the wrong form', 'Time of day, `HH:MM` (24 h), e.g. `08:30`.'],
      [
        'schema/invalid-value',
        '`spec.actions` needs at least 1 item',
        expect.stringContaining('A flat list of actions'),
      ],
    ]);
  });
});

describe('validateDocument: misspelt kind keys', () => {
  test('a step whose kind key is misspelt points at it and suggests the kind', () => {
    const [d, ...rest] = validateDocument(
      loadOne(
        automation(`  module: crm
  trigger: { type: record.created, object: deals }
  workflow:
    steps:
      - id: a
        acton: get_record
`),
      ),
    );
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      code: 'schema/step-kind',
      fix: 'did you mean `action` instead of `acton`?',
      path: 'spec.workflow.steps[0].acton',
      range: { start: { line: 10, column: 9 } },
    });
  });

  test('send_slack without channel or user', () => {
    const [d] = validateDocument(
      loadOne(
        automation(
          `  module: crm\n  trigger: { type: record.created, object: deals }\n  actions:\n    - action: send_slack\n      with: { chanel: "#x", message: hi }\n`,
        ),
      ),
    );
    expect(d).toMatchObject({ code: 'schema/unknown-key', fix: 'did you mean `channel`?' });
  });
});
