/**
 * Uptime actions on `monitors` and `incidents` records (an incident has `monitor` and `status: open |
 * acknowledged | resolved`); they emit `incident.created` / `incident.acknowledged` /
 * `incident.resolved`. Paging looks up the team's `teams` record, pages every user in its `onCall`
 * attribute through the notify path and keeps a `pages` record.
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
  notifyPerson,
  optional,
  required,
  snapshot,
  targetId,
  updateFields,
} from './kit.js';

export const MONITORS = 'monitors';
export const INCIDENTS = 'incidents';

const monitorSnapshot = (r: StoredRecord) =>
  snapshot(r, { name: '', url: '', status: 'up', consecutiveFailures: 0 });

const incidentOutput = (i: StoredRecord) => ({ incidentId: i.id, status: String(i.values.status ?? 'open') });

/** Emits an incident event about the incident's monitor (the uptime events are monitor events). */
async function emitIncident(
  ports: ModulePorts,
  ctx: ActionContext,
  type: string,
  incident: StoredRecord,
  extra = {},
) {
  const monitor = await ports.records.get(String(incident.values.monitor ?? ''));
  const about = monitor ?? { id: String(incident.values.monitor ?? ''), object: MONITORS, values: {} };
  const payload = { monitorId: about.id, monitor: monitorSnapshot(about), incidentId: incident.id, ...extra };
  await emitModuleEvent(ports, ctx, type, about, payload);
}

/** The incident: `incident` input, else the trigger's incident, else the open one of the monitor. */
async function findIncident(ports: ModulePorts, input: Input, ctx: ActionContext): Promise<StoredRecord> {
  const id = optional(input, 'incident') ?? (ctx.record?.object === INCIDENTS ? ctx.record.id : undefined);
  if (id) return mustFind(ports.records, INCIDENTS, id);
  const monitorId = targetId(input, 'monitor', ctx, MONITORS);
  for (const status of ['open', 'acknowledged']) {
    const [incident] = await findWhere(ports, INCIDENTS, { monitor: monitorId, status });
    if (incident) return incident;
  }
  throw new ActionError(RUNTIME_ERROR_TYPES.notFound, `monitor ${monitorId} has no open incident`);
}

/** Moves an incident to `status` and emits `incident.<event>` when it changed. */
async function transition(
  ports: ModulePorts,
  input: Input,
  ctx: ActionContext,
  status: string,
  values: Input,
) {
  const incident = await findIncident(ports, input, ctx);
  const after = await updateFields(ports, ctx, incident, { status, ...values });
  const by = `automation:${ctx.automation}`;
  if (after.changed.includes('status')) {
    const extra = status === 'acknowledged' ? { by } : {};
    await emitIncident(ports, ctx, `incident.${status}`, after, extra);
  }
  return incidentOutput(after);
}

/** Handlers for the uptime module's actions. */
export function uptimeHandlers(ports: ModulePorts): ActionHandlers {
  const monitorStatus = (status: (m: StoredRecord) => string) => async (input: Input, ctx: ActionContext) => {
    const monitor = await findTarget(ports, input, 'monitor', ctx, MONITORS);
    const after = await updateFields(ports, ctx, monitor, { status: status(monitor) });
    return { monitorId: after.id, status: String(after.values.status) };
  };
  return {
    create_incident: async (input, ctx) => {
      const monitor = await findTarget(ports, input, 'monitor', ctx, MONITORS);
      const values = {
        monitor: monitor.id,
        title: optional(input, 'title') ?? `${String(monitor.values.name ?? monitor.id)} is down`,
        errorMessage: optional(input, 'errorMessage') ?? null,
        severity: optional(input, 'severity') ?? 'major',
        status: 'open',
      };
      const incident = await ports.records.create(INCIDENTS, values, mutation(ctx));
      await emitIncident(ports, ctx, 'incident.created', incident);
      return incidentOutput(incident);
    },
    acknowledge_incident: (input, ctx) =>
      transition(ports, input, ctx, 'acknowledged', {
        acknowledgedBy: `automation:${ctx.automation}`,
        note: optional(input, 'note') ?? null,
      }),
    resolve_incident: (input, ctx) =>
      transition(ports, input, ctx, 'resolved', {
        resolutionNotes: optional(input, 'notes') ?? null,
        rootCause: optional(input, 'rootCause') ?? null,
      }),
    page_on_call: (input, ctx) => pageOnCall(ports, input, ctx),
    pause_monitor: monitorStatus(() => 'paused'),
    // A resumed monitor is `up` until its next check says otherwise.
    resume_monitor: monitorStatus((m) =>
      m.values.status === 'paused' ? 'up' : String(m.values.status ?? 'up'),
    ),
  };
}

/** Pages every on-call user of the team (`teams` record, `onCall`: a user or a list of users). */
async function pageOnCall(ports: ModulePorts, input: Input, ctx: ActionContext) {
  const team = await mustFind(ports.records, 'teams', required(input, 'team'));
  const onCall = team.values.onCall;
  const users = (Array.isArray(onCall) ? onCall : [onCall]).filter(
    (u): u is string => typeof u === 'string' && u !== '',
  );
  if (users.length === 0)
    throw new ActionError('no_on_call', `team ${team.id} has nobody on call (set its \`onCall\` attribute)`);
  const message = required(input, 'message');
  const urgency = optional(input, 'urgency') ?? 'high';
  const page = await ports.records.create(
    'pages',
    { team: team.id, message, urgency, paged: users },
    mutation(ctx, ':page'),
  );
  for (const [index, user] of users.entries()) {
    const channel = urgency === 'high' ? 'all' : 'slack';
    await notifyPerson(
      ports,
      ctx,
      { user, message, subject: `Page: ${message.slice(0, 60)}`, channel },
      `:page:${index}`,
    );
  }
  return { pageId: page.id, paged: users };
}
