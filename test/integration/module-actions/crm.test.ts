/** Lists and sequences against the real SQLite record store. */
import { afterAll, describe, expect, it } from 'vitest';
import { openModuleWorkspace, step } from './support.js';

const ws = openModuleWorkspace();
afterAll(() => ws.close());

describe('add_to_list / remove_from_list', () => {
  it('adds once, emits list.added once, and a retry of the same step reports the same outcome', async () => {
    const deal = await ws.seed('deals', { name: 'Acme' });
    const first = await ws.run('add_to_list', { list: 'hot', record: deal.id }, step('run_l1'));
    const retry = await ws.run('add_to_list', { list: 'hot', record: deal.id }, step('run_l1'));
    expect(first).toEqual({ listId: 'hot', recordId: deal.id, added: true });
    expect(retry).toEqual(first);
    const entries = (await ws.list('list_entries')).filter((e) => e.values.record === deal.id);
    expect(entries.map((e) => e.values.status)).toEqual(['active']);
    const added = (await ws.events('list.added')).filter((e) => e.recordId === deal.id);
    expect(added).toHaveLength(1);
    expect(added[0]?.payload.listId).toBe('hot');
    expect(added[0]?.object).toBe('deals');
    // Another step adding the same record: already a member.
    expect((await ws.run('add_to_list', { list: 'hot', record: deal.id }, step('run_l2'))).added).toBe(false);
  });

  it('removes, emits list.removed, and re-adding reactivates the entry', async () => {
    const deal = await ws.seed('deals', { name: 'Beta' });
    await ws.run(
      'add_to_list',
      { list: 'vip' },
      { ...step('run_l3'), record: { id: deal.id, object: 'deals' } },
    );
    const removed = await ws.run('remove_from_list', { list: 'vip', record: deal.id }, step('run_l4'));
    expect(removed.removed).toBe(true);
    expect((await ws.run('remove_from_list', { list: 'vip', record: deal.id }, step('run_l4'))).removed).toBe(
      true,
    );
    expect((await ws.run('remove_from_list', { list: 'vip', record: deal.id }, step('run_l5'))).removed).toBe(
      false,
    );
    expect((await ws.events('list.removed')).filter((e) => e.recordId === deal.id)).toHaveLength(1);
    expect((await ws.run('add_to_list', { list: 'vip', record: deal.id }, step('run_l6'))).added).toBe(true);
    expect((await ws.list('list_entries')).filter((e) => e.values.record === deal.id)).toHaveLength(1);
  });

  it('maps a missing record to not_found', async () => {
    const error = await ws.fail('add_to_list', { list: 'hot', record: 'rec_missing' });
    expect(error.type).toBe('not_found');
  });
});

describe('enroll_in_sequence / unenroll_from_sequence', () => {
  it('creates one active enrollment; a retry returns it; another step sees already_enrolled', async () => {
    const contact = await ws.seed('contacts', { email: 'ada@example.com' });
    const input = { sequence: 'onboarding', record: contact.id };
    const first = await ws.run('enroll_in_sequence', input, step('run_s1'));
    expect(first).toMatchObject({ sequenceId: 'onboarding', recordId: contact.id, status: 'active' });
    expect(await ws.run('enroll_in_sequence', input, step('run_s1'))).toEqual(first);
    const again = await ws.run('enroll_in_sequence', input, step('run_s2'));
    expect(again).toMatchObject({ enrollmentId: first.enrollmentId, status: 'already_enrolled' });
    const enrollments = (await ws.list('sequence_enrollments')).filter((e) => e.values.record === contact.id);
    expect(enrollments).toHaveLength(1);
    expect(enrollments[0]?.values).toMatchObject({
      sequence: 'onboarding',
      status: 'active',
      object: 'contacts',
    });
  });

  it('unenrolls with the reason kept; not enrolled -> false; missing record -> not_found', async () => {
    const contact = await ws.seed('contacts', { email: 'bo@example.com' });
    await ws.run('enroll_in_sequence', { sequence: 'nurture', record: contact.id }, step('run_s3'));
    const out = await ws.run(
      'unenroll_from_sequence',
      { sequence: 'nurture', record: contact.id, reason: 'replied' },
      step('run_s4'),
    );
    expect(out).toEqual({ sequenceId: 'nurture', recordId: contact.id, unenrolled: true });
    const [entry] = (await ws.list('sequence_enrollments')).filter((e) => e.values.record === contact.id);
    expect(entry?.values).toMatchObject({ status: 'removed', reason: 'replied' });
    expect(
      (await ws.run('unenroll_from_sequence', { sequence: 'other', record: contact.id })).unenrolled,
    ).toBe(false);
    expect((await ws.fail('enroll_in_sequence', { sequence: 'x', record: 'rec_nope' })).type).toBe(
      'not_found',
    );
  });
});
