/**
 * Actions every module may use: communication (email, Slack, SMS), outbound HTTP, tasks and
 * notifications. Outbound HTTP goes through the project's `http.allow` list (SSRF guard).
 */
import { defineAction, requireOneOf } from '../define.js';
import { DURATION_PATTERN, data, input } from '../schema-helpers.js';
import type { ActionDef } from '../types.js';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const httpOutput = {
  status: data.integer('HTTP status code.'),
  headers: data.map('Response headers (lower-case names).', { type: 'string' }),
  body: data.any('Response body: parsed JSON when the response is JSON, else text.'),
  durationMs: data.integer('Round-trip time in milliseconds.'),
};
const httpExample = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: { ok: true },
  durationMs: 112,
};

const timeoutInput = {
  type: 'string',
  pattern: DURATION_PATTERN,
  description: 'Request timeout; default `30s`.',
};

export const commonActions: ActionDef[] = [
  defineAction({
    id: 'send_email',
    module: 'common',
    summary: 'Send an email (tracked: opens, clicks and replies become events).',
    input: {
      to: input.stringOrList('Recipient address or list of addresses.'),
      cc: input.stringOrList('Cc addresses.'),
      bcc: input.stringOrList('Bcc addresses.'),
      from: input.string('Sender address; default: the workspace sender.'),
      replyTo: input.string('Reply-To address.'),
      subject: input.string('Subject line.', { minLength: 1 }),
      body: input.string('Body (Markdown; rendered to HTML and plain text).', { minLength: 1 }),
      trackOpens: input.boolean('Track opens (emits `email.opened`); default true.'),
      trackClicks: input.boolean('Track link clicks (emits `email.clicked`); default true.'),
    },
    required: ['to', 'subject', 'body'],
    output: {
      messageId: data.string('Provider message id; what `email.*` events refer to as `emailId`.'),
      threadId: data.string('Thread id (replies arrive on it).'),
      to: data.strings('Recipients it was sent to.'),
      status: data.enum(['sent', 'queued'], 'Delivery status at send time.'),
    },
    sideEffect: true,
    example: { messageId: 'msg_01HZX3', threadId: 'thr_01HZX3', to: ['ada@example.com'], status: 'sent' },
  }),
  defineAction({
    id: 'send_slack',
    module: 'common',
    summary: 'Post a Slack message to a channel or as a direct message.',
    input: {
      channel: input.string('Channel name (`#sales`) or id.'),
      user: input.string('Email of a workspace user to message directly (instead of a channel).'),
      message: input.string('Message text (Slack mrkdwn).', { minLength: 1 }),
      blocks: input.list(
        { type: 'object' },
        'Slack Block Kit blocks (optional; `message` is the fallback text).',
      ),
      thread: input.string('Reply in this thread (`ts` of the parent message).'),
    },
    required: ['message'],
    inputExtra: requireOneOf(['channel', 'user'], 'send_slack'),
    output: {
      channel: data.string('Channel id it was posted to.'),
      ts: data.string('Message timestamp (its id in Slack).'),
    },
    sideEffect: true,
    example: { channel: 'C024BE91L', ts: '1732665600.000200' },
  }),
  defineAction({
    id: 'send_sms',
    module: 'common',
    summary: 'Send a text message.',
    input: {
      to: input.string('Phone number in E.164 form, e.g. `+4915123456789`.'),
      message: input.string('Message text.', { minLength: 1, maxLength: 1600 }),
      from: input.string('Sender id or number; default: the workspace sender.'),
    },
    required: ['to', 'message'],
    output: {
      messageId: data.string('Provider message id.'),
      to: data.string('Recipient number.'),
      status: data.enum(['sent', 'queued'], 'Delivery status at send time.'),
    },
    sideEffect: true,
    example: { messageId: 'sms_8812', to: '+4915123456789', status: 'queued' },
  }),
  defineAction({
    id: 'webhook_call',
    module: 'common',
    summary: 'POST an event to a URL, signed with HMAC-SHA256 when a secret is given.',
    input: {
      url: input.string('Target URL; its host must be in the project `http.allow` list.'),
      method: input.enum(HTTP_METHODS, 'HTTP method; default POST.'),
      headers: input.map('Extra request headers.', { type: 'string' }),
      body: input.any('JSON body; default `{event, automation, run, record, trigger}`.'),
      secret: input.string(
        'Signing secret, e.g. `${{ secrets.PARTNER_HOOK_SECRET }}`; adds `X-Aexy-Signature: sha256=<hex>`.',
      ),
      timeout: timeoutInput,
    },
    required: ['url'],
    output: httpOutput,
    sideEffect: true,
    example: httpExample,
  }),
  defineAction({
    id: 'api_request',
    module: 'common',
    summary: 'Call an HTTP API and use its response in later steps.',
    input: {
      url: input.string('Request URL; its host must be in the project `http.allow` list.'),
      method: input.enum(HTTP_METHODS, 'HTTP method; default GET.'),
      headers: input.map('Request headers.', { type: 'string' }),
      query: input.map('Query parameters.'),
      body: input.any('JSON body.'),
      auth: input.object(
        {
          type: input.enum(['bearer', 'basic', 'api_key'], 'Authentication scheme.'),
          token: input.string('Bearer token or API key, e.g. `${{ secrets.CRM_API_TOKEN }}`.'),
          username: input.string('Basic auth user.'),
          password: input.string('Basic auth password.'),
          header: input.string('Header for `api_key`; default `X-API-Key`.'),
        },
        ['type'],
        'Authentication.',
      ),
      expectStatus: input.list({ type: 'integer' }, 'Status codes counted as success; default 2xx.'),
      timeout: timeoutInput,
    },
    required: ['url'],
    output: httpOutput,
    sideEffect: true,
    example: httpExample,
  }),
  defineAction({
    id: 'create_task',
    module: 'common',
    summary: 'Create a task (in the sprint board or the backlog).',
    input: {
      title: input.string('Task title.', { minLength: 1 }),
      description: input.string('Task description (Markdown).'),
      priority: input.enum(['critical', 'high', 'medium', 'low'], 'Priority; default medium.'),
      assignee: input.string('User id or email of the assignee.'),
      project: input.string('Project id; its first team owns the task.'),
      sprint: input.string('Sprint id; default: the backlog.'),
      due: input.string('Due in a duration (`2d`) or at an ISO date.'),
      labels: input.list({ type: 'string' }, 'Labels.'),
      record: input.string('CRM record to link the task to; default: the trigger record, if any.'),
    },
    required: ['title'],
    output: {
      taskId: data.string('Id of the new task.'),
      status: data.string('Initial status (`todo`).'),
    },
    sideEffect: true,
    example: { taskId: 'task_4821', status: 'todo' },
  }),
  defineAction({
    id: 'notify_user',
    module: 'common',
    summary: 'Notify one user by Slack, email or in-app notification.',
    input: {
      user: input.string('User id or email.'),
      message: input.string('Message text.', { minLength: 1 }),
      channel: input.enum(['slack', 'email', 'in_app', 'all'], 'Delivery channel; default slack.'),
      subject: input.string('Subject when sent by email.'),
    },
    required: ['user', 'message'],
    output: {
      delivered: data.list(
        data.enum(['slack', 'email', 'in_app'], 'Channel.'),
        'Channels it was delivered on.',
      ),
    },
    sideEffect: true,
    example: { delivered: ['slack'] },
  }),
  defineAction({
    id: 'notify_team',
    module: 'common',
    summary: "Post to a team's channel (or the workspace default channel).",
    input: {
      team: input.string('Team id or slug; its Slack channel is used.'),
      channel: input.string('Channel name or id (instead of a team).'),
      message: input.string('Message text.', { minLength: 1 }),
    },
    required: ['message'],
    output: {
      channel: data.string('Channel id it was posted to.'),
      ts: data.string('Message timestamp.'),
    },
    sideEffect: true,
    example: { channel: 'C0SALES01', ts: '1732665601.000300' },
  }),
];
