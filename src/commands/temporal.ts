import type { Command } from 'commander';
import { type CommandContext, UserError } from './context.js';
import { action, type Invocation } from './define.js';
import { progress, wantsJson, writeJson } from './output.js';

/** `aexy temporal install|dev-server`: provisioning of the Temporal CLI and a standalone dev server. */
export function registerTemporal(program: Command, invocation: Invocation): void {
  const temporal = program
    .command('temporal')
    .description('find or build the Temporal CLI, and run a standalone dev server');

  temporal
    .command('install')
    .description('find the Temporal CLI, building it with Go when missing; prints its path')
    .option('--no-build', 'only look for an existing binary')
    .addHelpText(
      'after',
      '\nLooks in TEMPORAL_CLI_PATH, PATH, then $(go env GOPATH)/bin; else runs\n' +
        '`go install github.com/temporalio/cli/cmd/temporal@v1.5.1` once and reuses the result.\n\nExamples:\n  aexy temporal install\n  aexy temporal install --no-build --output json\n',
    )
    .action(action(invocation, install));

  temporal
    .command('dev-server')
    .description('run a local Temporal dev server in the foreground until Ctrl-C')
    .option('--db <file>', 'persist state in this SQLite file (default: in memory)')
    .option('--port <port>', 'gRPC port (default: a free port)')
    .option('--ui', 'also serve the Temporal web UI')
    .addHelpText('after', '\nExamples:\n  aexy temporal dev-server --db .aexy/temporal.db --ui\n')
    .action(action(invocation, devServer));
}

async function install(ctx: CommandContext, options: { build: boolean }): Promise<number> {
  const { ensureTemporalCli, TemporalUnavailableError } = await import('../runtime/temporal/find-cli.js');
  const cli = await ensureTemporalCli({
    env: ctx.env,
    build: options.build,
    onProgress: (l) => progress(ctx, l),
  });
  if (!cli) {
    const reason = options.build ? 'none found and Go is not installed.' : 'none found (and --no-build).';
    throw new UserError(new TemporalUnavailableError(reason).message);
  }
  if (wantsJson(ctx)) writeJson(ctx, 'temporal-cli', { path: cli.path, source: cli.source });
  else ctx.stdout.write(`${cli.path}\n`);
  return 0;
}

async function devServer(ctx: CommandContext, options: { db?: string; port?: string; ui?: boolean }) {
  const { startDevServer } = await import('../runtime/temporal/dev-server.js');
  const { resolve } = await import('node:path');
  const server = await startDevServer({
    env: ctx.env,
    dbFilename: options.db ? resolve(ctx.cwd, options.db) : undefined,
    port: options.port ? Number(options.port) : undefined,
    ui: options.ui,
    onProgress: (l) => progress(ctx, l),
  }).catch((error: Error) => {
    throw new UserError(error.message);
  });
  const info = { address: server.address, namespace: server.namespace, ui: server.uiUrl ?? null };
  if (wantsJson(ctx)) writeJson(ctx, 'temporal-dev-server', info);
  else
    ctx.stdout.write(
      `Temporal dev server on ${server.address} (namespace ${server.namespace})${server.uiUrl ? `, UI ${server.uiUrl}` : ''}\nPress Ctrl-C to stop.\n`,
    );
  await new Promise<void>((resolveWait) => {
    process.once('SIGINT', resolveWait);
    process.once('SIGTERM', resolveWait);
  });
  progress(ctx, 'Stopping the dev server...');
  await server.stop();
  return 0;
}
