/**
 * The stable machine codes of user-facing errors: `.error.code` of the `kind: "error"` envelope that
 * `--output json` prints on failure. A pipeline branches on these, never on a message's wording, so
 * codes are added freely and never renamed. docs/cli.md renders this table.
 */
export const ERROR_CODES = {
  stale_plan: 'the saved plan was made against another workspace serial or lineage: plan again',
  lock_held:
    'another operation holds the workspace lock; `details.lock` is the holder (id, holder, operation, host, pid, createdAt, expiresAt)',
  lock_lost: 'the lock expired or was removed during the operation; nothing was applied',
  plan_not_applicable: 'the plan has errors and cannot be applied',
  workspace_too_new: 'the workspace was written by a newer aexy',
  workspace_unreadable:
    'the workspace location is a file but not an aexy workspace (not SQLite, or damaged); `details.location`',
  unsupported_location: 'the workspace location names no backend (unknown scheme, unusable URL)',
  postgres_unreachable: 'the PostgreSQL workspace cannot be reached or refused the connection',
  remote_unreachable:
    'no connection to the workspace server after the retries; `details.url`, `details.attempts`',
  remote_timeout: 'the workspace server did not answer in time',
  remote_not_supported: 'the operation needs the store itself, not the workspace API',
  unauthenticated: 'no token (`details.reason: "missing_token"`), or the server refused it (401)',
  forbidden: 'the token lacks a scope (403); `details.required`, `details.granted`',
  server_error: 'the workspace server failed (5xx); `details.status`',
  temporal_unreachable: 'Temporal cannot be reached (by this command, or by the workspace server)',
  not_found: 'the thing named does not exist (a run, a record, an applied automation, an API path)',
  conflict: 'the thing already exists, or changed meanwhile',
  rate_limited: 'the workspace server asks to slow down',
  payload_too_large: 'the request body is over the server limit',
  confirmation_needed: 'apply needs a yes but stdin is not a terminal (exit code 2): pass --auto-approve',
  invalid_input: 'an option or input the command cannot use',
  remote_request_failed: 'another refusal of the workspace server; `details.status`',
  user_error: 'any other mistake a user can fix: the message and hint say which',
  internal: 'a bug (exit code 3): report it with the command you ran',
} as const;

/** A documented error code. */
export type KnownErrorCode = keyof typeof ERROR_CODES;

/** A documented code, or one a workspace server relayed that this build does not know yet. */
export type ErrorCode = KnownErrorCode | (string & {});
