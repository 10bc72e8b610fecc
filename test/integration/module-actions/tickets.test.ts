/** Ticket actions (and create_ticket from forms) against the real SQLite record store. */
import { afterAll, describe, expect, it } from 'vitest';
import { openModuleWorkspace, step } from './support.js';

const ws = openModuleWorkspace();
afterAll(() => ws.close());

const newTicket = (values: Record<string, unknown> = {}) =>
  ws.seed('tickets', {
    number: 7,
    subject: 'Cannot log in',
    status: 'open',
    priority: 'medium',
    requesterEmail: 'sam@example.com',
    tags: ['login'],
    ...values,
  });

const eventsFor = async (type: string, id: string) =>
  (await ws.events(type)).filter((e) => e.recordId === id);

describe('ticket actions', () => {
  it('escalate_ticket moves to the next level, emits ticket.escalated once per step', async () => {
    const ticket = await newTicket();
    const out = await ws.run('escalate_ticket', { ticket: ticket.id, reason: 'VIP' }, step('run_t1'));
    expect(out.ticketId).toBe(ticket.id);
    expect((await ws.get(ticket.id))?.values).toMatchObject({
      escalationLevel: 'level_1',
      escalationReason: 'VIP',
    });
    await ws.run('escalate_ticket', { ticket: ticket.id, reason: 'VIP' }, step('run_t1'));
    const escalated = await eventsFor('ticket.escalated', ticket.id);
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toMatchObject({
      module: 'tickets',
      payload: { level: 'level_1', ticketId: ticket.id },
    });
    expect(await eventsFor('record.updated', ticket.id)).toHaveLength(1);
    await ws.run('escalate_ticket', {}, { ...step('run_t2'), record: { id: ticket.id, object: 'tickets' } });
    expect((await ws.get(ticket.id))?.values.escalationLevel).toBe('level_2');
  });

  it('change_status emits status_changed with from/to, and reopened from resolved', async () => {
    const ticket = await newTicket({ status: 'resolved' });
    const out = await ws.run('change_status', { ticket: ticket.id, status: 'open' });
    expect((out.ticket as { status: string }).status).toBe('open');
    expect((await eventsFor('ticket.status_changed', ticket.id))[0]?.payload).toMatchObject({
      from: 'resolved',
      to: 'open',
    });
    expect(await eventsFor('ticket.reopened', ticket.id)).toHaveLength(1);
  });

  it('assign_ticket, change_priority and update_ticket set fields and emit their events', async () => {
    const ticket = await newTicket();
    await ws.run('assign_ticket', { ticket: ticket.id, assignee: 'usr_1', team: 'team_a' });
    await ws.run('change_priority', { ticket: ticket.id, priority: 'urgent' });
    const out = await ws.run('update_ticket', { ticket: ticket.id, severity: 'sev2', status: 'pending' });
    expect(out.ticket).toMatchObject({
      assigneeId: 'usr_1',
      teamId: 'team_a',
      priority: 'urgent',
      severity: 'sev2',
      status: 'pending',
    });
    expect((await eventsFor('ticket.assigned', ticket.id))[0]?.payload.assigneeId).toBe('usr_1');
    expect((await eventsFor('ticket.priority_changed', ticket.id))[0]?.payload).toMatchObject({
      from: 'medium',
      to: 'urgent',
    });
  });

  it('add_tag / remove_tag edit the tag list', async () => {
    const ticket = await newTicket();
    await ws.run('add_tag', { ticket: ticket.id, tag: 'vip' });
    await ws.run('add_tag', { ticket: ticket.id, tag: 'vip' });
    expect((await ws.get(ticket.id))?.values.tags).toEqual(['login', 'vip']);
    const out = await ws.run('remove_tag', { ticket: ticket.id, tag: 'login' });
    expect((out.ticket as { tags: string[] }).tags).toEqual(['vip']);
  });

  it('add_response stores the reply once, notifies the requester, emits response_sent', async () => {
    const ticket = await newTicket();
    await ws.run('add_response', { ticket: ticket.id, message: 'We are on it' }, step('run_t3'));
    await ws.run('add_response', { ticket: ticket.id, message: 'We are on it' }, step('run_t3'));
    await ws.run('add_response', { ticket: ticket.id, message: 'note', internal: true }, step('run_t4'));
    const responses = (await ws.list('ticket_responses')).filter((r) => r.values.ticket === ticket.id);
    expect(responses.map((r) => r.values.internal)).toEqual([false, true]);
    const notes = (await ws.list('notifications')).filter((n) => n.values.message === 'We are on it');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.values).toMatchObject({ user: 'sam@example.com', channel: 'email' });
    expect(await eventsFor('ticket.response_sent', ticket.id)).toHaveLength(1);
  });

  it('merge_tickets closes the source and unions the tags', async () => {
    const target = await newTicket({ tags: ['a'] });
    const source = await newTicket({ tags: ['b'] });
    const out = await ws.run('merge_tickets', { ticket: target.id, source: source.id });
    expect((out.ticket as { tags: string[] }).tags).toEqual(['a', 'b']);
    expect((await ws.get(source.id))?.values).toMatchObject({ status: 'closed', mergedInto: target.id });
    expect((await ws.fail('merge_tickets', { ticket: target.id, source: 'tkt_missing' })).type).toBe(
      'not_found',
    );
  });

  it('maps a missing ticket (or a record of another object) to not_found', async () => {
    const deal = await ws.seed('deals', { name: 'not a ticket' });
    for (const id of ['tkt_missing', deal.id]) {
      const error = await ws.fail('change_status', { ticket: id, status: 'open' });
      expect(error.type).toBe('not_found');
    }
  });
});

