import type { Command } from 'commander';
import { type CommandContext, ExitCode, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, wantsJson, writeJson } from './output.js';
import { openRuntimeStore, untilSignal } from './runtime-support.js';
import { startHost } from './worker.js';

interface DevOptions {
  ui?: boolean;
  port?: string;
  router: boolean;
  ingressPort?: string;
  ingress: boolean;
}

/** `aexy dev`: a dev server, a worker and the router in one process. */
export function registerDev(program: Command, invocation: Invocation): void {
  program
    .command('dev')
    .description(
      'run everything locally: a Temporal dev server (state in .aexy/temporal.db), a worker and the router',
    )
    .option('--ui', "also serve Temporal's web UI")
    .option('--port <port>', 'dev server gRPC port (default 7233, or a free port when taken)')
    .option('--no-router', 'do not route events from the workspace outbox')
    .option(
      '--ingress-port <port>',
      'HTTP ingress port on 127.0.0.1 (default 8787, or a free port when taken)',
    )
    .option('--no-ingress', 'do not serve the HTTP ingress (webhooks, events)')
    .addHelpText(
      'after',
      '\nOther commands of the project (events emit, run, approve) find this dev server through\n' +
        '.aexy/dev.json while it runs. Ctrl-C stops the router, the worker and the server.\n\nExamples:\n' +
        '  aexy dev\n  aexy dev --ui\n  aexy dev --port 7300 --output json\n',
    )
    .action(action(invocation, dev));
}

async function dev(ctx: CommandContext, opts: DevOptions): Promise<number> {
  const session = await openRuntimeStore(ctx, 'dev');
  const { join } = await import('node:path');
  const { writeFileSync, rmSync } = await import('node:fs');
  const { DEV_STATE_FILE } = await import('../runtime/settings.js');
  const server = await startServer(ctx, join(session.projectDir, '.aexy', 'temporal.db'), opts).catch(
    async (error: Error) => {
      await session.close();
      throw error;
    },
  );
  const stateFile = join(session.projectDir, DEV_STATE_FILE);
  try {
    Object.assign(session.settings.temporal, {
      address: server.address,
      namespace: server.namespace,
      source: 'aexy dev',
    });
    delete session.settings.temporal.tls;
    delete session.settings.temporal.apiKey;
    const host = await startHost(ctx, session, opts.router);
    const ingress = opts.ingress ? await startDevIngress(ctx, session, opts) : undefined;
    const state = {
      pid: process.pid,
      address: server.address,
      namespace: server.namespace,
      taskQueue: session.settings.temporal.taskQueue,
      uiUrl: server.uiUrl,
      startedAt: new Date().toISOString(),
    };
    writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
    announce(ctx, {
      ...state,
      workspace: session.workspaceLocation,
      router: opts.router,
      workflows: host.workflowCode,
      ingressUrl: ingress?.url,
    });
    const signal = await Promise.race([untilSignal(), host.done.then(() => undefined)]);
    progress(ctx, `${signal ?? 'worker stopped'}: stopping the router, the worker and the dev server...`);
    await ingress?.close();
    await host.stop();
    return ExitCode.ok;
  } finally {
    rmSync(stateFile, { force: true });
    await server.stop();
    await session.close();
    progress(ctx, 'stopped');
  }
}

async function startServer(ctx: CommandContext, dbFilename: string, opts: DevOptions) {
  const { startDevServer } = await import('../runtime/temporal/dev-server.js');
  const port = opts.port ? Number(opts.port) : await preferredPort(7233);
  if (!Number.isInteger(port) || port <= 0)
    throw new UserError(`--port must be a port number, got "${opts.port}"`);
  progress(ctx, `starting the Temporal dev server (${dbFilename})...`);
  return startDevServer({
    env: ctx.env,
    dbFilename,
    port,
    ui: opts.ui,
    onProgress: (l) => progress(ctx, l),
  }).catch((error: Error) => {
    throw new UserError(error.message);
  });
}

/** `port` when it is free, else any free port (a second project's `aexy dev` must not collide). */
async function preferredPort(port: number): Promise<number> {
  const { createServer } = await import('node:net');
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  if (free) return port;
  const { freePort } = await import('../runtime/temporal/free-port.js');
  return freePort();
}

function announce(ctx: CommandContext, info: Record<string, unknown>): void {
  if (wantsJson(ctx)) {
    writeJson(ctx, 'dev', info);
    return;
  }
  ctx.stdout.write(
    [
      'aexy dev is running:',
      `  Temporal dev server  ${info.address} (namespace ${info.namespace})${info.uiUrl ? `, web UI ${info.uiUrl}` : ''}`,
      `  worker               task queue ${info.taskQueue}, workflows ${info.workflows}`,
      `  router               ${info.router ? 'routing events from the workspace outbox' : 'off'}`,
      `  ingress              ${info.ingressUrl ? `${info.ingressUrl}/hooks/WORKSPACE/AUTOMATION, ${info.ingressUrl}/events/WORKSPACE` : 'off'}`,
      `  workspace            ${info.workspace}`,
      'Fire an event with `aexy events emit TYPE --data JSON` or write a record with `aexy records create`.',
      'Press Ctrl-C to stop everything.',
      '',
    ].join('\n'),
  );
}

/** The ingress of `aexy dev`: --ingress-port, else 8787 when free, else any free port. */
async function startDevIngress(
  ctx: CommandContext,
  session: Parameters<typeof startHost>[1],
  opts: DevOptions,
) {
  const { startIngressFor } = await import('./serve-ingress.js');
  const port = opts.ingressPort ? Number(opts.ingressPort) : await preferredPort(8787);
  return startIngressFor(ctx, session, '127.0.0.1', port, true);
}
