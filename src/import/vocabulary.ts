/**
 * The platform's spellings and their one canonical aexy form. The platform drifted into several
 * vocabularies (builder palette dot ids, template underscore ids, two wait-key spellings, three
 * operator sets); every variant it is known to write maps here.
 */

/** Trigger ids: underscore style (templates, node data) and legacy names -> registry dot ids. */
export const TRIGGER_IDS: Record<string, string> = {
  record_created: 'record.created',
  record_updated: 'record.updated',
  record_deleted: 'record.deleted',
  field_changed: 'field.changed',
  stage_changed: 'stage.changed',
  status_changed: 'status.changed',
  scheduled: 'schedule.cron',
  schedule: 'schedule.cron',
  schedule_daily: 'schedule.daily',
  schedule_weekly: 'schedule.weekly',
  webhook: 'webhook.received',
  webhook_received: 'webhook.received',
  form_submitted: 'form.submitted',
  email_received: 'email.replied',
  email_replied: 'email.replied',
  email_opened: 'email.opened',
  email_clicked: 'email.clicked',
  date_approaching: 'date.approaching',
  date_passed: 'date.passed',
  'list_entry.added': 'list.added',
  'list_entry.removed': 'list.removed',
  list_entry_added: 'list.added',
  list_entry_removed: 'list.removed',
};

/** Condition operators of the three evaluators and the LLM generator -> the canonical set. */
export const OPERATOR_IDS: Record<string, string> = {
  eq: 'equals',
  equal: 'equals',
  equals: 'equals',
  '==': 'equals',
  ne: 'not_equals',
  neq: 'not_equals',
  not_equal: 'not_equals',
  not_equals: 'not_equals',
  '!=': 'not_equals',
  contains: 'contains',
  not_contains: 'not_contains',
  starts_with: 'starts_with',
  ends_with: 'ends_with',
  is_empty: 'is_empty',
  is_not_empty: 'is_not_empty',
  gt: 'gt',
  greater_than: 'gt',
  '>': 'gt',
  gte: 'gte',
  greater_than_or_equal: 'gte',
  '>=': 'gte',
  lt: 'lt',
  less_than: 'lt',
  '<': 'lt',
  lte: 'lte',
  less_than_or_equal: 'lte',
  '<=': 'lte',
  between: 'between',
  in: 'in',
  not_in: 'not_in',
};

/** Action ids the DAG handler or the LLM prompt spell differently -> registry ids. */
export const ACTION_IDS: Record<string, string> = {
  enroll_sequence: 'enroll_in_sequence',
  unenroll_sequence: 'unenroll_from_sequence',
  remove_from_sequence: 'unenroll_from_sequence',
  call_webhook: 'webhook_call',
  send_tracked_email: 'send_email',
};

/** Wait units -> duration suffixes. */
export const UNITS: Record<string, string> = {
  second: 's',
  seconds: 's',
  minute: 'm',
  minutes: 'm',
  hour: 'h',
  hours: 'h',
  day: 'd',
  days: 'd',
  week: 'w',
  weeks: 'w',
};

/** Agent types -> the conventional name of the Agent document that implements them. */
export function agentNameForType(type: string): string {
  return type.replace(/_/g, '-');
}
