import type { Command } from 'commander';
import type { ApiToken, TokenScope } from '../workspace/backend.js';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';
import { openForCommand, usingStore } from './workspace-support.js';

interface CreateOptions {
  name: string;
  scope: string;
  expires?: string;
}

const SCOPES_HELP =
  'Scopes: read (state, runs, records), plan (+read), apply (+plan), operate (+read: approve, cancel,\n' +
  'records, events), admin (everything, tokens included).';

/** `aexy tokens create|list|revoke`: the API tokens of the workspace (what `aexy serve` accepts). */
export function registerTokens(program: Command, invocation: Invocation): void {
  const tokens = program
    .command('tokens')
    .description('API tokens of the workspace for `aexy serve`: create (secret shown once), list, revoke');
  tokens
    .command('create')
    .description('create a token; its secret is printed once, to stdout, and only its hash is stored')
    .requiredOption('--name <name>', 'what the token is for (shown by list), e.g. ci or deploy-bot')
    .requiredOption('--scope <scopes>', 'comma-separated scopes: read, plan, apply, operate, admin')
    .option('--expires <duration|date>', 'expire after a duration (90d, 12h) or at an ISO date')
    .addHelpText(
      'after',
      `\n${SCOPES_HELP}\n\nExamples:\n` +
        '  aexy tokens create --name ci --scope plan --expires 90d\n' +
        '  aexy tokens create --name deploy --scope apply\n' +
        '  AEXY_TOKEN=$(aexy tokens create --name bot --scope operate -q) some-tool\n',
    )
    .action(action(invocation, create));
  tokens
    .command('list')
    .description('list the tokens (never their secrets), newest first, revoked ones marked')
    .addHelpText('after', '\nExamples:\n  aexy tokens list\n  aexy tokens list --output json\n')
    .action(action(invocation, list));
  tokens
    .command('revoke')
    .description('revoke a token: requests with it are refused (401) from now on')
    .argument('<id>', 'token id (tok_...), as shown by `aexy tokens list`')
    .addHelpText('after', '\nExamples:\n  aexy tokens revoke tok_3f9c0a1b2c3d\n')
    .action(action(invocation, revoke));
}

async function create(ctx: CommandContext, opts: CreateOptions): Promise<number> {
  const scopes = await parseScopes(opts.scope);
  const expiresAt = await parseExpiry(opts.expires);
  const { backend } = await openForCommand(ctx);
  return usingStore(backend, async () => {
    const { actorName } = await import('../workspace/with-lock.js');
    const { token, secret } = await backend.tokens.create({
      name: opts.name,
      scopes,
      createdBy: actorName(ctx.env),
      expiresAt,
    });
    if (wantsJson(ctx)) writeJson(ctx, 'token', { token, secret });
    else ctx.stdout.write(`${secret}\n`);
    if (!ctx.global.quiet)
      ctx.stderr.write(
        `created ${token.id} (${token.name}, scopes ${token.scopes.join(',')}${expiresAt ? `, expires ${expiresAt}` : ''}).\n` +
          'warning: the secret above is shown only this once; store it now (e.g. as the AEXY_TOKEN secret of your CI).\n',
      );
    return ExitCode.ok;
  });
}

async function list(ctx: CommandContext): Promise<number> {
  const { backend } = await openForCommand(ctx);
  return usingStore(backend, async () => {
    const tokens = await backend.tokens.list();
    if (wantsJson(ctx)) {
      writeJson(ctx, 'tokens', { tokens });
      return ExitCode.ok;
    }
    if (tokens.length === 0) {
      ctx.stdout.write('no tokens; create one with: aexy tokens create --name ci --scope plan\n');
      return ExitCode.ok;
    }
    const { renderTable } = await import('../ui/table.js');
    const header = ['ID', 'NAME', 'SCOPES', 'CREATED', 'EXPIRES', 'LAST USED', 'STATUS'];
    ctx.stdout.write(renderTable(header, tokens.map(row)));
    return ExitCode.ok;
  });
}

function row(token: ApiToken): string[] {
  const day = (iso?: string) => (iso ? iso.slice(0, 16).replace('T', ' ') : '-');
  const expired = token.expiresAt !== undefined && Date.parse(token.expiresAt) <= Date.now();
  const status = token.revokedAt ? 'revoked' : expired ? 'expired' : 'active';
  return [
    token.id,
    token.name,
    token.scopes.join(','),
    day(token.createdAt),
    day(token.expiresAt),
    day(token.lastUsedAt),
    status,
  ];
}

async function revoke(ctx: CommandContext, _opts: unknown, args: string[]): Promise<number> {
  const id = args[0] as string;
  const { backend } = await openForCommand(ctx);
  return usingStore(backend, async () => {
    const token = await backend.tokens.revoke(id);
    if (!token)
      throw new UserError(`no token ${id} in this workspace`, 'list them with: aexy tokens list', {
        code: 'not_found',
      });
    if (wantsJson(ctx)) writeJson(ctx, 'token-revoked', { token });
    else ctx.stdout.write(`revoked ${token.id} (${token.name})\n`);
    return ExitCode.ok;
  });
}

/** `plan,apply` -> scopes; an unknown one is a UserError with a suggestion. */
async function parseScopes(text: string): Promise<TokenScope[]> {
  const { TOKEN_SCOPES } = await import('../workspace/backend.js');
  const scopes = [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  for (const scope of scopes) {
    if (TOKEN_SCOPES.includes(scope as TokenScope)) continue;
    const { didYouMean } = await import('../schema/did-you-mean.js');
    const guess = didYouMean(scope, TOKEN_SCOPES);
    throw new UserError(
      `unknown scope "${scope}"${guess ? ` (did you mean "${guess}"?)` : ''}`,
      `scopes are ${TOKEN_SCOPES.join(', ')}`,
    );
  }
  if (scopes.length === 0)
    throw new UserError('--scope needs at least one scope', `scopes are ${TOKEN_SCOPES.join(', ')}`);
  return scopes as TokenScope[];
}

/** `90d` from now, or an ISO date; must be in the future. */
async function parseExpiry(text: string | undefined): Promise<string | undefined> {
  if (text === undefined) return undefined;
  const { parseDuration } = await import('../compiler/duration.js');
  const ms = parseDuration(text);
  const at = ms !== undefined ? Date.now() + ms : Date.parse(text);
  if (Number.isNaN(at))
    throw new UserError(
      `--expires must be a duration or an ISO date, got "${text}"`,
      'for example: --expires 90d',
    );
  if (at <= Date.now()) throw new UserError(`--expires ${text} is not in the future`);
  return new Date(at).toISOString();
}
