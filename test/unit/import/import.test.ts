// biome-ignore-all lint/suspicious/noTemplateCurlyInString: aexy templates are ${{ }} strings
// biome-ignore-all lint/suspicious/noExplicitAny: the converted documents are untyped YAML data
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importPlatformWorkflow } from '../../../src/import/index.js';
import { parseYamlDocuments } from '../../../src/loader/index.js';
import { checkProject } from '../../../src/project/check-project.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/import/${name}`, import.meta.url), 'utf8'));

function validate(yaml: string) {
  const loaded = parseYamlDocuments('out.yaml', new TextEncoder().encode(yaml));
  return [...loaded.diagnostics, ...checkProject(loaded.value).diagnostics];
}

describe('import of the platform workflow export', () => {
  const result = importPlatformWorkflow(fixture('deal-export.json'), {
    file: 'deal-export.json',
    object: 'deals',
  });
  const spec = result.value.document.spec as Record<string, any>;
  const steps = spec.workflow.steps as Array<Record<string, any>>;

  it('maps the trigger (underscore id, from/to keys) and the name', () => {
    expect(result.value.name).toBe('deal-negotiation-follow-up');
    expect(spec.trigger).toEqual({ type: 'stage.changed', to: 'negotiation', object: 'deals' });
  });

  it('maps actions, templates, waits (duration_amount) and the condition with its true/false sides', () => {
    expect(steps.map((s) => s.id)).toEqual(['send_intro', 'wait', 'big_deal', 'follow_up']);
    expect(steps[0]).toEqual({
      id: 'send_intro',
      action: 'send_email',
      with: {
        to: '${{ record.values.email }}',
        subject: 'Hi ${{ record.values.first_name }}',
        body: "Let's talk",
      },
    });
    expect(steps[1]).toEqual({ id: 'wait', wait: '3d' });
    expect(steps[2].if).toContain('op_gt(');
    expect(steps[2].if).toContain('record.values.stage');
    expect(steps[2].then.map((s: { id: string }) => s.id)).toEqual(['score_lead', 'ping_sales']);
    expect(steps[2].then[0]).toMatchObject({
      agent: 'lead-scoring',
      input: { company: '${{ record.values.company }}' },
    });
    expect(steps[2].then[1].with.message).toBe(
      'Big deal ${{ record.values.name }} scored ${{ steps.score_lead.output.score }}',
    );
    expect(steps[2].else).toEqual([
      { id: 'mark_small', action: 'update_record', with: { values: { tier: 'small' } } },
    ]);
  });

  it('reports what it could not map', () => {
    const codes = result.diagnostics.map((d) => `${d.severity} ${d.code}`);
    expect(codes).toContain('warning import/unmapped-key');
    const unmapped = result.diagnostics.filter((d) => d.code === 'import/unmapped-key').map((d) => d.summary);
    expect(unmapped.some((s) => s.includes('`email_template_id` of send_email'))).toBe(true);
    expect(result.diagnostics.find((d) => d.code === 'import/agent-document')?.summary).toContain(
      'lead-scoring',
    );
  });

  it('produces YAML that validates, apart from the agent document the import said must exist', () => {
    const errors = validate(result.value.yaml).filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['ref/unknown-agent']);
  });
});

