import type { Command } from 'commander';
import type { Ingress } from '../runtime/ingress/server.js';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, wantsJson, writeJson } from './output.js';
import { openRuntimeStore, type RuntimeSession, untilSignal } from './runtime-support.js';

interface ServeOptions {
  host: string;
  port: string;
}

/** `aexy serve-ingress`: the HTTP ingress alone (signed webhooks and the events endpoint). */
export function registerServeIngress(program: Command, invocation: Invocation): void {
  program
    .command('serve-ingress')
    .description(
      'serve the HTTP ingress: signed webhooks (POST /hooks/WORKSPACE/AUTOMATION) and communication events (POST /events/WORKSPACE)',
    )
    .option(
      '--host <host>',
      'address to listen on (loopback by default; put a TLS proxy in front for the internet)',
      '127.0.0.1',
    )
    .option('--port <port>', 'port (0: any free port)', '8787')
    .addHelpText(
      'after',
      '\nAccepted requests go into the workspace outbox; a router (aexy dev / aexy worker) starts the runs.\n' +
        '/events/ needs `Authorization: Bearer $AEXY_INGRESS_TOKEN` (the endpoint is off without it).\n\nExamples:\n' +
        '  aexy serve-ingress\n  AEXY_INGRESS_TOKEN=... aexy serve-ingress --host 0.0.0.0 --port 8080\n',
    )
    .action(action(invocation, serve));
}

async function serve(ctx: CommandContext, opts: ServeOptions): Promise<number> {
  const session = await openRuntimeStore(ctx, 'serve-ingress');
  try {
    const ingress = await startIngressFor(ctx, session, opts.host, Number(opts.port));
    // Listen for signals before announcing: whoever reads the URL may stop the ingress at once.
    const stopped = untilSignal();
    if (wantsJson(ctx))
      writeJson(ctx, 'ingress', { url: ingress.url, workspace: session.settings.workspace });
    else
      ctx.stdout.write(
        `aexy ingress on ${ingress.url} (workspace ${session.settings.workspace}); Ctrl-C stops it\n`,
      );
    const signal = await stopped;
    progress(ctx, `${signal}: stopping the ingress`);
    await ingress.close();
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}

/** Starts the ingress on a session's workspace (also used by `aexy dev`). */
export async function startIngressFor(
  ctx: CommandContext,
  session: RuntimeSession,
  host: string,
  port: number,
  dev = false,
): Promise<Ingress> {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError(`--port must be a port number, got "${port}"`);
  const { startIngress } = await import('../runtime/ingress/server.js');
  const { workspaceAutomations } = await import('../runtime/router/automation-source.js');
  const automations = workspaceAutomations(session.store);
  return startIngress(
    {
      workspace: session.settings.workspace,
      events: session.stores.events,
      secrets: session.backend.webhookSecrets,
      automations: async () => (await automations()).map((a) => a.ir),
      token: ctx.env.AEXY_INGRESS_TOKEN || undefined,
      allowUnsigned: dev,
    },
    host,
    port,
  ).catch((error: Error) => {
    throw new UserError(`cannot listen on ${host}:${port}: ${error.message}`, 'pick another --port');
  });
}