describe('forms actions', () => {
  it('create_ticket numbers tickets, emits ticket.created, and dedupes a retry', async () => {
    const sub = await ws.seed('form_submissions', {
      formId: 'support',
      email: 'kim@example.com',
      answers: {},
    });
    const input = { submission: sub.id, subject: 'Help', priority: 'high' };
    const first = await ws.run('create_ticket', input, step('run_f1'));
    expect(await ws.run('create_ticket', input, step('run_f1'))).toEqual(first);
    const ticket = await ws.get(String(first.ticketId));
    expect(ticket?.values).toMatchObject({
      subject: 'Help',
      requesterEmail: 'kim@example.com',
      status: 'new',
    });
    expect(first.number).toBe((await ws.list('tickets')).length);
    expect(await eventsFor('ticket.created', String(first.ticketId))).toHaveLength(1);
    expect((await ws.fail('create_ticket', { submission: 'sub_missing', subject: 'x' })).type).toBe(
      'not_found',
    );
  });

  it('create_crm_record maps answers to attributes; send_confirmation notifies the submitter', async () => {
    const sub = await ws.seed('form_submissions', {
      email: 'lee@example.com',
      answers: { full_name: 'Lee', co: 'Acme' },
    });
    const out = await ws.run(
      'create_crm_record',
      {
        submission: sub.id,
        object: 'leads',
        mapping: { name: 'full_name', company: 'co', source: 'web form' },
      },
      step('run_f2'),
    );
    await ws.run(
      'create_crm_record',
      { submission: sub.id, object: 'leads', mapping: { name: 'full_name' } },
      step('run_f2'),
    );
    expect((await ws.get(String(out.recordId)))?.values).toEqual({
      name: 'Lee',
      company: 'Acme',
      source: 'web form',
      submission: sub.id,
    });
    expect((await ws.list('leads')).filter((l) => l.values.submission === sub.id)).toHaveLength(1);
    const sent = await ws.run(
      'send_confirmation',
      {},
      { record: { id: sub.id, object: 'form_submissions' } },
    );
    expect(sent.to).toBe('lee@example.com');
    expect((await ws.get(String(sent.messageId)))?.object).toBe('notifications');
    expect((await ws.fail('send_confirmation', { submission: 'sub_missing' })).type).toBe('not_found');
  });
});