describe('import of a template with fan-out, join and branch', () => {
  const result = importPlatformWorkflow(fixture('fan-out-template.json'), { file: 'fan-out-template.json' });
  const steps = (result.value.document.spec as Record<string, any>).workflow.steps as Array<
    Record<string, any>
  >;

  it('turns a fan-out into parallel with the join mode, and a branch node into switch', () => {
    expect(steps.map((s) => s.id)).toEqual(['log', 'log_fan_out', 'route', 'done']);
    expect(steps[1].parallel).toEqual({
      branches: {
        mail: [
          {
            id: 'mail',
            action: 'send_email',
            with: { to: '${{ record.values.email }}', subject: 'Welcome', body: 'Hi' },
          },
        ],
        text: [
          { id: 'text', action: 'send_sms', with: { to: '${{ record.values.phone }}', message: 'Hi!' } },
        ],
      },
      join: 'any',
      onBranchFailure: 'continue',
    });
    expect(steps[2].switch).toHaveLength(1);
    expect(steps[2].switch[0].next).toEqual([
      { id: 'eu_wait', wait: { event: 'email.replied', timeout: '48h' }, onTimeout: 'fail' },
    ]);
    expect(steps[2].default).toBe('done');
    expect(steps[3]).toEqual({ id: 'done', action: 'enroll_in_sequence', with: { sequence: 'seq-1' } });
  });

  it('says the trigger object is an id that needs --object', () => {
    const error = result.diagnostics.find((d) => d.code === 'import/object-id');
    expect(error?.severity).toBe('error');
    expect(error?.fix).toContain('--object');
  });

  it('with --object the output validates', () => {
    const fixed = importPlatformWorkflow(fixture('fan-out-template.json'), {
      file: 'x.json',
      object: 'leads',
    });
    expect(fixed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(validate(fixed.value.yaml).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('import edge cases', () => {
  it('reports a cycle and a missing trigger', () => {
    const cyclic = importPlatformWorkflow(
      {
        nodes: [
          { id: 'a', type: 'action', data: {} },
          { id: 'b', type: 'action', data: {} },
        ],
        edges: [
          { source: 'a', target: 'b' },
          { source: 'b', target: 'a' },
        ],
      },
      { file: 'c.json' },
    );
    expect(cyclic.diagnostics.map((d) => d.code)).toContain('import/cycle');
    const empty = importPlatformWorkflow(
      { nodes: [{ id: 'a', type: 'action', data: { action_type: 'send_email' } }], edges: [] },
      { file: 'e.json' },
    );
    expect(empty.diagnostics.map((d) => d.code)).toContain('import/no-trigger');
  });

  it('reads both wait spellings: duration_value (builder, default days) and duration_amount (engine, default hours)', () => {
    const wait = (data: Record<string, unknown>) =>
      (
        importPlatformWorkflow(
          {
            nodes: [
              { id: 't', type: 'trigger', data: { trigger_type: 'manual_x' } },
              { id: 'w', type: 'wait', data },
            ],
            edges: [{ source: 't', target: 'w' }],
          },
          { file: 'w.json' },
        ).value.document.spec as Record<string, any>
      ).workflow.steps[0].wait;
    expect(wait({ wait_type: 'duration', duration_value: 2 })).toBe('2d');
    expect(wait({ duration_amount: 2 })).toBe('2h');
    expect(wait({ duration_value: 30, duration_unit: 'minutes' })).toBe('30m');
    expect(wait({ wait_type: 'datetime', wait_until: '2026-12-01T09:00:00Z' })).toEqual({
      until: 'timestamp("2026-12-01T09:00:00Z")',
    });
  });

  it('maps dot trigger ids, lt/less_than and unknown operators', () => {
    const result = importPlatformWorkflow(
      {
        nodes: [
          { id: 't', type: 'trigger', data: { trigger_type: 'record.updated', object_id: 'deals' } },
          { id: 'c', type: 'condition', data: { field: 'amount', operator: 'less_than', value: 5 } },
          {
            id: 'x',
            type: 'condition',
            data: { conditions: [{ field: 'amount', operator: 'roughly', value: 5 }] },
          },
        ],
        edges: [
          { source: 't', target: 'c' },
          { source: 'c', target: 'x', sourceHandle: 'true' },
        ],
      },
      { file: 'o.json' },
    );
    const spec = result.value.document.spec as Record<string, any>;
    expect(spec.trigger).toEqual({ type: 'record.updated', object: 'deals' });
    expect(spec.workflow.steps[0].if).toContain('op_lt(');
    expect(result.diagnostics.find((d) => d.code === 'import/unknown-operator')?.summary).toContain(
      'roughly',
    );
  });
});
