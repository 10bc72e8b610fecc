/** The project file `aexy.yaml`: workspace, which files to load, Temporal connection and settings. */
import type { JsonSchema } from '../registry/types.js';
import { API_VERSION, closed, NAME_PATTERN } from './fragments.js';

/** A transport setting: plain text or a `${{ secrets.NAME }}` reference resolved at use. */
const setting = (description: string): JsonSchema => ({ type: 'string', description });

const globs = (description: string): JsonSchema => ({
  type: 'array',
  items: { type: 'string', minLength: 1 },
  description,
});

/** The whole `aexy.yaml` schema (without `$schema`/`$id`, added on export). */
export function projectSchemaBody(): JsonSchema {
  return closed(
    {
      apiVersion: {
        const: API_VERSION,
        description: `Schema version of the project file: \`${API_VERSION}\` (optional).`,
      },
      name: {
        type: 'string',
        pattern: NAME_PATTERN,
        description: 'Workspace name (`workspace.name` in expressions; shown by plan and apply).',
      },
      include: globs(
        'Globs of files to load, relative to this file; default `["**/*.yaml", "**/*.yml"]` (aexy.yaml excluded).',
      ),
      exclude: globs('Globs of files to skip (node_modules and .aexy are always skipped).'),
      workspace: {
        type: 'string',
        minLength: 1,
        description:
          'Where the workspace lives: a path to a SQLite file (default `.aexy/workspace.db`) or an `http(s)://` URL of an `aexy serve` API. Overridden by `--workspace` and `AEXY_WORKSPACE`.',
      },
      timezone: {
        type: 'string',
        description: 'Default IANA time zone for schedules and date triggers; default UTC.',
      },
      prune: {
        type: 'boolean',
        description:
          'Let `aexy apply` delete resources whose files are gone (as if `--prune` were given). Default false.',
      },
      chainDepthLimit: {
        type: 'integer',
        minimum: 1,
        maximum: 100,
        description:
          'Maximum depth of automations triggering automations (an action whose event starts another run); deeper runs are SKIPPED with reason `chain_depth`. Default 5.',
      },
      temporal: closed(
        {
          address: {
            type: 'string',
            description:
              'Temporal frontend `host:port`; default: a local dev server started by `aexy dev`. `TEMPORAL_ADDRESS` overrides it.',
          },
          namespace: { type: 'string', description: 'Temporal namespace; default `default`.' },
          taskQueue: { type: 'string', description: 'Task queue of the aexy worker; default `aexy`.' },
          tls: {
            description: 'TLS: `true` for system roots, or file paths for mTLS.',
            anyOf: [
              { type: 'boolean' },
              closed(
                {
                  serverName: { type: 'string', description: 'Server name to verify.' },
                  ca: {
                    type: 'string',
                    description: 'CA certificate (PEM) path (`TEMPORAL_TLS_CA` overrides).',
                  },
                  cert: {
                    type: 'string',
                    description: 'Client certificate (PEM) path (`TEMPORAL_TLS_CERT` overrides).',
                  },
                  key: {
                    type: 'string',
                    description: 'Client key (PEM) path (`TEMPORAL_TLS_KEY` overrides).',
                  },
                },
                [],
                'mTLS files.',
              ),
            ],
            errorMessage: '`tls` is `true`/`false` or `{serverName, ca, cert, key}`',
            'x-code': 'schema/invalid-value',
          },
          apiKeyEnv: {
            type: 'string',
            pattern: '^[A-Z_][A-Z0-9_]*$',
            description:
              'Environment variable holding a Temporal Cloud API key (the key itself never goes in this file).',
          },
        },
        [],
        'Temporal connection.',
      ),
      http: closed(
        {
          allow: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            description:
              'Hosts outbound HTTP actions (webhook_call, api_request) may reach, e.g. `api.example.com`, `*.slack.com`. Private and loopback addresses are refused unless listed.',
          },
        },
        [],
        'Outbound HTTP (SSRF guard).',
      ),
      email: closed(
        {
          smtp: closed(
            {
              host: setting('SMTP server host.'),
              port: {
                type: 'integer',
                minimum: 1,
                maximum: 65535,
                description: 'SMTP port; default 465 with `secure`, else 587.',
              },
              secure: {
                type: 'boolean',
                description: 'TLS from the first byte (port 465); otherwise STARTTLS when offered.',
              },
              user: setting('SMTP user.'),
              pass: setting('SMTP password, e.g. `${{ secrets.SMTP_PASS }}`.'),
            },
            ['host'],
            'The SMTP server send_email uses.',
          ),
          from: setting('Default sender, e.g. `Acme Sales <sales@acme.example>`.'),
          messageIdDomain: {
            type: 'string',
            description: "Domain of generated Message-IDs; default: the sender's domain.",
          },
        },
        ['smtp'],
        'Email delivery (send_email and the other email actions).',
      ),
      slack: closed(
        {
          token: setting('Bot token (`xoxb-...`), e.g. `${{ secrets.SLACK_BOT_TOKEN }}`.'),
          webhookUrl: setting('Incoming-webhook URL, used when there is no token.'),
          baseUrl: { type: 'string', description: 'Slack Web API base; default https://slack.com/api.' },
        },
        [],
        'Slack delivery (send_slack, notify_*).',
      ),
      sms: closed(
        {
          accountSid: setting('Twilio account SID.'),
          authToken: setting('Twilio auth token, e.g. `${{ secrets.TWILIO_AUTH_TOKEN }}`.'),
          from: setting('Sender number or id.'),
          baseUrl: { type: 'string', description: 'Twilio API base; default https://api.twilio.com.' },
        },
        ['accountSid', 'authToken'],
        'SMS delivery (send_sms).',
      ),
      model: closed(
        {
          name: {
            type: 'string',
            minLength: 1,
            description: 'Model of the AI record actions (classify_record, ...), e.g. `gpt-4o-mini`.',
          },
          baseUrl: {
            type: 'string',
            description: 'OpenAI-compatible API base; default https://api.openai.com/v1.',
          },
          apiKey: setting('API key, e.g. `${{ secrets.OPENAI_API_KEY }}`.'),
          temperature: {
            type: 'number',
            minimum: 0,
            maximum: 2,
            description: 'Sampling temperature; default 0.',
          },
        },
        ['name'],
        'The language model of the AI record actions.',
      ),
      settings: {
        type: 'object',
        description: 'Non-secret settings, available to expressions as `workspace.settings.<key>`.',
        additionalProperties: { type: ['string', 'number', 'boolean'] },
      },
    },
    [],
    'The aexy project file.',
  );
}
