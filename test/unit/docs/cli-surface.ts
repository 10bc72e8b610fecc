/**
 * Checks an aexy argument list against the real command definitions (the commander program of
 * src/cli.ts): the subcommand path exists, every option is defined on the command or globally, options
 * that take a value get one, positional arguments fit, and `-o/--output` names a format the command
 * documents in its help. Returns the problems in words; an empty list means the line would parse.
 */
import type { Command, Option } from 'commander';
import { buildProgram } from '../../../src/cli.js';
import { renderCliDocs } from '../../helpers/cli-docs.js';

/** The program and each command's `-o` formats, built once per test file. */
export interface CliSurface {
  program: Command;
  /** `aexy plan` -> ['text', 'json', 'markdown']; commands without an "Output formats" line: text, json. */
  formats(path: string): string[];
}

export async function loadCliSurface(): Promise<CliSurface> {
  const io = {
    stdout: { write: () => true },
    stderr: { write: () => true },
    stdin: process.stdin,
    env: {},
    cwd: '/',
  };
  const program = await buildProgram({ io, exitCode: 0 });
  const sections = new Map(
    (await renderCliDocs()).split('\n## ').map((s) => [s.split('\n')[0], s] as [string, string]),
  );
  const formats = (path: string) => {
    const line = sections.get(path)?.match(/Output formats \(-o\/--output\): (.*)/)?.[1];
    if (!line) return ['text', 'json'];
    return line
      .replace(/\([^)]*\)/g, '')
      .replace(/\.$/, '')
      .split(',')
      .map((f) => f.trim());
  };
  return { program, formats };
}

/** Problems of `aexy ...words` (words after `aexy`, quotes removed). */
export function checkInvocation(surface: CliSurface, words: readonly string[]): string[] {
  const problems: string[] = [];
  let command = surface.program;
  const path = ['aexy'];
  const positionals: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.startsWith('-') && word !== '-') {
      i = checkOption(surface, command, path, words, i, problems);
      continue;
    }
    const sub = positionals.length === 0 ? findSubcommand(command, word) : undefined;
    if (sub) {
      command = sub;
      path.push(sub.name());
    } else positionals.push(word);
  }
  problems.push(...checkArguments(command, path.join(' '), positionals));
  return problems;
}

/** Checks the option at `words[i]`; returns the index of the last word it consumed. */
function checkOption(
  surface: CliSurface,
  command: Command,
  path: string[],
  words: readonly string[],
  i: number,
  problems: string[],
): number {
  const [flag, inline] = words[i].startsWith('--') ? splitInline(words[i]) : [words[i], undefined];
  if (flag === '-h' || flag === '--help') return i;
  const option = findOption(command, flag);
  const where = path.join(' ');
  if (!option) {
    problems.push(`${where}: unknown option ${flag}`);
    return i;
  }
  if (!option.required && !option.optional) return i;
  const value = inline ?? words[i + 1];
  if (value === undefined && option.required) problems.push(`${where}: ${flag} needs a value`);
  if (value !== undefined && option.long === '--output' && !value.includes('$')) {
    const allowed = surface.formats(where);
    if (!allowed.includes(value)) problems.push(`${where}: -o ${value} is not one of ${allowed.join(', ')}`);
  }
  return inline === undefined ? i + 1 : i;
}

function splitInline(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return eq === -1 ? [word, undefined] : [word.slice(0, eq), word.slice(eq + 1)];
}

/** The option on this command or any parent (commander accepts program options after subcommands). */
function findOption(command: Command, flag: string): Option | undefined {
  for (let c: Command | null = command; c; c = c.parent) {
    const found = c.options.find((o) => o.short === flag || o.long === flag);
    if (found) return found;
  }
  return undefined;
}

function findSubcommand(command: Command, word: string): Command | undefined {
  return command.commands.find((c) => c.name() === word || c.aliases().includes(word));
}

function checkArguments(command: Command, where: string, positionals: string[]): string[] {
  const declared = command.registeredArguments;
  if (command.commands.length > 0 && declared.length === 0) {
    return positionals.length
      ? [`${where}: unknown command ${positionals[0]}`]
      : [`${where}: needs a subcommand (${command.commands.map((c) => c.name()).join(', ')})`];
  }
  const required = declared.filter((a) => a.required).length;
  const variadic = declared.some((a) => a.variadic);
  if (positionals.length < required)
    return [`${where}: missing argument ${declared[positionals.length].name()}`];
  if (!variadic && positionals.length > declared.length)
    return [`${where}: unexpected argument ${positionals[declared.length]}`];
  return [];
}
