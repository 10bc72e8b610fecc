/**
 * The trigger commands in-process: `aexy schedules --next` previews in the automation's zone,
 * `aexy webhooks secret show|rotate` keeps one secret per automation (the old one valid in grace).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../../src/runtime/ingress/signature.js';
import { INBOUND_HOOK_AUTOMATION } from '../../helpers/automation-fixtures.js';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';

const FILES = {
  'aexy.yaml': 'name: trig\ntimezone: America/New_York\n',
  'automations.yaml': `apiVersion: aexy/v1
kind: Automation
metadata: { name: morning }
spec:
  module: crm
  trigger: { type: schedule.daily, at: "09:00", timezone: Europe/Berlin }
  workflow:
    steps:
      - { id: t, action: create_task, with: { title: standup } }
---
apiVersion: aexy/v1
kind: Automation
metadata: { name: weekly }
spec:
  module: crm
  trigger: { type: schedule.weekly, day: monday, at: "07:15" }
  workflow:
    steps:
      - { id: t, action: create_task, with: { title: review } }
---
${INBOUND_HOOK_AUTOMATION}`,
};

let dir: string;
const cli = (args: string[]) => runCli(args, { cwd: dir });

beforeAll(async () => {
  dir = makeTempProject(FILES);
  const applied = await cli(['apply', '--auto-approve']);
  expect(applied.exitCode, applied.stderr).toBe(0);
});

describe('aexy schedules', () => {
  it('previews fire times in each automation zone (the project zone by default)', async () => {
    const result = await cli(['schedules', '--next', '3', '-o', 'json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const { schedules } = JSON.parse(result.stdout);
    const byName = Object.fromEntries(schedules.map((s: { automation: string }) => [s.automation, s]));
    expect(byName.morning).toMatchObject({
      cron: '0 9 * * *',
      timeZone: 'Europe/Berlin',
      overlap: 'ALLOW_ALL',
    });
    expect(byName.weekly).toMatchObject({ cron: '15 7 * * 1', timeZone: 'America/New_York' });
    for (const at of byName.morning.next) expect(at.local).toMatch(/ 09:00 GMT\+[12]$/);
    for (const at of byName.weekly.next) expect(at.local).toMatch(/^Mon .* 07:15 GMT-[45]$/);
    expect(byName.morning.next).toHaveLength(3);
    expect(Date.parse(byName.morning.next[0].at)).toBeGreaterThan(Date.now());
    const text = await cli(['schedules', 'weekly', '--next', '2']);
    expect(text.stdout).toContain('weekly  cron "15 7 * * 1" in America/New_York, overlap ALLOW_ALL');
    expect((await cli(['schedules', 'inbound'])).stderr).toContain('not a schedule');
    expect((await cli(['schedules', '--next', '0'])).exitCode).toBe(1);
  });
});

describe('aexy webhooks secret', () => {
  it('shows a stable secret and rotates it with a grace period', async () => {
    const first = JSON.parse((await cli(['webhooks', 'secret', 'show', 'inbound', '-o', 'json'])).stdout);
    const again = JSON.parse((await cli(['webhooks', 'secret', 'show', 'inbound', '-o', 'json'])).stdout);
    expect(first.secret).toMatch(/^whsec_/);
    expect(again.secret).toBe(first.secret);
    expect(first.path).toBe('/hooks/trig/inbound');
    const rotated = JSON.parse(
      (await cli(['webhooks', 'secret', 'rotate', 'inbound', '--grace', '1h', '-o', 'json'])).stdout,
    );
    expect(rotated.secret).not.toBe(first.secret);
    expect(rotated.previous.secret).toBe(first.secret);
    const graceMs = Date.parse(rotated.previous.validUntil) - Date.now();
    expect(graceMs).toBeGreaterThan(3_500_000);
    expect(graceMs).toBeLessThanOrEqual(3_600_000);
    const wrong = await cli(['webhooks', 'secret', 'show', 'morning']);
    expect([wrong.exitCode, wrong.stderr]).toEqual([
      1,
      expect.stringContaining('only webhook.received automations'),
    ]);
    expect((await cli(['webhooks', 'secret', 'rotate', 'inbound', '--grace', 'soon'])).exitCode).toBe(1);
  });

  it('signs a test body with the current secret (JSON, and a curl command as text)', async () => {
    const { secret } = JSON.parse(
      (await cli(['webhooks', 'secret', 'show', 'inbound', '-o', 'json'])).stdout,
    );
    const body = '{"order":7}';
    const signed = await cli(['webhooks', 'sign', 'inbound', '--data', body, '-o', 'json']);
    expect(signed.exitCode, signed.stderr).toBe(0);
    const out = JSON.parse(signed.stdout);
    expect(out.url).toBe('http://127.0.0.1:8787/hooks/trig/inbound');
    const verdict = verifyWebhook({
      secret,
      timestamp: out.headers['X-Aexy-Timestamp'],
      signature: out.headers['X-Aexy-Signature'],
      rawBody: body,
      now: Date.now(),
    });
    expect(verdict.ok).toBe(true);
    const text = await cli([
      'webhooks',
      'sign',
      'inbound',
      '--data',
      body,
      '--url',
      'http://127.0.0.1:9000/',
    ]);
    expect(text.stdout).toMatch(
      /^curl -X POST 'http:\/\/127\.0\.0\.1:9000\/hooks\/trig\/inbound' .*--data-raw '\{"order":7\}'/,
    );
  });
});
