/**
 * Temporal CLI provisioning: precedence of the lookup, and the one clear message when nothing can
 * provide a dev server (no CLI, no Go, no download), given within seconds.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../../src/runtime/temporal/dev-server.js';
import { findTemporalCli, TemporalUnavailableError } from '../../../src/runtime/temporal/find-cli.js';
import { makeTempProject } from '../../helpers/project.js';

function fakeExecutable(dir: string, name: string): string {
  const path = join(dir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, '#!/bin/sh\nexit 0\n');
  chmodSync(path, 0o755);
  return path;
}

describe('Temporal CLI lookup', () => {
  it('prefers TEMPORAL_CLI_PATH over PATH', async () => {
    const dir = makeTempProject();
    const explicit = fakeExecutable(join(dir, 'explicit'), 'temporal');
    fakeExecutable(join(dir, 'onpath'), 'temporal');
    const found = await findTemporalCli({ env: { TEMPORAL_CLI_PATH: explicit, PATH: join(dir, 'onpath') } });
    expect(found).toEqual({ path: explicit, source: 'TEMPORAL_CLI_PATH' });
  });

  it('finds `temporal` on PATH, then in $GOPATH/bin', async () => {
    const dir = makeTempProject();
    const onPath = fakeExecutable(join(dir, 'onpath'), 'temporal');
    expect(await findTemporalCli({ env: { PATH: join(dir, 'onpath') } })).toEqual({
      path: onPath,
      source: 'PATH',
    });
    const gopath = join(dir, 'gopath');
    const built = fakeExecutable(join(gopath, 'bin'), 'temporal');
    // No `go` on PATH: the GOPATH variable is used as `go env GOPATH` would report it.
    expect(await findTemporalCli({ env: { PATH: join(dir, 'empty'), GOPATH: gopath } })).toEqual({
      path: built,
      source: 'GOPATH',
    });
  });

  it('rejects a TEMPORAL_CLI_PATH that is not an executable', async () => {
    await expect(findTemporalCli({ env: { TEMPORAL_CLI_PATH: '/nonexistent/temporal' } })).rejects.toThrow(
      /TEMPORAL_CLI_PATH=\/nonexistent\/temporal is not an executable/,
    );
  });

  it('fails within seconds, naming the three fixes, when there is no CLI, no Go and no download', async () => {
    const dir = makeTempProject();
    const started = Date.now();
    const error = await startDevServer({
      env: { PATH: join(dir, 'empty'), HOME: dir },
      startTimeoutMs: 20_000,
    }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(TemporalUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(/TEMPORAL_ADDRESS/);
    expect(message).toMatch(/go install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1/);
    expect(message).toMatch(/TEMPORAL_CLI_PATH/);
    expect(elapsed).toBeLessThan(25_000);
  });
});
