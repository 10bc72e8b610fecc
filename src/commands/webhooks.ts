import type { Command } from 'commander';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { wantsJson, writeJson } from './output.js';
import { type RuntimeSession, withRuntime } from './runtime-support.js';

interface RotateOptions {
  grace: string;
}

/** `aexy webhooks secret show|rotate AUTOMATION`: the signing secrets of webhook automations. */
export function registerWebhooks(program: Command, invocation: Invocation): void {
  const webhooks = program
    .command('webhooks')
    .description('inbound webhooks: the per-automation signing secrets of POST /hooks/WORKSPACE/AUTOMATION');
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
    const { WebhookSecretStore } = await import('../runtime/ingress/secrets.js');
    const store = new WebhookSecretStore(session.db);
    const secret = verb === 'rotate' ? store.rotate(name, graceMs) : store.ensure(name);
    const path = `/hooks/${encodeURIComponent(session.settings.workspace)}/${encodeURIComponent(name)}`;
    if (wantsJson(ctx)) writeJson(ctx, 'webhook-secret', { ...secret, path });
    else {
      ctx.stdout.write(`${secret.secret}\n`);
      ctx.stderr.write(`POST ${path} signed with this secret (X-Aexy-Timestamp, X-Aexy-Signature)\n`);
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
