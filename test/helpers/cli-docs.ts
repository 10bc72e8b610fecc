/**
 * Renders docs/cli.md from the command definitions themselves (every command's real --help
 * output), so the reference cannot drift from the CLI.
 */
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli.js';
import { ERROR_CODES } from '../../src/commands/error-codes.js';

export async function renderCliDocs(): Promise<string> {
  let captured = '';
  const io = {
    stdout: { write: (s: string) => (captured += s) },
    stderr: { write: () => true },
    stdin: process.stdin,
    env: {},
    cwd: '/',
  };
  const program = await buildProgram({ io, exitCode: 0 });
  const sections: string[] = [
    '# aexy command reference',
    '',
    '<!-- Generated from the command definitions by test/unit/foundation/cli-docs.test.ts;',
    '     regenerate with AEXY_UPDATE_DOCS=1 npx vitest run test/unit/foundation/cli-docs.test.ts -->',
    '',
    'Conventions shared by every command: `-C/--project DIR`, `--workspace`, `--output text|json` (`--json`),',
    '`--no-color` (and `NO_COLOR`), `-q/--quiet`, `-v/--verbose`. Results go to stdout, progress and logs to',
    'stderr. Exit codes: 0 success, 1 findings or failure, 2 changes present (`--detailed-exitcode`) or a',
    'confirmation that cannot be asked, 3 internal error.',
    '',
    ...errorConventions(),
  ];
  const visit = (command: Command, path: string[]) => {
    captured = '';
    command.configureOutput({ ...command.configureOutput(), getOutHelpWidth: () => 100 });
    command.outputHelp();
    const title = path.length ? `aexy ${path.join(' ')}` : 'aexy';
    sections.push(`## ${title}`, '', '```text', captured.trimEnd(), '```', '');
    for (const sub of command.commands) {
      if (sub.name() !== 'help') visit(sub, [...path, sub.name()]);
    }
  };
  visit(program, []);
  return `${sections.join('\n').trimEnd()}\n`;
}

/** The error envelope and its codes (src/commands/error-codes.ts), part of the conventions. */
function errorConventions(): string[] {
  return [
    '### Errors and their codes',
    '',
    'With `--output json`, a command that fails prints one error envelope on stdout, on one line (so it is',
    'also a valid last line of an NDJSON stream such as `runs tail -o json`), while stderr keeps the human',
    'message and hint and the exit code stays as above:',
    '',
    '```json',
    '{"formatVersion":1,"kind":"error","error":{"code":"lock_held","message":"the workspace is locked by …","hint":"wait for it (--lock-timeout 5m), or …","details":{"lock":{"id":"…","holder":"ci","operation":"apply","host":"…","pid":123,"createdAt":"…","expiresAt":"…"}}}}',
    '```',
    '',
    '`hint` and `details` are present when there is something to say. Findings are not errors: `validate`,',
    '`plan` and `apply` report invalid files in their own envelope (`diagnostics`) with exit code 1. Codes',
    'are stable (new ones may be added; a pipeline should treat an unknown code like `user_error`):',
    '',
    '| code | meaning |',
    '| --- | --- |',
    ...Object.entries(ERROR_CODES).map(([code, meaning]) => `| \`${code}\` | ${meaning} |`),
    '',
  ];
}
