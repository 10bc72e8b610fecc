/**
 * Dependency facts the runtime relies on. Replaying JSON histories breaks with
 * "type must be a Type" when protobufjs 7 sits at the top of node_modules (see
 * docs/architecture.md), so exactly one 8.x must be what @temporalio/* resolves.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

function versionOf(path: string): string {
  return JSON.parse(readFileSync(path, 'utf8')).version;
}

describe('dependencies', () => {
  it('protobufjs 8 is top-level and the Temporal packages use it', () => {
    expect(versionOf(require.resolve('protobufjs/package.json'))).toMatch(/^8\./);
    for (const pkg of ['@temporalio/common', '@temporalio/proto', '@temporalio/worker']) {
      const root = require.resolve(`${pkg}/package.json`).replace(/package\.json$/, '');
      const nested = `${root}node_modules/protobufjs/package.json`;
      if (existsSync(nested)) expect(versionOf(nested)).toMatch(/^8\./);
    }
  });

  it('every @temporalio package has the same version (bundle and worker must match)', () => {
    const versions = ['client', 'worker', 'workflow', 'activity', 'common', 'testing'].map((name) =>
      versionOf(require.resolve(`@temporalio/${name}/package.json`)),
    );
    expect(new Set(versions).size).toBe(1);
  });
});
