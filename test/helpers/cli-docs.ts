/**
 * Renders docs/cli.md from the command definitions themselves (every command's real --help
 * output), so the reference cannot drift from the CLI.
 */
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli.js';

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
