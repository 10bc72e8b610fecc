/** Uptime: monitors and incidents. */
import { defineAction } from '../define.js';
import { data, input, object } from '../schema-helpers.js';
import type { ActionDef, TriggerDef } from '../types.js';
import { eventKit } from './module-kit.js';

const monitorShape = object(
  {
    id: data.string('Monitor id.'),
    name: data.string('Name.'),
    url: data.string('Checked URL or host.'),
    status: data.enum(['up', 'down', 'degraded', 'paused'], 'Current status.'),
    consecutiveFailures: data.integer('Failed checks in a row.'),
  },
  ['id', 'name', 'url', 'status'],
  'The monitor after the event.',
);
const monitorEvent = eventKit('uptime', 'monitor', monitorShape, {
  monitor: data.string('Only this monitor id.'),
});

const incident = { incidentId: data.string('Incident id.') };
const check = {
  errorMessage: data.nullableString('Last check error.'),
  responseTimeMs: data.integer('Last response time.'),
};

export const uptimeTriggers: TriggerDef[] = [
  monitorEvent('monitor.created', 'A monitor was created.'),
  monitorEvent('monitor.down', 'A monitor went down.', { payload: check }),
  monitorEvent('monitor.up', 'A monitor recovered.', {
    payload: { downtimeMs: data.integer('How long it was down.') },
  }),
  monitorEvent('monitor.degraded', 'A monitor is slow or partly failing.', { payload: check }),
  monitorEvent('monitor.ssl_expiring', 'A monitored TLS certificate expires soon.', {
    payload: { expiresAt: data.dateTime('Certificate expiry.') },
  }),
  monitorEvent('monitor.repeated_failures', 'A monitor failed several checks in a row.', {
    config: { count: data.integer('Only from this many failures in a row.', { minimum: 2 }) },
    payload: check,
  }),
  monitorEvent('incident.created', 'An incident was opened.', { payload: incident }),
  monitorEvent('incident.acknowledged', 'An incident was acknowledged.', {
    payload: { ...incident, by: data.string('User id.') },
  }),
  monitorEvent('incident.resolved', 'An incident was resolved.', { payload: incident }),
];

const monitorInput = input.string('Monitor id; default: the monitor the trigger is about.');
const incidentInput = input.string('Incident id; default: the open incident of the monitor.');
const incidentOut = {
  incidentId: data.string('Incident id.'),
  status: data.enum(['open', 'acknowledged', 'resolved'], 'Status.'),
};
const monitorOut = {
  monitorId: data.string('Monitor id.'),
  status: data.string('Monitor status afterwards.'),
};

function uptimeAction(
  id: string,
  summary: string,
  props: Record<string, Record<string, unknown>>,
  output: Record<string, Record<string, unknown>>,
  example: unknown,
  required: string[] = [],
): ActionDef {
  return defineAction({
    id,
    module: 'uptime',
    summary,
    input: props,
    required,
    output,
    sideEffect: true,
    example,
  });
}

export const uptimeActions: ActionDef[] = [
  uptimeAction(
    'create_incident',
    'Open an incident for a monitor.',
    {
      monitor: monitorInput,
      title: input.string('Title.'),
      errorMessage: input.string('Error text.'),
      severity: input.enum(['critical', 'major', 'minor'], 'Severity.'),
    },
    incidentOut,
    { incidentId: 'inc_77', status: 'open' },
  ),
  uptimeAction(
    'acknowledge_incident',
    'Acknowledge an incident.',
    { incident: incidentInput, monitor: monitorInput, note: input.string('Note.') },
    incidentOut,
    { incidentId: 'inc_77', status: 'acknowledged' },
  ),
  uptimeAction(
    'resolve_incident',
    'Resolve an incident.',
    {
      incident: incidentInput,
      monitor: monitorInput,
      notes: input.string('Resolution notes.'),
      rootCause: input.string('Root cause.'),
    },
    incidentOut,
    { incidentId: 'inc_77', status: 'resolved' },
  ),
  uptimeAction(
    'page_on_call',
    'Page the on-call person of a team.',
    {
      team: input.string('Team id.'),
      message: input.string('Page text.', { minLength: 1 }),
      urgency: input.enum(['high', 'low'], 'Urgency; default high.'),
    },
    { pageId: data.string('Page id.'), paged: data.strings('User ids paged.') },
    { pageId: 'pg_3', paged: ['usr_7'] },
    ['message'],
  ),
  uptimeAction('pause_monitor', 'Pause a monitor.', { monitor: monitorInput }, monitorOut, {
    monitorId: 'mon_1',
    status: 'paused',
  }),
  uptimeAction('resume_monitor', 'Resume a paused monitor.', { monitor: monitorInput }, monitorOut, {
    monitorId: 'mon_1',
    status: 'up',
  }),
];
