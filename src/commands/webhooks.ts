import type { Command } from 'commander';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';
import { type RuntimeSession, withRuntime } from './runtime-support.js';

interface RotateOptions {
  grace: string;
}

interface SignOptions {
  data: string;
  url: string;
}

/** `aexy webhooks secret show|rotate AUTOMATION`: the signing secrets of webhook automations. */
export function registerWebhooks(program: Command, invocation: Invocation): void {
  const webhooks = program
    .command('webhooks')
    .description(
      'inbound webhooks: the per-automation signing secrets checked by aexy serve and aexy serve-ingress',
    );
  const secret = webhooks
    .command('secret')
    .description('show or rotate the signing secret of a webhook automation');
  secret
    .command('show')
    .description('print the secret (created on first use) and the URL path to send signed requests to')
    .argument('<automation>', 'automation with a webhook.received trigger')
    .addHelpText(
      'after',
      '\nSenders sign "<timestamp>.<raw body>" with HMAC-SHA256 and send\n' +
        '  X-Aexy-Timestamp: <unix seconds>\n  X-Aexy-Signature: sha256=<hex>\n\nExamples:\n' +
        '  aexy webhooks secret show stripe-payment\n  aexy webhooks secret show stripe-payment --output json\n',
    )
    .action(action(invocation, (ctx, _opts, args) => withSecret(ctx, args[0] as string, 'show')));
  secret
    .command('rotate')
    .description('replace the secret; the old one stays valid for a grace period')
    .argument('<automation>', 'automation with a webhook.received trigger')
    .option('--grace <duration>', 'how long the old secret stays valid (e.g. 24h, 30m, 0s)', '24h')
    .addHelpText(
      'after',
      '\nExamples:\n  aexy webhooks secret rotate stripe-payment\n  aexy webhooks secret rotate stripe-payment --grace 1h\n',
    )
    .action(
      action(invocation, (ctx, opts: RotateOptions, args) =>
        withSecret(ctx, args[0] as string, 'rotate', opts.grace),
      ),
    );
  registerSign(webhooks, invocation);
}

/** `aexy webhooks sign`: headers (and a curl command) for a test request, signed with the current secret. */
function registerSign(webhooks: Command, invocation: Invocation): void {
  webhooks
    .command('sign')
    .description('sign a body with the automation secret and print the headers and a curl command to send it')
    .argument('<automation>', 'automation with a webhook.received trigger')
    .requiredOption('--data <json|@file>', 'the exact body to send')
    .option(
      '--url <base>',
      'where to send it: an `aexy serve-ingress` base URL (POST BASE/hooks/WORKSPACE/AUTOMATION), or an `aexy serve` workspace URL ending in /workspaces/NAME (POST URL/hooks/AUTOMATION)',
      'http://127.0.0.1:8787',
    )
    .addHelpText(
      'after',
      '\nThe URL form decides the path: a base URL targets `aexy serve-ingress`; a URL ending in\n' +
        "/workspaces/NAME (what `aexy serve` prints) or in /workspaces/ (this workspace's name added)\n" +
        'targets `aexy serve`. The signature is the same for both.\n' +
        `\nExamples:\n  aexy webhooks sign stripe-payment --data '{"amount":42}'\n` +
        '  aexy webhooks sign stripe-payment --data @event.json --url http://127.0.0.1:8787 --output json\n' +
        '  aexy webhooks sign stripe-payment --data @event.json --url https://aexy.example.com/workspaces/acme\n',
    )
    .action(action(invocation, (ctx, opts: SignOptions, args) => sign(ctx, args[0] as string, opts)));
}

