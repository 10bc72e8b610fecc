import { describe, expect, it } from 'vitest';
import { resolveTemporalTarget } from '../../../src/runtime/temporal/target.js';

describe('resolveTemporalTarget', () => {
  it('starts a dev server when no address is configured', () => {
    expect(resolveTemporalTarget({}, {})).toEqual({
      kind: 'start-dev',
      namespace: 'default',
      taskQueue: 'aexy',
    });
  });

  it('uses aexy.yaml settings, and the environment wins over them', () => {
    const settings = { address: 'temporal.internal:7233', namespace: 'ops', taskQueue: 'automations' };
    expect(resolveTemporalTarget(settings, {})).toMatchObject({
      kind: 'existing',
      address: 'temporal.internal:7233',
      namespace: 'ops',
      taskQueue: 'automations',
    });
    expect(
      resolveTemporalTarget(settings, { TEMPORAL_ADDRESS: 'other:7233', TEMPORAL_NAMESPACE: 'prod' }),
    ).toMatchObject({
      kind: 'existing',
      address: 'other:7233',
      namespace: 'prod',
      taskQueue: 'automations',
    });
  });

  it('an API key implies TLS, read from the configured variable', () => {
    const target = resolveTemporalTarget(
      { address: 'ns.acct.tmprl.cloud:7233', apiKeyEnv: 'MY_KEY' },
      { MY_KEY: 'secret' },
    );
    expect(target).toMatchObject({ kind: 'existing', apiKey: 'secret', tls: true });
  });

  it('mTLS certificate paths come from the environment', () => {
    const target = resolveTemporalTarget(
      {},
      {
        TEMPORAL_ADDRESS: 'x:7233',
        TEMPORAL_TLS_CLIENT_CERT_PATH: '/c.pem',
        TEMPORAL_TLS_CLIENT_KEY_PATH: '/k.pem',
      },
    );
    expect(target).toMatchObject({ tls: { clientCertPath: '/c.pem', clientKeyPath: '/k.pem' } });
  });
});
