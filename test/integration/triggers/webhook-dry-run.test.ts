// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * The runtime host of `aexy dev` / `aexy worker` (worker + router + trigger loops) on the shared dev
 * server, with the real transports configured against loopback peers:
 * - a signed webhook through the real ingress starts a real run that completes;
 * - `aexy run --dry-run` of an automation that sends email (loopback SMTP), calls a webhook (loopback
 *   HTTP peer), writes records and waits: zero SMTP messages, zero HTTP requests, zero record
 *   changes, and a report of what would have happened.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { type RuntimeHost, startRuntimeHost } from '../../../src/runtime/host.js';
import { type Ingress, startIngress } from '../../../src/runtime/ingress/server.js';
import { signWebhook } from '../../../src/runtime/ingress/signature.js';
import { workspaceAutomations } from '../../../src/runtime/router/automation-source.js';
import { runtimeSettings } from '../../../src/runtime/settings.js';
import { sqliteBackendOf } from '../../../src/workspace/sqlite/backend.js';
import { sqliteRuntimeStores } from '../../../src/workspace/sqlite/runtime-stores.js';
import { SqliteWorkspaceStore } from '../../../src/workspace/sqlite/store.js';
import { runCli } from '../../helpers/cli.js';
import { type HttpPeer, startHttpPeer } from '../../helpers/http-peer.js';
import { makeTempProject } from '../../helpers/project.js';
import { startSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server.js';
import {
  installQuietRuntime,
  temporalAddress,
  uniqueTaskQueue,
  workflowBundlePath,
} from '../../helpers/temporal.js';

const AUTOMATIONS = `apiVersion: aexy/v1
kind: Automation
metadata: { name: order-hook }
spec:
  module: crm
  trigger: { type: webhook.received }
  workflow:
    steps:
      - id: store_order
        action: create_record
        with: { object: orders, values: { ref: "\${{ trigger.payload.body.ref }}" } }
---
apiVersion: aexy/v1
kind: Automation
metadata: { name: welcome-everything }
spec:
  module: crm
  trigger: { type: record.created, object: leads }
  workflow:
    steps:
      - id: welcome
        action: send_email
        with: { to: "\${{ record.values.email }}", subject: Welcome, body: "Hello \${{ record.values.name }}" }
      - id: tell_crm
        action: webhook_call
        with: { url: "PEER_URL/leads", body: { lead: "\${{ record.id }}" } }
      - id: pause
        wait: 2h
      - id: follow_up
        action: create_task
        with: { title: "Call \${{ record.values.name }}" }
      - id: mark
        action: update_record
        with: { values: { welcomed: true } }
---
apiVersion: aexy/v1
kind: Automation
metadata: { name: await-reply }
spec:
  module: crm
  trigger: { type: record.created, object: prospects }
  workflow:
    steps:
      - id: reply
        wait: { event: email.replied, match: "event.payload.recipientEmail == record.values.email", timeout: 1h }
      - id: log_reply
        action: create_record
        with: { object: replies, values: { via: wait } }
---
apiVersion: aexy/v1
kind: Automation
metadata: { name: needs-ok }
spec:
  module: crm
  trigger: { type: record.created, object: quotes }
  workflow:
    steps:
      - id: ok
        approval: { approvers: ["role:manager"], timeout: 1h }
        onApprove:
          - { id: approved, action: send_slack, with: { channel: "#deals", message: approved } }
        onReject:
          - { id: rejected, action: send_slack, with: { channel: "#deals", message: rejected } }
---
apiVersion: aexy/v1
kind: Automation
metadata: { name: on-reply }
spec:
  module: crm
  trigger: { type: email.replied }
  workflow:
    steps:
      - id: log
        action: create_record
        with: { object: replies, values: { via: trigger } }
`;

let smtp: TestSmtpServer;
let peer: HttpPeer;
let dir: string;
let env: NodeJS.ProcessEnv;
let store: SqliteWorkspaceStore;
let host: RuntimeHost;
let ingress: Ingress;

beforeAll(async () => {
  smtp = await startSmtpServer();
  peer = await startHttpPeer();
  const config = [
    'name: hooks-test',
    'email:',
    '  from: sales@acme.test',
    `  smtp: { host: 127.0.0.1, port: ${smtp.port}, secure: false }`,
    'http:',
    '  allow: ["127.0.0.1"]',
    '',
  ].join('\n');
  dir = makeTempProject({
    'aexy.yaml': config,
    'automations.yaml': AUTOMATIONS.replace('PEER_URL', peer.url),
  });
  const taskQueue = uniqueTaskQueue('triggers');
  env = {
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    TEMPORAL_TASK_QUEUE: taskQueue,
  };
  const applied = await runCli(['apply', '--auto-approve'], { cwd: dir, env });
  expect(applied.exitCode, applied.stderr).toBe(0);
  installQuietRuntime();
  store = SqliteWorkspaceStore.open(join(dir, '.aexy', 'workspace.db'));
  const projectData = parse(readFileSync(join(dir, 'aexy.yaml'), 'utf8'));
  const settings = runtimeSettings(projectData, env, dir);
  const backend = sqliteBackendOf(store);
  const stores = backend.runtime;
  host = await startRuntimeHost({
    settings,
    backend,
    projectData,
    env,
    bundlePath: workflowBundlePath(),
    routerIntervalMs: 100,
  });
  const automations = workspaceAutomations(store);
  ingress = await startIngress({
    workspace: settings.workspace,
    events: stores.events,
    secrets: backend.webhookSecrets,
    automations: async () => (await automations()).map((a) => a.ir),
    token: 'events-token',
  });
});

afterAll(async () => {
  await ingress?.close();
  await host?.stop();
  await store?.close();
});

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('a signed webhook, end to end', () => {
  it('starts a real run of its automation that completes', async () => {
    const stores = sqliteRuntimeStores(store.db);
    const shown = await runCli(['webhooks', 'secret', 'show', 'order-hook', '-o', 'json'], { cwd: dir, env });
    expect(shown.exitCode, shown.stderr).toBe(0);
    const { secret, path } = JSON.parse(shown.stdout);
    expect(path).toBe('/hooks/hooks-test/order-hook');
    const body = JSON.stringify({ ref: 'ORD-7' });
    const signature = signWebhook(secret, Math.floor(Date.now() / 1000), body);
    const response = await fetch(`${ingress.url}${path}`, {
      method: 'POST',
      body,
      headers: { 'x-aexy-timestamp': signature.timestamp, 'x-aexy-signature': signature.signature },
    });
    expect(response.status).toBe(202);
    const { eventId } = (await response.json()) as { eventId: string };
    const runs = await until(
      () => stores.runs.listRuns({ eventIds: [eventId] }),
      (r) => r[0]?.status === 'COMPLETED',
    );
    expect(runs.map((r) => [r.automation, r.status])).toEqual([['order-hook', 'COMPLETED']]);
    expect((await stores.records.list('orders')).map((r) => r.values.ref)).toEqual(['ORD-7']);
  });
});

describe('POST /events', () => {
  it('one communication event starts its trigger automation and wakes a run waiting for it', async () => {
    const stores = sqliteRuntimeStores(store.db);
    await stores.records.create('prospects', { email: 'lin@example.test' });
    const waiting = await until(
      () => stores.runs.listRuns({ automation: 'await-reply' }),
      (r) => r[0]?.status === 'RUNNING' || r[0]?.status === 'PAUSED',
    );
    expect(waiting).toHaveLength(1);
    // Let the wait register before the reply arrives (a later one is buffered anyway).
    await new Promise((r) => setTimeout(r, 500));
    const reply = {
      type: 'email.replied',
      id: 'esp-77',
      payload: { emailId: 'm1', recipientEmail: 'lin@example.test' },
    };
    const response = await fetch(`${ingress.url}/events/hooks-test`, {
      method: 'POST',
      body: JSON.stringify(reply),
      headers: { authorization: 'Bearer events-token', 'content-type': 'application/json' },
    });
    expect(response.status).toBe(202);
    const done = await until(
      () => stores.runs.listRuns({ automation: 'await-reply' }),
      (r) => r[0]?.status === 'COMPLETED',
    );
    expect(done[0]?.status).toBe('COMPLETED');
    const triggered = await until(
      () => stores.runs.listRuns({ automation: 'on-reply' }),
      (r) => r[0]?.status === 'COMPLETED',
    );
    expect(triggered.map((r) => r.eventId)).toEqual(['ext:esp-77']);
    const replies = await until(
      () => stores.records.list('replies'),
      (r) => r.length === 2,
    );
    expect(replies.map((r) => r.values.via).sort()).toEqual(['trigger', 'wait']);
  });
});

describe('aexy run --dry-run', () => {
  it('records every side effect without performing it: no mail, no HTTP request, no record change', async () => {
    const stores = sqliteRuntimeStores(store.db);
    // Stored as a person (a real lead would start the automation for real); the dry run sees it as a lead.
    const created = await stores.records.create('people', { name: 'Ada', email: 'ada@example.test' });
    const lead = { id: created.record.id, object: 'leads', values: created.record.values };
    const mocks = join(dir, 'mocks.yaml');
    writeFileSync(mocks, 'mocks:\n  tell_crm: { status: 202, headers: {}, body: { mocked: true } }\n');
    const recordsBefore = store.db.prepare('SELECT COUNT(*) AS n FROM runtime_records').get();
    const started = Date.now();
    const result = await runCli(
      [
        'run',
        'welcome-everything',
        '--event',
        JSON.stringify({ record: lead }),
        '--dry-run',
        '--mocks',
        mocks,
        '-o',
        'json',
      ],
      { cwd: dir, env },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const { run, report } = JSON.parse(result.stdout);
    expect(run.status).toBe('COMPLETED');
    // The 2 h wait was skipped in virtual time.
    expect(Date.now() - started).toBeLessThan(60_000);
    const byStep = Object.fromEntries(report.map((e: { stepKey: string }) => [e.stepKey, e]));
    expect(byStep.welcome).toMatchObject({
      action: 'send_email',
      simulated: true,
      input: { to: 'ada@example.test' },
    });
    expect(byStep.tell_crm).toMatchObject({
      simulated: true,
      output: { status: 202, body: { mocked: true } },
    });
    expect(byStep.pause).toMatchObject({ kind: 'wait', output: { waitedMs: 7_200_000, virtual: true } });
    expect(byStep.follow_up).toMatchObject({ action: 'create_task', simulated: true });
    expect(byStep.mark).toMatchObject({
      action: 'update_record',
      status: 'FAILED' === byStep.mark.status ? 'FAILED' : 'SUCCESS',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages).toHaveLength(0);
    expect(peer.requests).toHaveLength(0);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM runtime_records').get()).toEqual(recordsBefore);
    expect(await stores.records.list('tasks')).toHaveLength(0);
  });

  it('prints the report as text', async () => {
    const lead = { id: 'rec_dry_text', object: 'leads', values: { name: 'Bo', email: 'bo@example.test' } };
    const result = await runCli(
      ['run', 'welcome-everything', '--event', JSON.stringify({ record: lead }), '--dry-run'],
      { cwd: dir, env },
    );
    expect(result.stdout).toContain('(nothing was sent or written)');
    expect(result.stdout).toMatch(/welcome\s+SUCCESS\s+would action send_email with/);
    expect(smtp.messages).toHaveLength(0);
    expect(peer.requests).toHaveLength(0);
  });

  it('decides approvals without pausing: approved by default, or as the mock says', async () => {
    const quote = { id: 'rec_q', object: 'quotes', values: {} };
    const run = async (extra: string[]) => {
      const result = await runCli(
        [
          'run',
          'needs-ok',
          '--event',
          JSON.stringify({ record: quote }),
          '--dry-run',
          ...extra,
          '-o',
          'json',
        ],
        { cwd: dir, env },
      );
      expect(result.exitCode, result.stderr).toBe(0);
      return JSON.parse(result.stdout).report.map((e: { stepKey: string }) => e.stepKey);
    };
    expect(await run([])).toEqual(['ok', 'approved']);
    const mocks = join(dir, 'reject.json');
    writeFileSync(mocks, JSON.stringify({ ok: { decision: 'reject', by: 'boss' } }));
    expect(await run(['--mocks', mocks])).toEqual(['ok', 'rejected']);
  }, 60_000);
});
