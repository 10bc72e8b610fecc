/** Hiring and email marketing actions against the real SQLite record store. */
import { afterAll, describe, expect, it } from 'vitest';
import { openModuleWorkspace, step } from './support.js';

const ws = openModuleWorkspace();
afterAll(() => ws.close());

const candidate = () =>
  ws.seed('candidates', { name: 'Ada', email: 'ada@example.com', stage: 'screen', status: 'active' });
const eventsFor = async (type: string, id: string) =>
  (await ws.events(type)).filter((e) => e.recordId === id);
const linked = async (object: string, id: string) =>
  (await ws.list(object)).filter((r) => r.values.candidate === id);

describe('hiring actions', () => {
  it('move_stage sets the stage and emits candidate.stage_changed once per step', async () => {
    const c = await candidate();
    const out = await ws.run('move_stage', { candidate: c.id, stage: 'interview' }, step('run_h1'));
    await ws.run('move_stage', { candidate: c.id, stage: 'interview' }, step('run_h1'));
    expect(out.candidate).toMatchObject({ stage: 'interview', rating: 0, requirementId: null });
    const moved = await eventsFor('candidate.stage_changed', c.id);
    expect(moved).toHaveLength(1);
    expect(moved[0]?.payload).toMatchObject({ from: 'screen', to: 'interview', candidateId: c.id });
  });

  it('update_candidate appends notes and sets rating and custom values', async () => {
    const c = await ws.seed('candidates', { name: 'Bo', email: 'bo@example.com', notes: 'first' });
    const out = await ws.run('update_candidate', {
      candidate: c.id,
      rating: 4,
      notes: 'second',
      values: { source: 'referral' },
    });
    expect((out.candidate as { rating: number }).rating).toBe(4);
    expect((await ws.get(c.id))?.values).toMatchObject({ notes: 'first\n\nsecond', source: 'referral' });
    expect(await eventsFor('candidate.updated', c.id)).toHaveLength(1);
  });

  it('reject_candidate rejects, emits candidate.rejected and notifies unless notify is false', async () => {
    const c = await candidate();
    await ws.run('reject_candidate', { candidate: c.id, reason: 'skills' });
    expect((await ws.get(c.id))?.values).toMatchObject({ status: 'rejected', rejectionReason: 'skills' });
    expect((await eventsFor('candidate.rejected', c.id))[0]?.payload.reason).toBe('skills');
    const quiet = await candidate();
    await ws.run('reject_candidate', { candidate: quiet.id, notify: false });
    const mails = (await ws.list('notifications')).filter((n) => n.values.subject === 'Your application');
    expect(mails).toHaveLength(1);
  });

  it('add_note, send_assessment, schedule_interview and create_offer create linked records once', async () => {
    const c = await candidate();
    await ws.run('add_note', { candidate: c.id, note: 'Strong' }, step('run_h2'));
    await ws.run('add_note', { candidate: c.id, note: 'Strong' }, step('run_h2'));
    expect(await linked('candidate_notes', c.id)).toHaveLength(1);
    await ws.run('send_assessment', { candidate: c.id, assessment: 'tmpl_js', due: '3d' });
    expect((await linked('assessments', c.id))[0]?.values).toMatchObject({
      template: 'tmpl_js',
      status: 'sent',
    });
    const interview = await ws.run('schedule_interview', {
      candidate: c.id,
      interviewer: 'lead@example.com',
      at: '2026-12-01T10:00:00Z',
    });
    expect(interview).toMatchObject({ at: '2026-12-01T10:00:00Z', joinUrl: null });
    expect((await ws.get(String(interview.interviewId)))?.values).toMatchObject({
      type: 'video',
      durationMinutes: 60,
    });
    const offer = await ws.run('create_offer', { candidate: c.id, position: 'Engineer', salary: 90000 });
    expect(offer.status).toBe('draft');
    expect((await ws.get(String(offer.offerId)))?.values).toMatchObject({ candidate: c.id, salary: 90000 });
  });

  it('maps a missing candidate to not_found', async () => {
    const inputs = { move_stage: { stage: 'x' }, add_note: { note: 'x' }, create_offer: { position: 'x' } };
    for (const [action, input] of Object.entries(inputs)) {
      const error = await ws.fail(action, { candidate: 'cand_missing', ...input });
      expect(error.type, action).toBe('not_found');
    }
  });
});

describe('email marketing actions', () => {
  const campaign = () => ws.seed('campaigns', { name: 'Launch', status: 'sending' });

  it('add_to_campaign adds a recipient once, counts it and emits recipient.added', async () => {
    const cmp = await campaign();
    const input = { campaign: cmp.id, email: 'ann@example.com', name: 'Ann' };
    expect(await ws.run('add_to_campaign', input, step('run_e1'))).toEqual({
      campaignId: cmp.id,
      status: 'sending',
    });
    await ws.run('add_to_campaign', input, step('run_e1'));
    await ws.run('add_to_campaign', input, step('run_e2'));
    const recipients = (await ws.list('campaign_recipients')).filter((r) => r.values.campaign === cmp.id);
    expect(recipients).toHaveLength(1);
    expect((await ws.get(cmp.id))?.values.recipientCount).toBe(1);
    const added = await eventsFor('recipient.added', cmp.id);
    expect(added).toHaveLength(1);
    expect(added[0]?.payload).toMatchObject({ email: 'ann@example.com', recipientId: recipients[0]?.id });
  });

  it('update_recipient, remove_from_campaign, pause and resume', async () => {
    const cmp = await campaign();
    await ws.run('add_to_campaign', { campaign: cmp.id, email: 'cy@example.com' });
    await ws.run('update_recipient', { campaign: cmp.id, email: 'cy@example.com', values: { tier: 'gold' } });
    const [recipient] = (await ws.list('campaign_recipients')).filter((r) => r.values.campaign === cmp.id);
    expect(recipient?.values.tier).toBe('gold');
    expect(
      (await ws.fail('update_recipient', { campaign: cmp.id, email: 'no@example.com', values: {} })).type,
    ).toBe('not_found');
    await ws.run('remove_from_campaign', { campaign: cmp.id, email: 'cy@example.com' });
    expect((await ws.get(cmp.id))?.values.recipientCount).toBe(0);
    expect(await eventsFor('recipient.removed', cmp.id)).toHaveLength(1);
    expect((await ws.run('pause_campaign', { campaign: cmp.id, reason: 'typo' })).status).toBe('paused');
    expect((await ws.run('resume_campaign', { campaign: cmp.id })).status).toBe('sending');
    expect((await ws.fail('pause_campaign', { campaign: 'cmp_missing' })).type).toBe('not_found');
  });
});
