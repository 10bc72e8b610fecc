/**
 * Trigger matching, as a table: which events each trigger configuration accepts. Every filter the
 * registry defines applies (the platform this models ignored its field/stage filters).
 */
import { describe, expect, it } from 'vitest';
import type { AutomationIR } from '../../../src/ir/types.js';
import { AutomationIndex, triggerMatches } from '../../../src/runtime/router/match.js';
import { awaitedEvents } from '../../../src/runtime/router/waits.js';
import type { RuntimeEvent } from '../../../src/workspace/events/types.js';
import { recordEvents } from '../../../src/workspace/records/record-events.js';

function automation(
  type: string,
  config: Record<string, unknown>,
  over: Partial<AutomationIR> = {},
): AutomationIR {
  return {
    kind: 'Automation',
    metadata: { name: 'a', labels: {}, protected: false },
    module: 'crm',
    enabled: true,
    trigger: { type, config },
    agents: [],
    limits: { concurrency: { mode: 'parallel' } },
    onError: 'stop',
    retry: { maxAttempts: 1, initialIntervalMs: 1, backoff: 1, maxIntervalMs: 1, on: [] },
    steps: [],
    source: { file: 'a.yaml', text: '' },
    ...over,
  };
}

/** The events of updating a deal from `before` to `after`. */
function dealUpdate(before: Record<string, unknown>, after: Record<string, unknown>): RuntimeEvent[] {
  return recordEvents({
    op: 'update',
    object: 'deals',
    recordId: 'rec_1',
    before,
    after,
    writeId: 'w1',
    causation: [],
    actor: null,
    at: '2026-11-27T00:00:00Z',
  });
}

const ev = (type: string, over: Partial<RuntimeEvent> = {}): RuntimeEvent => ({
  id: 'e',
  type,
  payload: {},
  causation: [],
  occurredAt: 'now',
  source: 'cli',
  ...over,
});

const stageUpdate = dealUpdate({ stage: 'lead', amount: 1 }, { stage: 'negotiation', amount: 2 });
const byType = (events: RuntimeEvent[], type: string, field?: string) =>
  events.filter((e) => e.type === type && (field === undefined || e.payload.field === field));

