/**
 * Every user-facing error of the workspace, PostgreSQL and remote backends gets its documented
 * code and the details a pipeline needs; the error envelope is one JSON line of the documented shape.
 */
import { describe, expect, it } from 'vitest';
import { ExitCode, UserError } from '../../../src/commands/context.js';
import { ERROR_CODES } from '../../../src/commands/error-codes.js';
import { writeJsonError } from '../../../src/commands/output.js';
import { translate } from '../../../src/commands/workspace-support.js';
import * as remote from '../../../src/remote/errors.js';
import { InvalidWorkspaceUrlError } from '../../../src/remote/workspace-url.js';
import * as workspace from '../../../src/workspace/errors.js';
import { RecordNotFoundError } from '../../../src/workspace/records/types.js';

const URL = 'http://127.0.0.1:1/workspaces/acme';
const LOCK = {
  id: 'lock_1',
  holder: 'ci',
  operation: 'apply',
  host: 'runner',
  pid: 7,
  createdAt: '2026-11-27T10:00:00.000Z',
  expiresAt: '2026-11-27T10:15:00.000Z',
};

async function coded(error: Error): Promise<UserError> {
  const translated = await translate(error);
  expect(translated).toBeInstanceOf(UserError);
  return translated as UserError;
}

describe('translate: codes and details', () => {
  const cases: Array<[Error, string, Record<string, unknown> | undefined]> = [
    [
      new workspace.StalePlanError({ lineage: 'a', serial: 1 }, { lineage: 'a', serial: 2 }),
      'stale_plan',
      { expected: { lineage: 'a', serial: 1 }, actual: { lineage: 'a', serial: 2 } },
    ],
    [new workspace.LockHeldError(LOCK), 'lock_held', { lock: LOCK }],
    [new workspace.LockLostError('lock_9'), 'lock_lost', { lockId: 'lock_9' }],
    [
      new workspace.WorkspaceTooNewError('ws.db', 9, 3),
      'workspace_too_new',
      { schemaVersion: 9, supportedVersion: 3 },
    ],
    [new workspace.UnsupportedLocationError('ftp://x'), 'unsupported_location', undefined],
    [new workspace.PlanNotApplicableError('errors'), 'plan_not_applicable', undefined],
    [
      new workspace.PostgresConnectError('postgres://h/db', 'ECONNREFUSED'),
      'postgres_unreachable',
      undefined,
    ],
    [
      new remote.ServerUnreachableError(URL, 'ECONNREFUSED', 4),
      'remote_unreachable',
      { url: URL, attempts: 4, reason: 'ECONNREFUSED' },
    ],
    [new remote.RequestTimeoutError(URL, 5000), 'remote_timeout', { url: URL, timeoutMs: 5000 }],
    [new remote.MissingTokenError(URL), 'unauthenticated', { reason: 'missing_token' }],
    [new remote.UnauthenticatedError(URL, 'acme'), 'unauthenticated', { workspace: 'acme' }],
    [
      new remote.ForbiddenError(URL, 'apply', ['read', 'plan']),
      'forbidden',
      { required: 'apply', granted: ['read', 'plan'] },
    ],
    [new remote.ServerError(URL, 502, '', 'bad gateway'), 'server_error', { status: 502 }],
    [
      new remote.ServerError(URL, 503, 'temporal_unavailable', 'down'),
      'temporal_unreachable',
      { status: 503, serverCode: 'temporal_unavailable' },
    ],
    [new remote.RemoteRequestError(URL, 400, 'bad_request', 'bad'), 'invalid_input', { status: 400 }],
    [new remote.RemoteRequestError(URL, 404, 'not_found', 'gone'), 'not_found', { status: 404 }],
    [new remote.RemoteRequestError(URL, 429, 'rate_limited', 'slow'), 'rate_limited', { status: 429 }],
    [new remote.RemoteRequestError(URL, 418, '418', 'teapot'), 'remote_request_failed', { status: 418 }],
    [new remote.RemoteNotSupportedError('runs retry', URL), 'remote_not_supported', undefined],
    [
      new InvalidWorkspaceUrlError('http://x', 'no /workspaces/'),
      'unsupported_location',
      { url: 'http://x' },
    ],
    [new RecordNotFoundError('deals', 'd1'), 'not_found', { object: 'deals', id: 'd1' }],
  ];

  it.each(cases)('%s -> %s', async (error, code, details) => {
    const user = await coded(error);
    expect(user.code).toBe(code);
    expect(user.details).toEqual(details);
    expect(user.message).toBe(error.message);
    expect(user.exitCode).toBe(ExitCode.findings);
    expect(Object.keys(ERROR_CODES)).toContain(code);
  });

  it('leaves other errors alone (they are internal errors)', async () => {
    const bug = new TypeError('x is undefined');
    expect(await translate(bug)).toBe(bug);
  });
});

describe('UserError and the envelope', () => {
  it('defaults to user_error and exit 1; keeps the old exit-code argument', () => {
    expect(new UserError('m', 'h')).toMatchObject({ code: 'user_error', exitCode: 1, hint: 'h' });
    expect(new UserError('m', undefined, ExitCode.changes)).toMatchObject({
      code: 'user_error',
      exitCode: 2,
    });
    expect(new UserError('m', undefined, { code: 'confirmation_needed', exitCode: 2 })).toMatchObject({
      code: 'confirmation_needed',
      exitCode: 2,
    });
  });

  it('writes one line: formatVersion, kind error, no empty hint or details', () => {
    let out = '';
    const ctx = { stdout: { write: (s: string) => (out += s) } } as Parameters<typeof writeJsonError>[0];
    writeJsonError(ctx, { code: 'not_found', message: 'no run r1', hint: '', details: {} });
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trimEnd().includes('\n')).toBe(false);
    expect(JSON.parse(out)).toEqual({
      formatVersion: 1,
      kind: 'error',
      error: { code: 'not_found', message: 'no run r1' },
    });
  });
});
