/**
 * Sprint board actions on `tasks` records (the same object `create_task` writes: `title`, `status`,
 * `priority`, `assignee`, `sprint`, `storyPoints`, `parent`). They emit `task.status_changed`,
 * `task.completed`, `task.assigned` and `task.created`. The active sprint is the `sprints` record
 * with `status: active`.
 */

import { ActionError } from '../../activities/errors.js';
import type { ActionContext, ActionHandlers, StoredRecord } from '../../activities/ports.js';
import { RUNTIME_ERROR_TYPES } from '../../contract.js';
import {
  emitModuleEvent,
  findTarget,
  findWhere,
  type Input,
  type ModulePorts,
  mustFind,
  mutation,
  numeric,
  optional,
  required,
  strings,
  updateFields,
} from './kit.js';

export const TASKS = 'tasks';

/** The registry's task shape of a `tasks` record (`assignee` / `sprint` are the stored slugs). */
export function taskSnapshot(r: StoredRecord) {
  const v = r.values;
  return {
    id: r.id,
    title: String(v.title ?? ''),
    status: String(v.status ?? 'todo'),
    priority: String(v.priority ?? 'medium'),
    assigneeId: typeof v.assignee === 'string' ? v.assignee : null,
    sprintId: typeof v.sprint === 'string' ? v.sprint : null,
    storyPoints: typeof v.storyPoints === 'number' ? v.storyPoints : 0,
  };
}

const output = (t: StoredRecord) => ({ taskId: t.id, task: taskSnapshot(t) });
const target = (ports: ModulePorts, input: Input, ctx: ActionContext) =>
  findTarget(ports, input, 'task', ctx, TASKS);

function emit(ports: ModulePorts, ctx: ActionContext, type: string, t: StoredRecord, extra = {}) {
  return emitModuleEvent(ports, ctx, type, t, { taskId: t.id, task: taskSnapshot(t), ...extra });
}

/** Writes `values` to the task and emits the task events for what changed. */
async function change(ports: ModulePorts, ctx: ActionContext, task: StoredRecord, values: Input) {
  const after = await updateFields(ports, ctx, task, values);
  const [before, now] = [taskSnapshot(task), taskSnapshot(after)];
  if (after.changed.includes('status')) {
    await emit(ports, ctx, 'task.status_changed', after, { from: before.status, to: now.status });
    if (now.status === 'done') await emit(ports, ctx, 'task.completed', after);
  }
  if (after.changed.includes('assignee') && now.assigneeId)
    await emit(ports, ctx, 'task.assigned', after, { assigneeId: now.assigneeId });
  return after;
}

/** `sprint` input (`backlog`: none), else the active sprint; `not_found` when there is none. */
async function sprintId(ports: ModulePorts, input: Input): Promise<string | null> {
  const sprint = optional(input, 'sprint');
  if (sprint === 'backlog') return null;
  if (sprint) return (await mustFind(ports.records, 'sprints', sprint)).id;
  const [active] = await findWhere(ports, 'sprints', { status: 'active' });
  if (!active)
    throw new ActionError(
      RUNTIME_ERROR_TYPES.notFound,
      'there is no active sprint (a `sprints` record with status active)',
    );
  return active.id;
}

/** Handlers for the sprints module's actions. */
export function sprintHandlers(ports: ModulePorts): ActionHandlers {
  return {
    move_task: async (input, ctx) => {
      const task = await target(ports, input, ctx);
      const values: Input = {};
      const status = optional(input, 'status');
      if (status) values.status = status;
      if (optional(input, 'sprint')) values.sprint = await sprintId(ports, input);
      return output(await change(ports, ctx, task, values));
    },
    assign_task: async (input, ctx) => {
      const task = await target(ports, input, ctx);
      const values = {
        assignee: required(input, 'assignee'),
        assignReason: optional(input, 'reason') ?? null,
      };
      return output(await change(ports, ctx, task, values));
    },
    update_task: async (input, ctx) => {
      const task = await target(ports, input, ctx);
      const values: Input = {};
      for (const key of ['title', 'description', 'priority']) {
        const value = optional(input, key);
        if (value !== undefined) values[key] = value;
      }
      const points = numeric(input, 'storyPoints');
      if (points !== undefined) values.storyPoints = points;
      const labels = strings(input, 'labels');
      if (labels) values.labels = labels;
      return output(await change(ports, ctx, task, values));
    },
    create_subtask: async (input, ctx) => {
      const parent = await target(ports, input, ctx);
      const values = {
        title: required(input, 'title'),
        assignee: optional(input, 'assignee') ?? null,
        parent: parent.id,
        sprint: parent.values.sprint ?? null,
        status: 'todo',
        priority: parent.values.priority ?? 'medium',
      };
      const subtask = await ports.records.create(TASKS, values, mutation(ctx));
      await emit(ports, ctx, 'task.created', subtask);
      return output(subtask);
    },
    add_to_sprint: async (input, ctx) => {
      const task = await target(ports, input, ctx);
      return output(await change(ports, ctx, task, { sprint: await sprintId(ports, input) }));
    },
    remove_from_sprint: async (input, ctx) =>
      output(await change(ports, ctx, await target(ports, input, ctx), { sprint: null })),
  };
}