async function sign(ctx: CommandContext, name: string, opts: SignOptions): Promise<number> {
  let body = opts.data;
  if (body.startsWith('@')) {
    const { readFile } = await import('node:fs/promises');
    const { resolve } = await import('node:path');
    body = await readFile(resolve(ctx.cwd, body.slice(1)), 'utf8').catch((error: Error) => {
      throw new UserError(`cannot read --data file: ${error.message}`);
    });
  }
  return withRuntime(ctx, async (session) => {
    await requireWebhookAutomation(session, name);
    const { signWebhook } = await import('../runtime/ingress/signature.js');
    const { secret } = await session.backend.webhookSecrets.ensure(name);
    const signed = signWebhook(secret, Math.floor(Date.now() / 1000), body);
    const url = hookUrl(opts.url, session.settings.workspace, name);
    const headers = { 'X-Aexy-Timestamp': signed.timestamp, 'X-Aexy-Signature': signed.signature };
    if (wantsJson(ctx)) writeJson(ctx, 'webhook-signature', { url, headers, body });
    else {
      const quoted = body.replace(/'/g, "'\\''");
      ctx.stdout.write(
        `curl -X POST '${url}' -H 'content-type: application/json' -H 'X-Aexy-Timestamp: ${signed.timestamp}' -H 'X-Aexy-Signature: ${signed.signature}' --data-raw '${quoted}'\n`,
      );
      ctx.stderr.write('valid for 5 minutes, once (a replay is refused with 409)\n');
    }
    return ExitCode.ok;
  });
}

/**
 * Where a signed request for `automation` goes: `aexy serve` serves hooks under its workspace URL
 * (`…/workspaces/NAME/hooks/AUTOMATION`), `aexy serve-ingress` under `BASE/hooks/WORKSPACE/AUTOMATION`.
 * The URL's path says which: one ending in `/workspaces/NAME` (or `/workspaces/`) is an `aexy serve` one.
 */
export function hookUrl(base: string, workspace: string, automation: string): string {
  const trimmed = base.replace(/\/+$/, '');
  const path = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  const hook = encodeURIComponent(automation);
  if (/\/workspaces\/[^/]+$/.test(path)) return `${trimmed}/hooks/${hook}`;
  if (/\/workspaces$/.test(path)) return `${trimmed}/${encodeURIComponent(workspace)}/hooks/${hook}`;
  return `${trimmed}/hooks/${encodeURIComponent(workspace)}/${hook}`;
}

async function withSecret(
  ctx: CommandContext,
  name: string,
  verb: 'show' | 'rotate',
  grace?: string,
): Promise<number> {
  const { parseDuration } = await import('../compiler/duration.js');
  const graceMs = grace === undefined ? undefined : parseDuration(grace);
  if (grace !== undefined && graceMs === undefined)
    throw new UserError(`--grace must be a duration like 24h or 30m, got "${grace}"`);
  return withRuntime(ctx, async (session) => {
    await requireWebhookAutomation(session, name);
    const store = session.backend.webhookSecrets;
    const secret = verb === 'rotate' ? await store.rotate(name, graceMs) : await store.ensure(name);
    const workspace = encodeURIComponent(session.settings.workspace);
    const path = `/hooks/${workspace}/${encodeURIComponent(name)}`;
    const servePath = `/workspaces/${workspace}/hooks/${encodeURIComponent(name)}`;
    if (wantsJson(ctx)) writeJson(ctx, 'webhook-secret', { ...secret, path, servePath });
    else {
      ctx.stdout.write(`${secret.secret}\n`);
      ctx.stderr.write(
        `POST ${path} (aexy serve-ingress) or ${servePath} (aexy serve) signed with this secret (X-Aexy-Timestamp, X-Aexy-Signature)\n`,
      );
      if (secret.previous)
        ctx.stderr.write(`the previous secret stays valid until ${secret.previous.validUntil}\n`);
    }
    return ExitCode.ok;
  });
}

async function requireWebhookAutomation(session: RuntimeSession, name: string): Promise<void> {
  const { workspaceAutomations } = await import('../runtime/router/automation-source.js');
  const automation = (await workspaceAutomations(session.store)()).find((a) => a.name === name);
  if (!automation)
    throw new UserError(`no applied automation named ${name}`, 'apply it first: aexy plan && aexy apply');
  if (automation.ir.trigger.type !== 'webhook.received')
    throw new UserError(
      `${name} has a ${automation.ir.trigger.type} trigger; only webhook.received automations have secrets`,
    );
}
