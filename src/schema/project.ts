/** The project file `aexy.yaml`: workspace, which files to load, Temporal connection and settings. */
import type { JsonSchema } from '../registry/types.js';
import { API_VERSION, closed, NAME_PATTERN } from './fragments.js';

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
                  caFile: { type: 'string', description: 'CA certificate (PEM) path.' },
                  certFile: { type: 'string', description: 'Client certificate (PEM) path.' },
                  keyFile: { type: 'string', description: 'Client key (PEM) path.' },
                },
                [],
                'mTLS files.',
              ),
            ],
            errorMessage: '`tls` is `true`/`false` or `{serverName, caFile, certFile, keyFile}`',
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
