import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { actionsFor, MODULES, registry, triggersFor } from '../../../src/registry/index.js';

const ajv = new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false });

/** Paths of properties without a description, anywhere in a schema. */
function undescribed(schema: unknown, path = ''): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => undescribed(s, `${path}[${i}]`));
  if (!schema || typeof schema !== 'object') return [];
  const record = schema as Record<string, unknown>;
  const own = Object.entries((record.properties as Record<string, { description?: string }>) ?? {})
    .filter(([, value]) => typeof value.description !== 'string')
    .map(([key]) => `${path}.${key}`);
  return [...own, ...Object.entries(record).flatMap(([key, value]) => undescribed(value, `${path}/${key}`))];
}

describe('registry', () => {
  test('every module of the reference has triggers and actions', () => {
    expect(MODULES).toHaveLength(10);
    for (const module of MODULES) {
      expect(triggersFor(registry, module).length, module).toBeGreaterThan(3);
      expect(
        actionsFor(registry, module).some((a) => a.module === module),
        module,
      ).toBe(true);
    }
  });

  test('ids are canonical: triggers dot style, actions snake_case', () => {
    for (const id of registry.triggers.keys()) expect(id).toMatch(/^[a-z_]+\.[a-z_]+$/);
    for (const id of registry.actions.keys()) expect(id).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  test('the language trigger families and the module events are all there', () => {
    const ids = [...registry.triggers.keys()];
    expect(ids).toEqual(
      expect.arrayContaining([
        'record.created',
        'record.updated',
        'record.deleted',
        'field.changed',
        'stage.changed',
        'status.changed',
        'list.added',
        'list.removed',
        'schedule.cron',
        'schedule.daily',
        'schedule.weekly',
        'date.approaching',
        'date.passed',
        'webhook.received',
        'email.opened',
        'email.clicked',
        'email.replied',
        'email.bounced',
        'form.submitted',
        'meeting.scheduled',
        'meeting.cancelled',
        'user.first_login',
        'ticket.created',
        'ticket.sla_breached',
        'candidate.stage_changed',
        'monitor.down',
        'task.completed',
        'booking.no_show',
        'blocker.stale',
        'certification.expiring',
      ]),
    );
    const families = new Set([...registry.triggers.values()].map((t) => t.family));
    expect([...families].sort()).toEqual([
      'communication',
      'date',
      'module',
      'record',
      'schedule',
      'user',
      'webhook',
    ]);
  });

  test('the CRM, common and communication actions are complete', () => {
    const ids = [...registry.actions.keys()];
    expect(ids).toEqual(
      expect.arrayContaining([
        'create_record',
        'update_record',
        'delete_record',
        'get_record',
        'search_records',
        'link_records',
        'add_to_list',
        'remove_from_list',
        'enroll_in_sequence',
        'unenroll_from_sequence',
        'create_task',
        'notify_user',
        'notify_team',
        'send_email',
        'send_slack',
        'send_sms',
        'webhook_call',
        'api_request',
        'enrich_record',
        'classify_record',
        'generate_summary',
      ]),
    );
  });

  test('module actions: common everywhere, module ones only in their module', () => {
    const crm = actionsFor(registry, 'crm').map((a) => a.id);
    expect(crm).toContain('send_email');
    expect(crm).toContain('update_record');
    expect(crm).not.toContain('assign_ticket');
  });

  test('every action example output satisfies its output schema', () => {
    for (const action of registry.actions.values()) {
      const validate = ajv.compile(action.output);
      expect(validate(action.exampleOutput), `${action.id}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  test('every schema compiles and documents each property', () => {
    for (const trigger of registry.triggers.values()) {
      for (const schema of [trigger.config, trigger.payload, trigger.record].filter(Boolean)) {
        ajv.compile(schema as object);
        expect(undescribed(schema), trigger.id).toEqual([]);
      }
    }
    for (const action of registry.actions.values()) {
      for (const schema of [action.input, action.output]) {
        ajv.compile(schema);
        expect(undescribed(schema), action.id).toEqual([]);
      }
      expect(typeof action.sideEffect).toBe('boolean');
    }
  });

  test('record triggers expose the record root; others do not', () => {
    expect(registry.triggers.get('stage.changed')?.record).toMatchObject({
      required: ['id', 'object', 'values'],
    });
    expect(registry.triggers.get('ticket.created')?.record).toBeUndefined();
  });
});
