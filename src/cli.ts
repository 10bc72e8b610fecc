/**
 * The aexy command-line program. Command definitions are cheap (commander only); anything heavy
 * (Temporal, Ink, React, SQLite) is imported inside the action that needs it, so `aexy --help`
 * and `aexy --version` stay fast.
 */
import { Command, CommanderError, Option } from 'commander';
import type { CliIO } from './commands/context.js';
import type { Invocation } from './commands/define.js';
import { commandTable } from './commands/index.js';
import { argvWantsJson, writeJsonError } from './commands/output.js';
import { VERSION } from './version.js';

/**
 * The program. With `argv`, only the module of the command it invokes is loaded and every other
 * command is a stub that still shows in `aexy --help`; without it (docs, tests), every module loads.
 */
export async function buildProgram(invocation: Invocation, argv?: string[]): Promise<Command> {
  const { io } = invocation;
  const program = new Command('aexy')
    .description('Business automations as code: validate, plan, apply and run them durably on Temporal.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('-C, --project <dir>', 'project directory (default: nearest folder upward holding aexy.yaml)')
    .option('--workspace <path|url>', 'workspace location (overrides aexy.yaml and AEXY_WORKSPACE)')
    .addOption(new Option('-o, --output <format>', 'output format').default('text'))
    .option('--json', 'shorthand for --output json')
    .option('--no-color', 'disable colour (also NO_COLOR)')
    .option('-q, --quiet', 'only print results and errors')
    .option('-v, --verbose', 'print more detail, including stack traces of internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride();
  program.hook('preAction', (_this, actionCommand) => {
    const globals = actionCommand.optsWithGlobals();
    if (globals.json) program.setOptionValue('output', 'json');
  });
  program.addHelpText(
    'after',
    '\nExamples:\n  aexy validate                 check every file of the project\n  aexy plan --output markdown   show what apply would change, as a PR comment\n  aexy runs tail                follow runs live\n',
  );
  const requested = argv ? requestedCommand(argv) : undefined;
  for (const entry of commandTable) {
    const names = entry.commands.map(([name]) => name);
    if (argv === undefined || (requested !== undefined && names.includes(requested))) {
      (await entry.load())(program, invocation);
    } else {
      for (const [name, summary] of entry.commands) program.command(name).description(summary);
    }
  }
  return program;
}

/** Global options that take a value: the token after them is not the command name. */
const GLOBAL_WITH_VALUE = new Set(['-C', '--project', '--workspace', '-o', '--output']);

/** The top-level command `argv` invokes (`aexy help X` invokes X), or undefined. */
export function requestedCommand(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') return argv[i + 1];
    if (GLOBAL_WITH_VALUE.has(token)) {
      i++;
      continue;
    }
    if (token.startsWith('-')) continue;
    return token === 'help' && argv[i + 1] && !argv[i + 1].startsWith('-') ? argv[i + 1] : token;
  }
  return undefined;
}

/** Runs the CLI with the given arguments; returns the exit code instead of exiting. */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  const invocation: Invocation = { io, exitCode: 0 };
  const program = await buildProgram(invocation, argv);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return invocation.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0; usage errors with 1.
      if (error.exitCode === 0) return 0;
      if (argvWantsJson(argv)) writeJsonError(io, { code: 'invalid_input', message: usageMessage(error) });
      return 1;
    }
    throw error;
  }
}

/** Commander's message without its `error: ` prefix; a group run without a subcommand says so. */
function usageMessage(error: CommanderError): string {
  if (error.code === 'commander.help') return 'a subcommand is needed (see --help)';
  return error.message.replace(/^error: /, '');
}

function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}
