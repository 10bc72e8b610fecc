/** Uptime and sprint actions against the real SQLite record store. */
import { afterAll, describe, expect, it } from 'vitest';
import { openModuleWorkspace, step } from './support.js';

const ws = openModuleWorkspace();
afterAll(() => ws.close());

const eventsFor = async (type: string, id: string) =>
  (await ws.events(type)).filter((e) => e.recordId === id);

describe('uptime actions', () => {
  const monitor = () => ws.seed('monitors', { name: 'API', url: 'https://api.example.com', status: 'down' });

  it('create / acknowledge / resolve an incident of the trigger monitor, with their events', async () => {
    const m = await monitor();
    const about = { record: { id: m.id, object: 'monitors' } };
    const created = await ws.run('create_incident', { errorMessage: '502' }, { ...about, ...step('run_u1') });
    expect(await ws.run('create_incident', { errorMessage: '502' }, { ...about, ...step('run_u1') })).toEqual(
      created,
    );
    expect(created.status).toBe('open');
    expect((await ws.list('incidents')).filter((i) => i.values.monitor === m.id)).toHaveLength(1);
    expect((await eventsFor('incident.created', m.id))[0]?.payload).toMatchObject({
      incidentId: created.incidentId,
    });
    expect(await ws.run('acknowledge_incident', { note: 'looking' }, about)).toEqual({
      incidentId: created.incidentId,
      status: 'acknowledged',
    });
    expect((await eventsFor('incident.acknowledged', m.id))[0]?.payload.by).toBe('automation:transport-test');
    const resolved = await ws.run('resolve_incident', {
      incident: String(created.incidentId),
      rootCause: 'deploy',
    });
    expect(resolved.status).toBe('resolved');
    expect((await ws.get(String(created.incidentId)))?.values.rootCause).toBe('deploy');
    expect(await eventsFor('incident.resolved', m.id)).toHaveLength(1);
    expect((await ws.fail('acknowledge_incident', {}, about)).type).toBe('not_found');
  });

  it('pause_monitor / resume_monitor set the status; missing monitor -> not_found', async () => {
    const m = await monitor();
    expect(await ws.run('pause_monitor', { monitor: m.id })).toEqual({ monitorId: m.id, status: 'paused' });
    expect(await ws.run('resume_monitor', { monitor: m.id })).toEqual({ monitorId: m.id, status: 'up' });
    expect((await ws.fail('pause_monitor', { monitor: 'mon_missing' })).type).toBe('not_found');
  });

  it('page_on_call notifies every on-call user of the team, once per step', async () => {
    const team = await ws.seed('teams', {
      name: 'SRE',
      onCall: ['oncall1@example.com', 'oncall2@example.com'],
    });
    const out = await ws.run('page_on_call', { team: team.id, message: 'API down' }, step('run_u2'));
    await ws.run('page_on_call', { team: team.id, message: 'API down' }, step('run_u2'));
    expect(out.paged).toEqual(['oncall1@example.com', 'oncall2@example.com']);
    expect((await ws.get(String(out.pageId)))?.object).toBe('pages');
    const notes = (await ws.list('notifications')).filter((n) => n.values.message === 'API down');
    // Once each (the retried step wrote nothing twice); records made in the same millisecond list in
    // id order, which is random, so compare as a sorted list.
    expect(notes.map((n) => String(n.values.user)).sort()).toEqual([
      'oncall1@example.com',
      'oncall2@example.com',
    ]);
    expect((await ws.fail('page_on_call', { team: 'team_missing', message: 'x' })).type).toBe('not_found');
    const empty = await ws.seed('teams', { name: 'Nobody' });
    expect((await ws.fail('page_on_call', { team: empty.id, message: 'x' })).type).toBe('no_on_call');
  });
});

describe('sprint actions', () => {
  const task = (values: Record<string, unknown> = {}) =>
    ws.seed('tasks', { title: 'Fix login', status: 'todo', priority: 'high', ...values });

  it('move_task changes status (status_changed, completed) and sprint', async () => {
    const sprint = await ws.seed('sprints', { name: 'S40', status: 'planned' });
    const t = await task();
    const out = await ws.run('move_task', { task: t.id, status: 'done', sprint: sprint.id }, step('run_p1'));
    await ws.run('move_task', { task: t.id, status: 'done', sprint: sprint.id }, step('run_p1'));
    expect(out.task).toMatchObject({ status: 'done', sprintId: sprint.id });
    expect((await eventsFor('task.status_changed', t.id))[0]?.payload).toMatchObject({
      from: 'todo',
      to: 'done',
    });
    expect(await eventsFor('task.completed', t.id)).toHaveLength(1);
    expect(await eventsFor('record.updated', t.id)).toHaveLength(1);
  });

  it('assign_task, update_task, create_subtask', async () => {
    const t = await task();
    const assigned = await ws.run('assign_task', { task: t.id, assignee: 'usr_9', reason: 'owner' });
    expect((assigned.task as { assigneeId: string }).assigneeId).toBe('usr_9');
    expect((await eventsFor('task.assigned', t.id))[0]?.payload.assigneeId).toBe('usr_9');
    const updated = await ws.run('update_task', {
      task: t.id,
      storyPoints: 5,
      labels: ['auth'],
      priority: 'low',
    });
    expect(updated.task).toMatchObject({ storyPoints: 5, priority: 'low' });
    const sub = await ws.run('create_subtask', { task: t.id, title: 'Write test' });
    expect(sub.task).toMatchObject({ title: 'Write test', status: 'todo', priority: 'low' });
    expect((await ws.get(String(sub.taskId)))?.values.parent).toBe(t.id);
    expect(await eventsFor('task.created', String(sub.taskId))).toHaveLength(1);
  });

  it('add_to_sprint uses the active sprint; remove_from_sprint goes back to the backlog', async () => {
    const t = await task();
    expect((await ws.fail('add_to_sprint', { task: t.id })).type).toBe('not_found');
    const active = await ws.seed('sprints', { name: 'S41', status: 'active' });
    expect(((await ws.run('add_to_sprint', { task: t.id })).task as { sprintId: string }).sprintId).toBe(
      active.id,
    );
    expect(
      ((await ws.run('remove_from_sprint', { task: t.id })).task as { sprintId: null }).sprintId,
    ).toBeNull();
    expect((await ws.fail('assign_task', { task: 'task_missing', assignee: 'x' })).type).toBe('not_found');
  });
});