describe('trigger matching table', () => {
  const cases: Array<[string, AutomationIR, RuntimeEvent[], number]> = [
    [
      'record.updated on deals: one update event',
      automation('record.updated', { object: 'deals' }),
      stageUpdate,
      1,
    ],
    [
      'record.updated on contacts: none',
      automation('record.updated', { object: 'contacts' }),
      stageUpdate,
      0,
    ],
    [
      'record.updated fields [amount]',
      automation('record.updated', { object: 'deals', fields: ['amount'] }),
      stageUpdate,
      1,
    ],
    [
      'record.updated fields [email]: none',
      automation('record.updated', { object: 'deals', fields: ['email'] }),
      stageUpdate,
      0,
    ],
    [
      'field.changed amount: only its own event',
      automation('field.changed', { object: 'deals', field: 'amount' }),
      stageUpdate,
      1,
    ],
    [
      'field.changed email: none (no firing per other field)',
      automation('field.changed', { object: 'deals', field: 'email' }),
      stageUpdate,
      0,
    ],
    [
      'field.changed amount to 2',
      automation('field.changed', { object: 'deals', field: 'amount', to: 2 }),
      stageUpdate,
      1,
    ],
    [
      'field.changed amount to 3: none',
      automation('field.changed', { object: 'deals', field: 'amount', to: 3 }),
      stageUpdate,
      0,
    ],
    [
      'stage.changed to negotiation',
      automation('stage.changed', { object: 'deals', to: 'negotiation' }),
      stageUpdate,
      1,
    ],
    [
      'stage.changed from lead',
      automation('stage.changed', { object: 'deals', from: 'lead' }),
      stageUpdate,
      1,
    ],
    [
      'stage.changed to won: none',
      automation('stage.changed', { object: 'deals', to: 'won' }),
      stageUpdate,
      0,
    ],
    ['stage.changed any', automation('stage.changed', { object: 'deals' }), stageUpdate, 1],
    [
      'status.changed: none (no status change)',
      automation('status.changed', { object: 'deals' }),
      stageUpdate,
      0,
    ],
    [
      'email.replied campaign c1',
      automation('email.replied', { campaign: 'c1' }),
      [
        ev('email.replied', { payload: { campaignId: 'c1' } }),
        ev('email.replied', { payload: { campaignId: 'c2' } }),
      ],
      1,
    ],
    [
      'form.submitted form f1',
      automation('form.submitted', { form: 'f1' }),
      [ev('form.submitted', { payload: { formId: 'f1' } }), ev('form.submitted', { payload: {} })],
      1,
    ],
    [
      'ticket filters read the entity snapshot of module events (priority list, tag array)',
      automation('ticket.sla_breached', { priority: ['urgent', 'high'] }, { module: 'tickets' }),
      [
        ev('ticket.sla_breached', { module: 'tickets', payload: { ticket: { id: 't1', priority: 'high' } } }),
        ev('ticket.sla_breached', { module: 'tickets', payload: { ticket: { id: 't2', priority: 'low' } } }),
        ev('ticket.sla_breached', { module: 'tickets', payload: {} }),
      ],
      1,
    ],
    [
      'a tag filter matches a record whose tags contain it',
      automation('ticket.created', { tag: 'vip' }, { module: 'tickets' }),
      [
        ev('ticket.created', {
          module: 'tickets',
          record: { id: 't1', object: 'tickets', values: { tag: ['vip', 'eu'] } },
        }),
        ev('ticket.created', {
          module: 'tickets',
          record: { id: 't2', object: 'tickets', values: { tag: ['eu'] } },
        }),
      ],
      1,
    ],
    [
      'schedule config keys are not filters',
      automation('schedule.cron', { cron: '0 9 * * *', timezone: 'UTC' }),
      [ev('schedule.cron')],
      1,
    ],
    [
      'a module event only matches automations of its module',
      automation('ticket.created', {}, { module: 'tickets' }),
      [
        ev('ticket.created', { module: 'tickets' }),
        ev('ticket.created', { module: 'crm' }),
        ev('ticket.created'),
      ],
      2,
    ],
  ];
  it.each(cases)('%s', (_title, ir, events, expected) => {
    expect(events.filter((e) => triggerMatches(ir, e))).toHaveLength(expected);
  });

  it('emits field.changed once per changed field and stage.changed for stage attributes', () => {
    expect(byType(stageUpdate, 'field.changed').map((e) => e.payload.field)).toEqual(['stage', 'amount']);
    expect(byType(stageUpdate, 'stage.changed', 'stage')).toHaveLength(1);
  });
});

describe('automation index', () => {
  const named = (name: string, ir: AutomationIR) => ({ name, versionId: 1, version: 1, ir });
  const index = new AutomationIndex([
    named('b-deals', automation('record.created', { object: 'deals' })),
    named('a-deals', automation('record.created', { object: 'deals' })),
    named('contacts', automation('record.created', { object: 'contacts' })),
    named('off', automation('record.created', { object: 'deals' }, { enabled: false })),
    named('any-reply', automation('email.replied', {})),
  ]);

  it('finds by (type, object), in name order, without disabled automations', () => {
    expect(index.match(ev('record.created', { object: 'deals' })).map((a) => a.name)).toEqual([
      'a-deals',
      'b-deals',
    ]);
    expect(index.match(ev('email.replied')).map((a) => a.name)).toEqual(['any-reply']);
    expect(index.match(ev('record.deleted', { object: 'deals' }))).toEqual([]);
  });

  it('keeps disabled automations when asked (the router records them SKIPPED disabled)', () => {
    const all = new AutomationIndex(
      [named('off', automation('record.created', { object: 'deals' }, { enabled: false }))],
      {
        includeDisabled: true,
      },
    );
    expect(all.match(ev('record.created', { object: 'deals' })).map((a) => a.name)).toEqual(['off']);
  });
});

describe('awaited events', () => {
  it('finds event waits in nested blocks', () => {
    const steps = [
      {
        id: 'branch',
        kind: 'if',
        condition: { cel: 'true' },
        // biome-ignore lint/suspicious/noThenProperty: `then` is the IR field of an if step
        then: {
          kind: 'block',
          steps: [{ id: 'w', kind: 'wait', wait: { mode: 'event', event: 'email.replied', timeoutMs: 1 } }],
        },
      },
    ] as AutomationIR['steps'];
    expect([...awaitedEvents(steps)]).toEqual(['email.replied']);
  });
});
