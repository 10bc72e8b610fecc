/**
 * The read views: workspace identity (location redacted), resources and history, the CRM-shaped
 * automation list, workflow graph and runs, the registry listings (the same data as `aexy registry
 * -o json`), agent policies and the policy decision log with its filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../../src/registry/index.js';
import { automation, desired, startTestServer, type TestServer } from './server-fixture.js';

const POLICY = `apiVersion: aexy/v1
kind: AgentPolicy
metadata:
  name: no-deletes
spec:
  type: tool_block
  tools: [delete_record]
`;

let t: TestServer;
let read: string;
beforeAll(async () => {
  t = await startTestServer();
  read = t.tokens.acme.read;
  const resources = await desired({
    'automations/a.yaml': automation('welcome'),
    'automations/p.yaml': POLICY,
  });
  const token = t.tokens.acme.apply;
  const plan = (await t.request('POST', '/workspaces/acme/plans', { token, body: { resources } })).body;
  const lockBody = { holder: 'v', operation: 'apply', host: 'h', pid: 1, ttlMs: 60_000, waitMs: 0 };
  const lock = (await t.request('POST', '/workspaces/acme/locks', { token, body: lockBody })).body;
  const applied = await t.request('POST', '/workspaces/acme/applies', {
    token,
    body: { plan, appliedBy: 'v', lockId: lock.id },
  });
  expect(applied.status, applied.text).toBe(200);
  await t.request('DELETE', `/workspaces/acme/locks/${lock.id}`, { token });
});
afterAll(() => t.close());

describe('workspace views', () => {
  it('shows identity with the location redacted to the workspace name', async () => {
    const info = await t.request('GET', '/workspaces/acme', { token: read });
    expect(info.body).toMatchObject({ location: 'acme', serial: 1, resourceCount: 2 });
    expect(info.text).not.toContain('.db');
  });

  it('lists current versions and a history; 404 for an unknown resource or kind', async () => {
    const versions = (await t.request('GET', '/workspaces/acme/resources', { token: read })).body.versions;
    expect(versions.map((v: { address: string }) => v.address).sort()).toEqual([
      'AgentPolicy/no-deletes',
      'Automation/welcome',
    ]);
    const history = await t.request('GET', '/workspaces/acme/resources/AgentPolicy/no-deletes', {
      token: read,
    });
    expect(history.body.versions).toHaveLength(1);
    expect(
      (await t.request('GET', '/workspaces/acme/resources/Automation/nope', { token: read })).status,
    ).toBe(404);
    expect((await t.request('GET', '/workspaces/acme/resources/Thing/x', { token: read })).status).toBe(404);
  });
});

describe('CRM-shaped views', () => {
  it('lists automations, draws the workflow and lists its runs', async () => {
    const list = await t.request('GET', '/workspaces/acme/crm/automations', { token: read });
    expect(list.body.automations).toEqual([
      { name: 'welcome', version: 1, enabled: true, module: 'crm', trigger: 'record.created' },
    ]);
    const workflow = await t.request('GET', '/workspaces/acme/crm/automations/welcome/workflow', {
      token: read,
    });
    expect(workflow.body.graph).toMatch(/^flowchart/);
    expect(workflow.body.ir.metadata.name).toBe('welcome');
    await t.acme.runtime.runs.createRun({
      id: 'run_w1',
      automation: 'welcome',
      versionId: null,
      version: 1,
      status: 'COMPLETED',
      event: {
        id: 'e-w1',
        type: 'record.created',
        payload: {},
        causation: [],
        occurredAt: new Date().toISOString(),
        source: 'cli',
      },
    });
    const runs = await t.request('GET', '/workspaces/acme/crm/automations/welcome/runs', { token: read });
    expect(runs.body.runs.map((r: { id: string }) => r.id)).toEqual(['run_w1']);
    expect(
      (await t.request('GET', '/workspaces/acme/crm/automations/nope/workflow', { token: read })).status,
    ).toBe(404);
  });

  it('serves the registry as `aexy registry -o json` does, with the module filter', async () => {
    const triggers = await t.request('GET', '/workspaces/acme/automations/registry/triggers', {
      token: read,
    });
    expect(triggers.body.triggers).toEqual(JSON.parse(JSON.stringify([...registry.triggers.values()])));
    const actions = await t.request('GET', '/workspaces/acme/automations/registry/actions?module=crm', {
      token: read,
    });
    expect(actions.body.module).toBe('crm');
    expect(actions.body.actions.length).toBeGreaterThan(0);
    expect(
      (await t.request('GET', '/workspaces/acme/automations/registry/actions?module=nope', { token: read }))
        .status,
    ).toBe(400);
  });

  it('lists agent policies and filters the decision log', async () => {
    const policies = await t.request('GET', '/workspaces/acme/agent-policies', { token: read });
    expect(policies.body.policies.map((p: { name: string }) => p.name)).toEqual(['no-deletes']);
    const base = { at: new Date().toISOString(), args: {}, matched: [], reason: 'r' };
    await t.acme.decisions.record({ ...base, agent: 'scorer', tool: 'delete_record', outcome: 'BLOCK' });
    await t.acme.decisions.record({ ...base, agent: 'scorer', tool: 'get_record', outcome: 'ALLOW' });
    await t.acme.decisions.record({ ...base, agent: 'writer', tool: 'send_email', outcome: 'ALLOW' });
    const blocked = await t.request('GET', '/workspaces/acme/agent-policies/decisions?outcome=BLOCK', {
      token: read,
    });
    expect(blocked.body.decisions.map((d: { tool: string }) => d.tool)).toEqual(['delete_record']);
    const scorer = await t.request('GET', '/workspaces/acme/agent-policies/decisions?agent=scorer&limit=1', {
      token: read,
    });
    expect(scorer.body.decisions).toHaveLength(1);
    expect(
      (await t.request('GET', '/workspaces/acme/agent-policies/decisions?outcome=MAYBE', { token: read }))
        .status,
    ).toBe(400);
  });
});
