import { describe, expect, it } from 'vitest';
import { compileUnits } from '../../../src/compiler/index.js';
import { NO_RANGE } from '../../../src/diagnostics/diagnostic.js';
import type { AutomationIR } from '../../../src/ir/types.js';
import { type LoadedDocument, parseYamlDocuments } from '../../../src/loader/index.js';
import { brief, compileYaml } from './compile-helpers.js';

const NEGOTIATION = `apiVersion: aexy/v1
kind: Automation
metadata:
  name: deal-negotiation-followup
  description: When a deal enters negotiation, email, wait 3 days, then follow up.
spec:
  module: crm
  trigger:
    type: stage.changed
    object: deals
    to: negotiation
  conditions:
    all:
      - { field: record.values.amount, op: gte, value: 10000 }
  workflow:
    steps:
      - id: send_intro
        action: send_email
        with:
          to: "\${{ record.values.email }}"
          subject: "Next steps for \${{ record.values.name }}"
          body: Hello
      - id: wait_reply
        wait: { event: email.replied, timeout: 3d, match: event.payload.threadId == steps.send_intro.output.threadId }
        onTimeout:
          - id: follow_up_task
            action: create_task
            with:
              title: "Follow up with \${{ record.values.name }}"
      - id: done
        set: { replied: 'steps.wait_reply.status == "SUCCESS"' }
`;

describe('compileDocuments', () => {
  it('compiles a realistic workflow into IR without findings', () => {
    const { units, diagnostics } = compileYaml(NEGOTIATION);
    expect(brief(diagnostics)).toEqual([]);
    const ir = units[0].resource as AutomationIR;
    expect(ir.trigger).toMatchObject({
      type: 'stage.changed',
      config: { object: 'deals', to: 'negotiation' },
    });
    expect(ir.conditions?.cel).toBe(
      'op_gte((has(record.values.amount) ? record.values.amount : null), 10000)',
    );
    expect(ir.onError).toBe('stop');
    expect(ir.limits).toEqual({ concurrency: { mode: 'parallel' } });
    expect(ir.steps.map((s) => s.kind)).toEqual(['action', 'wait', 'set']);
    const wait = ir.steps[1];
    expect(wait.kind === 'wait' && wait.wait).toMatchObject({
      mode: 'event',
      event: 'email.replied',
      timeoutMs: 3 * 86_400_000,
    });
    expect(wait.kind === 'wait' && wait.onTimeout?.kind).toBe('block');
    expect(ir.steps[0].ref).toMatchObject({
      file: 'automations/test.yaml',
      range: { start: { line: 17, column: 9 } },
    });
  });

  it('desugars flat actions into action steps with ids action_1, action_2', () => {
    const { units, diagnostics } = compileYaml(`apiVersion: aexy/v1
kind: Automation
metadata: { name: new-record-slack }
spec:
  module: crm
  trigger: { type: record.created, object: contacts }
  onError: continue
  actions:
    - action: send_slack
      with: { channel: "#sales", message: "New contact \${{ record.values.name }}" }
    - id: notify
      action: notify_team
      with: { team: sales, message: hi }
`);
    expect(brief(diagnostics)).toEqual([]);
    const ir = units[0].resource as AutomationIR;
    expect(ir.steps.map((s) => [s.id, s.kind])).toEqual([
      ['action_1', 'action'],
      ['notify', 'action'],
    ]);
    expect(ir.onError).toBe('continue');
  });

  it('keeps the IR plain JSON (no undefined values)', () => {
    const { units } = compileYaml(NEGOTIATION);
    const json = JSON.stringify(units[0].resource);
    expect(JSON.parse(json)).toEqual(units[0].resource);
  });

  it('types `event` in an event wait match by the awaited event payload', () => {
    const bad = NEGOTIATION.replace('event.payload.threadId ==', 'event.payload.thread ==');
    expect(brief(compileYaml(bad).diagnostics)).toEqual(['cel/unknown-field@24:73 unknown field `thread`']);
    const outside = NEGOTIATION.replace('\'steps.wait_reply.status == "SUCCESS"\'', "'event.type'");
    expect(brief(compileYaml(outside).diagnostics)[0]).toMatch(/^cel\/unknown-root@.* unknown name `event`/);
  });
});

describe('documents with schema errors', () => {
  it('are not compiled, but their names still count for references', () => {
    const text = `apiVersion: aexy/v1
kind: Agent
metadata: { name: helper }
spec: { type: custom }
---
apiVersion: aexy/v1
kind: Automation
metadata: { name: uses-helper }
spec:
  module: crm
  trigger: { type: record.created, object: contacts }
  workflow:
    steps:
      - { id: think, agent: helper }
`;
    const loaded = parseYamlDocuments('a.yaml', text).value;
    const validate = (doc: LoadedDocument) =>
      doc.kind === 'Agent'
        ? [
            {
              code: 'schema/required',
              severity: 'error' as const,
              summary: 'x',
              file: doc.file,
              range: NO_RANGE,
            },
          ]
        : [];
    const { units, diagnostics } = compileUnits(loaded, { validate });
    expect(units.map((u) => u.resource.kind)).toEqual(['Automation']);
    expect(diagnostics.map((d) => d.code)).toEqual(['schema/required']);
  });
});
