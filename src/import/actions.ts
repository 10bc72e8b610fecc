/**
 * Action node `data` -> an aexy action step's `action` and `with`. The UI, the templates, the DAG
 * handler and the flat executor each used their own keys; every known spelling maps to the
 * registry's input key. Keys with no meaning in aexy are reported, never passed on silently.
 */
import type { Registry } from '../registry/types.js';
import { ACTION_IDS } from './vocabulary.js';

type Data = Record<string, unknown>;

/** Keys of node data that describe the node, not the action input. */
const NODE_KEYS = new Set(['label', 'action_type', 'type', 'description', 'config', 'order']);

/** Per action: platform key -> registry input key (or a function for keys that need reshaping). */
type KeyMap = Record<string, string | ((value: unknown, out: Data) => void)>;

const field = (target: string) => (value: unknown, out: Data) => {
  if (typeof value === 'string' && value) out[target] = `{{record.values.${value}}}`;
};

const KEY_MAPS: Record<string, KeyMap> = {
  send_email: {
    recipient: 'to',
    email_to: 'to',
    email_subject: 'subject',
    email_body: 'body',
    message: 'body',
    email_field: field('to'),
  },
  send_slack: {
    channel_id: 'channel',
    message_template: 'message',
    user_email: 'user',
    user_email_field: field('user'),
    slack_target_type: () => {},
    slack_dm_type: () => {},
  },
  send_sms: { phone_field: field('to'), phone: 'to', message_template: 'message' },
  webhook_call: {
    webhook_url: 'url',
    http_method: 'method',
    body_template: (v, out) => (out.body = parseJson(v)),
  },
  api_request: {
    api_url: 'url',
    api_method: 'method',
    api_body: (v, out) => (out.body = parseJson(v)),
    http_method: 'method',
  },
  update_record: {
    field_updates: 'values',
    fields: 'values',
    // The builder's form writes one field as update_field + update_value (handled in convertAction).
    record_id: 'record',
  },
  create_record: {
    target_object_id: 'object',
    object_id: 'object',
    object_type: 'object',
    field_mappings: 'values',
  },
  create_task: {
    task_title: 'title',
    task_description: 'description',
    task_priority: 'priority',
    assignee_id: 'assignee',
    project_id: 'project',
    sprint_id: 'sprint',
  },
  add_to_list: { list_id: 'list' },
  remove_from_list: { list_id: 'list' },
  enroll_in_sequence: { sequence_id: 'sequence' },
  unenroll_from_sequence: { sequence_id: 'sequence' },
  notify_user: { user_id: 'user', user_email: 'user', email_subject: 'subject', message_template: 'message' },
  notify_team: { team_id: 'team', channel_id: 'channel', message_template: 'message' },
};

export interface ActionConversion {
  action: string;
  with: Data;
  /** Keys that have no aexy equivalent (dropped). */
  dropped: string[];
  /** True when the registry has no such action. */
  unknownAction: boolean;
}

/** Converts an action node's data; `config` members are read like top-level keys. */
export function convertAction(type: string, data: Data, registry: Registry): ActionConversion {
  const action = ACTION_IDS[type] ?? type;
  const def = registry.actions.get(action);
  const allowed = new Set(Object.keys((def?.input.properties as Data | undefined) ?? {}));
  const keys = KEY_MAPS[action] ?? {};
  const out: Data = {};
  const dropped: string[] = [];
  const source = { ...(isData(data.config) ? data.config : {}), ...data };
  if (action === 'update_record' && typeof source.update_field === 'string') {
    out.values = { [source.update_field]: source.update_value ?? null };
  }
  for (const [key, value] of Object.entries(source)) {
    if (
      NODE_KEYS.has(key) ||
      key === 'update_field' ||
      key === 'update_value' ||
      value === undefined ||
      value === ''
    )
      continue;
    const mapped = keys[key];
    if (typeof mapped === 'function') mapped(value, out);
    else if (mapped) out[mapped] = value;
    else if (!def || allowed.has(key)) out[key] = value;
    else dropped.push(key);
  }
  return { action, with: out, dropped, unknownAction: !def };
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function isData(value: unknown): value is Data {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
