/**
 * The built binary: --version, --help, and the promise that neither imports Temporal, Ink or React
 * (commands load their heavy dependencies only when they run).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../../src/version.js';
import { runCli, spawnCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';

const packageJson = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8'),
);
const importLogger = fileURLToPath(new URL('../../helpers/log-imports.mjs', import.meta.url));

describe('aexy binary', () => {
  it('prints the package version', async () => {
    expect(VERSION).toBe(packageJson.version);
    const result = await spawnCli(['--version']);
    expect(result).toMatchObject({ exitCode: 0, stdout: `${packageJson.version}\n` });
  });

  it('lists the commands with one-line help', async () => {
    const result = await spawnCli(['--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Usage: aexy \[options\] \[command\]/);
    expect(result.stdout).toMatch(/\n {2}temporal +find or build the Temporal CLI/);
    expect(result.stdout).toMatch(/-C, --project <dir>/);
    expect(result.stdout).toMatch(/-o, --output <format>/);
  });

  for (const args of [['--help'], ['--version']]) {
    it(`\`aexy ${args[0]}\` imports no Temporal, Ink or React module`, async () => {
      const log = join(makeTempProject(), 'imports.log');
      const result = await spawnCli(args, {
        env: { AEXY_IMPORT_LOG: log, NODE_OPTIONS: `--import ${importLogger}` },
      });
      expect(result.exitCode).toBe(0);
      const imported = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      expect(imported.some((url) => url.includes('/dist/cli.js'))).toBe(true);
      const heavy = imported.filter((url) =>
        /node_modules\/(@temporalio|ink|react|better-sqlite3)\//.test(url),
      );
      expect(heavy).toEqual([]);
    });
  }

  it('rejects an unknown command with a usage error', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('reports a missing Temporal CLI as a user error with the fixes', async () => {
    const dir = makeTempProject();
    const result = await runCli(['temporal', 'install', '--no-build', '--output', 'json'], {
      env: { PATH: join(dir, 'empty'), TEMPORAL_CLI_PATH: '', GOPATH: join(dir, 'gopath') },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/No Temporal dev server is available/);
    expect(result.stderr).toMatch(/TEMPORAL_CLI_PATH/);
  });
});
