/** Sprints: tasks, sprints and epics (blocker events are shared with tracking). */
import { defineAction } from '../define.js';
import { data, input, object } from '../schema-helpers.js';
import type { ActionDef, TriggerDef } from '../types.js';
import { eventKit, filterValue } from './module-kit.js';

const TASK_STATUSES = ['backlog', 'todo', 'in_progress', 'review', 'done'];

const taskShape = object(
  {
    id: data.string('Task id.'),
    title: data.string('Title.'),
    status: data.enum(TASK_STATUSES, 'Status.'),
    priority: data.enum(['critical', 'high', 'medium', 'low'], 'Priority.'),
    assigneeId: data.nullableString('Assignee.'),
    sprintId: data.nullableString('Sprint (null: backlog).'),
    storyPoints: data.integer('Story points (0 = none).'),
  },
  ['id', 'title', 'status', 'priority'],
  'The task after the event.',
);
const taskEvent = eventKit('sprints', 'task', taskShape, {
  project: data.string('Only tasks of this project id.'),
});

const sprintShape = object(
  {
    id: data.string('Sprint id.'),
    name: data.string('Name.'),
    startDate: data.string('Start date.'),
    endDate: data.string('End date.'),
    committedPoints: data.integer('Committed story points.'),
    completedPoints: data.integer('Completed story points.'),
  },
  ['id', 'name', 'startDate', 'endDate'],
  'The sprint.',
);
const sprintEvent = eventKit('sprints', 'sprint', sprintShape, {
  team: data.string('Only sprints of this team id.'),
});

export const sprintTriggers: TriggerDef[] = [
  taskEvent('task.created', 'A task was created.'),
  taskEvent('task.status_changed', 'A task changed status.', {
    config: { from: filterValue('Only from this status.'), to: filterValue('Only to this status.') },
    payload: { from: data.string('Old status.'), to: data.string('New status.') },
  }),
  taskEvent('task.assigned', 'A task was assigned.', {
    payload: { assigneeId: data.string('New assignee.') },
  }),
  taskEvent('task.completed', 'A task was completed.'),
  sprintEvent('sprint.started', 'A sprint started.'),
  sprintEvent('sprint.completed', 'A sprint ended.'),
  sprintEvent('sprint.velocity_calculated', 'A sprint velocity was computed.', {
    payload: { velocity: data.number('Points per sprint.') },
  }),
  sprintEvent('sprint.burndown_off_track', 'A sprint burndown is behind the ideal line.', {
    payload: { behindBy: data.number('Points behind the ideal line.') },
  }),
  eventKit(
    'sprints',
    'epic',
    object({ id: data.string('Epic id.'), title: data.string('Title.') }, ['id', 'title'], 'The epic.'),
    {},
  )('epic.completed', 'Every task of an epic is done.'),
];

const taskInput = input.string('Task id; default: the task the trigger is about.');
const taskOut = { taskId: data.string('Task id.'), task: taskShape };
const taskExample = {
  taskId: 'task_4821',
  task: {
    id: 'task_4821',
    title: 'Fix login',
    status: 'in_progress',
    priority: 'high',
    assigneeId: 'usr_12',
    sprintId: 'spr_40',
    storyPoints: 3,
  },
};

function taskAction(
  id: string,
  summary: string,
  props: Record<string, Record<string, unknown>>,
  required: string[] = [],
): ActionDef {
  return defineAction({
    id,
    module: 'sprints',
    summary,
    input: { task: taskInput, ...props },
    required,
    output: taskOut,
    sideEffect: true,
    example: taskExample,
  });
}

export const sprintActions: ActionDef[] = [
  taskAction('move_task', 'Move a task to a status or another sprint.', {
    status: input.enum(TASK_STATUSES, 'New status.'),
    sprint: input.string('Target sprint id (`backlog` for none).'),
  }),
  taskAction(
    'assign_task',
    'Assign a task.',
    { assignee: input.string('User id or email.'), reason: input.string('Why (kept on the task).') },
    ['assignee'],
  ),
  taskAction('update_task', 'Update task fields.', {
    title: input.string('Title.'),
    description: input.string('Description.'),
    priority: input.enum(['critical', 'high', 'medium', 'low'], 'Priority.'),
    storyPoints: input.integer('Story points.', { minimum: 0 }),
    labels: input.list({ type: 'string' }, 'Labels (replaces).'),
  }),
  taskAction(
    'create_subtask',
    'Create a subtask under a task.',
    { title: input.string('Subtask title.', { minLength: 1 }), assignee: input.string('Assignee.') },
    ['title'],
  ),
  taskAction('add_to_sprint', 'Put a task into a sprint.', {
    sprint: input.string('Sprint id; default the active sprint.'),
  }),
  taskAction('remove_from_sprint', 'Move a task back to the backlog.', {}),
];
