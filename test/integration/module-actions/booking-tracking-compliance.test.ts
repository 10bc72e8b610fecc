/** Booking, tracking and compliance actions against the real SQLite record store. */
import { afterAll, describe, expect, it } from 'vitest';
import { openModuleWorkspace, step } from './support.js';

const ws = openModuleWorkspace();
afterAll(() => ws.close());

const eventsFor = async (type: string, id: string) =>
  (await ws.events(type)).filter((e) => e.recordId === id);
const notesTo = async (user: string) =>
  (await ws.list('notifications')).filter((n) => n.values.user === user);

describe('booking actions', () => {
  const booking = () =>
    ws.seed('bookings', {
      eventTypeId: 'demo',
      status: 'pending',
      startTime: '2026-12-01T10:00:00.000Z',
      endTime: '2026-12-01T10:30:00.000Z',
      inviteeEmail: 'guest@example.com',
      hostId: 'usr_1',
    });

  it('confirm / reschedule / cancel with their events', async () => {
    const b = await booking();
    expect(await ws.run('confirm_booking', { booking: b.id }, step('run_b1'))).toEqual({
      bookingId: b.id,
      status: 'confirmed',
    });
    await ws.run('confirm_booking', { booking: b.id }, step('run_b1'));
    expect(await eventsFor('booking.confirmed', b.id)).toHaveLength(1);
    await ws.run('reschedule_booking', { booking: b.id, start: '2026-12-02T09:00:00Z' });
    expect((await ws.get(b.id))?.values.endTime).toBe('2026-12-02T09:30:00.000Z');
    expect((await eventsFor('booking.rescheduled', b.id))[0]?.payload.previousStart).toBe(
      '2026-12-01T10:00:00.000Z',
    );
    expect((await ws.run('cancel_booking', { booking: b.id, reason: 'ill' })).status).toBe('cancelled');
    expect((await eventsFor('booking.cancelled', b.id))[0]?.payload.reason).toBe('ill');
  });

  it('send_reminder notifies the invitee once per step; missing booking -> not_found', async () => {
    const b = await booking();
    await ws.run(
      'send_reminder',
      { message: 'Bring slides' },
      { ...step('run_b2'), record: { id: b.id, object: 'bookings' } },
    );
    await ws.run(
      'send_reminder',
      { message: 'Bring slides' },
      { ...step('run_b2'), record: { id: b.id, object: 'bookings' } },
    );
    const sent = (await notesTo('guest@example.com')).filter((n) =>
      String(n.values.message).includes('Bring slides'),
    );
    expect(sent).toHaveLength(1);
    expect((await ws.fail('confirm_booking', { booking: 'bk_missing' })).type).toBe('not_found');
  });
});

describe('tracking actions', () => {
  const member = () =>
    ws.seed('members', { name: 'Dee', email: 'dee@example.com', teamId: 'eng', standupStreak: 10 });

  it('send_standup_reminder and celebrate_streak go through the notify path', async () => {
    const m = await member();
    expect(await ws.run('send_standup_reminder', { member: m.id })).toEqual({ delivered: true });
    expect(await notesTo('dee@example.com')).toHaveLength(1);
    const posted = await ws.run('celebrate_streak', { member: m.id });
    expect(posted.channel).toBe('#eng');
    const note = await ws.get(String(posted.ts));
    expect(note?.values).toMatchObject({ kind: 'team', team: 'eng' });
    expect(String(note?.values.message)).toContain('10 days');
  });

  it('escalate_blocker, flag_anomaly, update_activity_pattern', async () => {
    const m = await member();
    const blocker = await ws.seed('blockers', {
      title: 'CI down',
      status: 'open',
      ownerId: m.id,
      openedAt: '2026-11-01T00:00:00Z',
    });
    expect(
      await ws.run('escalate_blocker', { blocker: blocker.id, to: 'lead@example.com' }, step('run_k1')),
    ).toEqual({ blockerId: blocker.id, status: 'escalated' });
    await ws.run('escalate_blocker', { blocker: blocker.id, to: 'lead@example.com' }, step('run_k1'));
    expect(await eventsFor('blocker.escalated', blocker.id)).toHaveLength(1);
    expect(await notesTo('lead@example.com')).toHaveLength(1);
    const flag = await ws.run('flag_anomaly', { member: m.id, reason: '20h day' });
    expect((await ws.get(String(flag.flagId)))?.values).toMatchObject({ member: m.id, status: 'open' });
    expect(await ws.run('update_activity_pattern', { member: m.id, pattern: 'late_standups' })).toEqual({
      memberId: m.id,
      pattern: 'late_standups',
    });
    expect((await ws.get(m.id))?.values.activityPattern).toBe('late_standups');
    expect((await ws.fail('flag_anomaly', { member: 'usr_missing', reason: 'x' })).type).toBe('not_found');
  });
});

describe('compliance actions', () => {
  it('update_compliance_status emits compliance.status_changed; restrict_permissions emits audit.logged', async () => {
    const m = await ws.seed('members', {
      name: 'Eve',
      email: 'eve@example.com',
      permissions: ['deploy.production', 'read'],
    });
    expect(
      await ws.run('update_compliance_status', { user: m.id, status: 'at_risk' }, step('run_c1')),
    ).toEqual({ userId: m.id, status: 'at_risk' });
    await ws.run('update_compliance_status', { user: m.id, status: 'at_risk' }, step('run_c1'));
    const changed = await eventsFor('compliance.status_changed', m.id);
    expect(changed).toHaveLength(1);
    expect(changed[0]?.payload).toMatchObject({
      from: 'compliant',
      to: 'at_risk',
      user: { id: m.id, email: 'eve@example.com' },
    });
    const out = await ws.run('restrict_permissions', {
      user: m.id,
      permissions: ['deploy.production', 'admin'],
    });
    expect(out).toEqual({ userId: m.id, removed: ['deploy.production'] });
    expect((await ws.get(m.id))?.values).toMatchObject({
      permissions: ['read'],
      restrictedPermissions: ['deploy.production'],
    });
    expect((await eventsFor('audit.logged', m.id))[0]?.payload.action).toBe('permission.revoked');
    expect((await ws.fail('restrict_permissions', { user: 'usr_missing', permissions: ['x'] })).type).toBe(
      'not_found',
    );
  });

  it('send_training_reminder notifies the assignee; send_compliance_digest counts and mails', async () => {
    const m = await ws.seed('members', {
      name: 'Fay',
      email: 'fay@example.com',
      complianceStatus: 'non_compliant',
    });
    const a = await ws.seed('training_assignments', {
      userId: m.id,
      trainingId: 'security-101',
      dueAt: '2020-01-01T00:00:00Z',
      status: 'assigned',
    });
    expect(await ws.run('send_training_reminder', { assignment: a.id })).toEqual({ delivered: true });
    expect(String((await notesTo('fay@example.com'))[0]?.values.message)).toContain('security-101');
    expect((await ws.fail('send_training_reminder', { assignment: 'asg_missing' })).type).toBe('not_found');
    const digest = await ws.run(
      'send_compliance_digest',
      { to: ['boss@example.com'], period: 'month' },
      step('run_c2'),
    );
    await ws.run('send_compliance_digest', { to: ['boss@example.com'], period: 'month' }, step('run_c2'));
    expect(digest.items).toBeGreaterThanOrEqual(2);
    expect((await ws.get(String(digest.messageId)))?.values).toMatchObject({
      period: 'month',
      items: digest.items,
    });
    expect(await notesTo('boss@example.com')).toHaveLength(1);
  });
});
