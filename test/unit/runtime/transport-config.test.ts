// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
import { describe, expect, it } from 'vitest';
import { readTransportConfig, resolveSetting } from '../../../src/runtime/transports/config.js';

describe('readTransportConfig', () => {
  it('reads every section with defaults', () => {
    const { config, errors } = readTransportConfig({
      http: { allow: ['api.partner.com', '10.20.0.0/16'] },
      email: {
        from: 'Acme <sales@acme.test>',
        smtp: { host: 'smtp.acme.test', user: 'mailer', pass: '${{ secrets.SMTP_PASSWORD }}' },
      },
      slack: { token: '${{ secrets.SLACK_BOT_TOKEN }}' },
      sms: { accountSid: 'AC1', authToken: '${{ secrets.TWILIO_AUTH_TOKEN }}', from: '+15550001111' },
      model: {
        name: 'gpt-4o-mini',
        apiKey: '${{ secrets.OPENAI_API_KEY }}',
        baseUrl: 'http://llm.local:8000/v1/',
      },
    });
    expect(errors).toEqual([]);
    expect(config.http.allow.hosts).toEqual(['api.partner.com']);
    expect(config.http.allow.cidrs).toHaveLength(1);
    expect(config.email).toEqual({
      from: 'Acme <sales@acme.test>',
      smtp: {
        host: 'smtp.acme.test',
        port: 587,
        secure: false,
        user: 'mailer',
        pass: '${{ secrets.SMTP_PASSWORD }}',
      },
    });
    expect(config.slack).toEqual({
      token: '${{ secrets.SLACK_BOT_TOKEN }}',
      baseUrl: 'https://slack.com/api',
    });
    expect(config.sms?.baseUrl).toBe('https://api.twilio.com');
    expect(config.model).toEqual({
      baseUrl: 'http://llm.local:8000/v1',
      name: 'gpt-4o-mini',
      apiKey: '${{ secrets.OPENAI_API_KEY }}',
      temperature: 0,
    });
  });

  it('is empty (no transports, nothing allow-listed) for an empty project file', () => {
    const { config, errors } = readTransportConfig({});
    expect(errors).toEqual([]);
    expect(config).toEqual({ http: { allow: { hosts: [], cidrs: [] } } });
  });

  it('reports what is wrong, with the key path', () => {
    const { errors } = readTransportConfig({
      http: { allow: ['ok.example', 'not a host'] },
      email: { smtp: { port: 25 } },
      slack: 'xoxb',
      sms: { accountSid: 'AC1' },
      model: { apiKey: 3 },
    });
    expect(errors).toEqual([
      'http.allow: `not a host` is neither a host name (or *.domain) nor an IP address / CIDR',
      'email.smtp.host: required',
      'slack: must be a mapping',
      'sms: accountSid and authToken are required',
      'model.apiKey: must be a string',
      'model.name: required (e.g. gpt-4o-mini)',
    ]);
  });
});

describe('resolveSetting', () => {
  const secret = (name: string) => (name === 'TOKEN' ? 'v4lue' : undefined);
  it('resolves a secret reference and leaves plain text alone', () => {
    expect(resolveSetting('${{ secrets.TOKEN }}', { secret })).toBe('v4lue');
    expect(resolveSetting('smtp.acme.test', { secret })).toBe('smtp.acme.test');
  });
  it('throws for an unset secret, naming it but no value', () => {
    expect(() => resolveSetting('${{ secrets.MISSING }}', { secret })).toThrow('secret MISSING is not set');
  });
});
