import { describe, expect, it } from 'vitest';
import { createTransportHandlers } from '../../../src/runtime/actions/index.js';
import { MemoryRecordStore } from '../../../src/runtime/activities/memory-ports.js';
import type { TransportConfig } from '../../../src/runtime/transports/config.js';
import { parseAllowList } from '../../../src/runtime/transports/ssrf.js';
import { makeActionContext } from '../../helpers/action-context.js';
import { startFakeSlack } from '../../helpers/provider-peers.js';
import { startSmtpServer } from '../../helpers/smtp-server.js';

describe('notify_user / notify_team: stored, and delivered where configured', async () => {
  const slack = await startFakeSlack({ token: 'xoxb-n', users: { 'ada@acme.test': 'U0ADA' } });
  const smtp = await startSmtpServer();
  const http = { allow: parseAllowList([]).allow };
  const base: TransportConfig = {
    http,
    slack: { token: 'xoxb-n', baseUrl: `${slack.url}/api` },
    email: { from: 'aexy@acme.test', smtp: { host: '127.0.0.1', port: smtp.port, secure: false } },
  };
  const notifications = (records: MemoryRecordStore) =>
    [...records.records.values()].filter((r) => r.object === 'notifications');

  it('notify_user on all channels: Slack DM by email, an email, and the stored in-app notification', async () => {
    const records = new MemoryRecordStore();
    const handlers = createTransportHandlers({ ...base, records });
    const ctx = makeActionContext({ automation: 'deal-alerts' });
    const out = await handlers.notify_user!(
      { user: 'ada@acme.test', message: 'Deal won', channel: 'all' },
      ctx,
    );
    expect(out).toEqual({ delivered: ['slack', 'email', 'in_app'] });
    expect(slack.requests.at(-1)!.json).toMatchObject({ channel: 'U0ADA', text: 'Deal won' });
    expect(smtp.messages.at(-1)!.to).toEqual(['ada@acme.test']);
    expect(smtp.messages.at(-1)!.headers.subject).toBe('Notification from deal-alerts');
    expect(notifications(records)).toHaveLength(1);
    expect(notifications(records)[0]!.values).toMatchObject({
      kind: 'user',
      user: 'ada@acme.test',
      channel: 'all',
    });
  });

  it('reports only channels it really used: no Slack configured, or a user Slack cannot address', async () => {
    const records = new MemoryRecordStore();
    const noSlack = createTransportHandlers({ http, records });
    expect(await noSlack.notify_user!({ user: 'ada@acme.test', message: 'x' }, makeActionContext())).toEqual({
      delivered: [],
    });
    const withSlack = createTransportHandlers({ ...base, records });
    const before = slack.requests.length;
    expect(await withSlack.notify_user!({ user: 'usr_42', message: 'x' }, makeActionContext())).toEqual({
      delivered: [],
    });
    expect(slack.requests.length).toBe(before);
    expect(notifications(records)).toHaveLength(2);
  });

  it("notify_team posts to the team's channel, or stores only without Slack", async () => {
    const records = new MemoryRecordStore();
    const handlers = createTransportHandlers({ ...base, records });
    const out = await handlers.notify_team!(
      { team: 'sales', message: 'Pipeline review at 3' },
      makeActionContext(),
    );
    expect(out).toEqual({ channel: 'C0SALES01', ts: expect.stringMatching(/^\d+\.\d+$/) });
    expect(slack.requests.at(-1)!.json).toMatchObject({ channel: '#sales', text: 'Pipeline review at 3' });
    const storeOnly = createTransportHandlers({ http, records });
    const stored = (await storeOnly.notify_team!({ team: 'ops', message: 'x' }, makeActionContext())) as {
      channel: string;
      ts: string;
    };
    expect(stored.channel).toBe('#ops');
    expect(records.records.get(stored.ts)?.object).toBe('notifications');
  });
});
