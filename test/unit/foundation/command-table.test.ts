/**
 * Lazy command loading: the table `aexy --help` lists must say what each module registers, and the
 * command a command line invokes must be found without loading anything.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { requestedCommand } from '../../../src/cli.js';
import { commandTable } from '../../../src/commands/index.js';

describe('command table', () => {
  it('lists exactly the commands each module registers, with their own descriptions', async () => {
    for (const entry of commandTable) {
      const program = new Command('aexy');
      const io = {
        stdout: { write: () => true },
        stderr: { write: () => true },
        stdin: process.stdin,
        env: {},
        cwd: '/',
      };
      (await entry.load())(program, { io, exitCode: 0 });
      const registered = program.commands.map((c) => [c.name(), c.description()]);
      expect(registered).toEqual(entry.commands);
    }
  });

  it('finds the invoked command past global options', () => {
    expect(requestedCommand(['validate', 'a.yaml'])).toBe('validate');
    expect(requestedCommand(['-C', 'examples', '--output', 'json', 'plan'])).toBe('plan');
    expect(requestedCommand(['--workspace', 'w.db', '-q', 'runs', 'list'])).toBe('runs');
    expect(requestedCommand(['--output=json', 'registry', 'triggers'])).toBe('registry');
    expect(requestedCommand(['help', 'dev'])).toBe('dev');
    expect(requestedCommand(['--version'])).toBeUndefined();
    expect(requestedCommand([])).toBeUndefined();
  });
});
