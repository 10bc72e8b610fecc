/**
 * The aexy command-line program. Command definitions are cheap (commander only); anything heavy
 * (Temporal, Ink, React, SQLite) is imported inside the action that needs it, so `aexy --help`
 * and `aexy --version` stay fast.
 */
import { Command, CommanderError, Option } from 'commander';
import type { CliIO } from './commands/context.js';
import type { Invocation } from './commands/define.js';
import { allCommands } from './commands/index.js';
import { VERSION } from './version.js';

export function buildProgram(invocation: Invocation): Command {
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
  for (const register of allCommands) register(program, invocation);
  return program;
}

/** Runs the CLI with the given arguments; returns the exit code instead of exiting. */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  const invocation: Invocation = { io, exitCode: 0 };
  const program = buildProgram(invocation);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return invocation.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit through here with code 0; usage errors with 1.
      return error.exitCode === 0 ? 0 : 1;
    }
    throw error;
  }
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
