/**
 * Runtime settings precedence: environment, then a running `aexy dev` of the project, then
 * aexy.yaml, then the local default; TLS and API keys only from env or aexy.yaml.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ADDRESS, runtimeSettings } from '../../../src/runtime/settings.js';
import { makeTempProject } from '../../helpers/project.js';

const yaml = {
  name: 'acme',
  timezone: 'Europe/Berlin',
  chainDepthLimit: 3,
  temporal: {
    address: 'temporal.acme:7233',
    namespace: 'prod',
    taskQueue: 'aexy-prod',
    tls: { serverName: 't' },
  },
};

function withDev(dir: string, pid = process.pid) {
  mkdirSync(join(dir, '.aexy'), { recursive: true });
  const state = { pid, address: '127.0.0.1:7399', namespace: 'default', taskQueue: 'aexy', startedAt: 'now' };
  writeFileSync(join(dir, '.aexy', 'dev.json'), JSON.stringify(state));
}

describe('runtime settings', () => {
  it('defaults to the local dev server, UTC, depth 5, the folder name', () => {
    const dir = makeTempProject();
    const s = runtimeSettings({}, {}, dir);
    expect(s.temporal).toMatchObject({
      address: DEFAULT_ADDRESS,
      namespace: 'default',
      taskQueue: 'aexy',
      source: 'default',
    });
    expect(s.temporal.tls).toBeUndefined();
    expect([s.timeZone, s.chainDepthLimit]).toEqual(['UTC', 5]);
  });

  it('reads aexy.yaml', () => {
    const s = runtimeSettings(yaml, {}, makeTempProject());
    expect(s.temporal).toMatchObject({
      address: 'temporal.acme:7233',
      namespace: 'prod',
      taskQueue: 'aexy-prod',
      source: 'aexy.yaml',
    });
    expect(s.temporal.tls?.serverName).toBe('t');
    expect([s.workspace, s.timeZone, s.chainDepthLimit]).toEqual(['acme', 'Europe/Berlin', 3]);
  });

  it('prefers a running aexy dev of the project over aexy.yaml, and ignores a dead one', () => {
    const dir = makeTempProject();
    withDev(dir);
    expect(runtimeSettings(yaml, {}, dir).temporal).toMatchObject({
      address: '127.0.0.1:7399',
      source: 'aexy dev',
      namespace: 'default',
    });
    expect(runtimeSettings(yaml, {}, dir).temporal.tls).toBeUndefined();
    const dead = makeTempProject();
    withDev(dead, 2 ** 22 + 12345);
    expect(runtimeSettings(yaml, {}, dead).temporal.source).toBe('aexy.yaml');
  });

  it('lets the environment win, with an API key implying TLS', () => {
    const dir = makeTempProject();
    withDev(dir);
    const env = {
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'ns.acct',
      TEMPORAL_API_KEY: 'k',
    };
    const s = runtimeSettings(yaml, env, dir);
    expect(s.temporal).toMatchObject({
      address: 'ns.acct.tmprl.cloud:7233',
      namespace: 'ns.acct',
      apiKey: 'k',
      source: 'env',
    });
    expect(s.temporal.tls).toBeDefined();
  });
});
