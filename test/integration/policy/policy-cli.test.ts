import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePolicies, counterView, decide, decisionRecord } from '../../../src/policy/index.js';
import { SqliteDecisionLog } from '../../../src/workspace/sqlite/decision-log.js';
import { openDatabase } from '../../../src/workspace/sqlite/open.js';
import { SqlitePolicyCounterStore } from '../../../src/workspace/sqlite/policy-counter-store.js';
import { repoRoot, runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';
import { policy } from '../../unit/policy/policy-fixtures.js';

const POLICIES = `apiVersion: aexy/v1
kind: AgentPolicy
metadata: { name: no-deletes }
spec: { type: tool_block, tools: [delete_record] }
---
apiVersion: aexy/v1
kind: AgentPolicy
metadata: { name: external-email }
spec:
  type: tool_require_approval
  tools: [send_email]
  when: '!args.to.endsWith("@acme.example")'
  approval: { approvers: ["role:admin"], timeout: 4h }
---
apiVersion: aexy/v1
kind: AgentPolicy
metadata: { name: email-rate }
spec: { type: rate_limit, tools: [send_email], limit: 2, per: 1d }
---
apiVersion: aexy/v1
kind: AgentPolicy
metadata: { name: scorer-fields }
spec:
  agent: lead-scorer
  type: field_restriction
  tools: [get_record, update_record]
  read: [name, email]
  write: [score]
`;

const AGENTS = `apiVersion: aexy/v1
kind: Agent
metadata: { name: outreach }
spec:
  type: custom
  model: { provider: openai, name: gpt-4o-mini }
  instructions: Write to leads.
  tools: [get_record, send_email]
---
apiVersion: aexy/v1
kind: Agent
metadata: { name: lead-scorer }
spec:
  type: custom
  model: { provider: openai, name: gpt-4o-mini }
  instructions: Score leads.
  tools: [get_record, update_record]
`;

const TESTS = `- name: deletes are blocked
  call: { agent: lead-scorer, tool: delete_record, args: { record: r1 } }
  expect: BLOCK
- call: { agent: outreach, tool: send_email, args: { to: lead@example.com, subject: Hi } }
  expect: REQUIRE_APPROVAL
  matched: [external-email, email-rate]
- name: a nested salary write is blocked
  call: { agent: lead-scorer, tool: update_record, args: { record: r1, values: { profile: { salary: 1 } } } }
  expect: BLOCK
- name: over the daily email limit
  call: { agent: outreach, tool: send_email, args: { to: bob@acme.example } }
  counters: { email-rate: 2 }
  expect: RATE_LIMITED
`;

function project(extra: Record<string, string> = {}) {
  return makeTempProject({
    'aexy.yaml': 'name: t\ntimezone: Europe/Berlin\nexclude: ["policy-tests/**"]\n',
    'policies.yaml': POLICIES,
    'agents.yaml': AGENTS,
    'policy-tests/cases.yaml': TESTS,
    ...extra,
  });
}

describe('aexy policy eval', () => {
  it('explains every policy considered, whether it matched and why', async () => {
    const cwd = project();
    const args = JSON.stringify({ to: 'lead@example.com' });
    const r = await runCli(
      [
        'policy',
        'eval',
        '--agent',
        'outreach',
        '--tool',
        'send_email',
        '--args',
        args,
        '--now',
        '2026-11-27T12:00:00Z',
      ],
      { cwd },
    );
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^REQUIRE_APPROVAL {2}outreach -> send_email \(write\)/);
    expect(r.stdout).toMatch(/matched +external-email +tool_require_approval +REQUIRE_APPROVAL/);
    expect(r.stdout).toMatch(/matched +email-rate +rate_limit +ALLOW +0 of 2 calls used in day 2026-11-27/);
  });

  it('prints one JSON envelope, and reads tools without side effects as reads', async () => {
    const cwd = project();
    const args = JSON.stringify({ record: 'r1', fields: ['salary'] });
    const r = await runCli(
      ['policy', 'eval', '--agent', 'lead-scorer', '--tool', 'get_record', '--args', args, '-o', 'json'],
      { cwd },
    );
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      formatVersion: 1,
      kind: 'policy-decision',
      call: { access: 'read' },
      timeZone: 'Europe/Berlin',
    });
    expect(out.decision.outcome).toBe('BLOCK');
    expect(out.decision.reason).toContain('salary');
  });

  it('previews the counters recorded in the workspace', async () => {
    const cwd = project();
    mkdirSync(join(cwd, '.aexy'));
    const db = openDatabase(join(cwd, '.aexy', 'workspace.db'));
    await new SqlitePolicyCounterStore(db).reserveAll([
      { key: 'email-rate/outreach@2026-11-26T23:00:00.000Z', amount: 2, limit: 2 },
    ]);
    db.close();
    const args = JSON.stringify({ to: 'bob@acme.example' });
    const r = await runCli(
      [
        'policy',
        'eval',
        '--agent',
        'outreach',
        '--tool',
        'send_email',
        '--args',
        args,
        '--now',
        '2026-11-27T12:00:00Z',
      ],
      { cwd },
    );
    expect(r.stdout).toMatch(/^RATE_LIMITED/);
    expect(r.stdout).toContain('2 of 2 calls used in day 2026-11-27');
  });

  it('reads the applied policies with --from workspace', async () => {
    const cwd = project();
    const missing = await runCli(
      ['policy', 'eval', '--agent', 'a', '--tool', 'delete_record', '--from', 'workspace'],
      { cwd },
    );
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('no workspace at');
    const applied = await runCli(['apply', '--auto-approve'], { cwd });
    expect(applied.exitCode, applied.stderr).toBe(0);
    const r = await runCli(
      ['policy', 'eval', '--agent', 'a', '--tool', 'delete_record', '--from', 'workspace'],
      { cwd },
    );
    expect(r.stdout).toMatch(/^BLOCK {2}a -> delete_record/);
    expect(r.stdout).toContain('policies from workspace');
  });

  it('rejects arguments that are not a JSON object', async () => {
    const r = await runCli(['policy', 'eval', '--agent', 'a', '--tool', 't', '--args', '{nope'], {
      cwd: project(),
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('--args is not JSON');
  });
});

describe('aexy policy test', () => {
  it('passes when every case gets its expected outcome', async () => {
    const r = await runCli(['policy', 'test'], { cwd: project() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('4 passed, 0 failed');
  });

  it('passes on the example project (examples/automations/policy-tests)', async () => {
    const r = await runCli(['policy', 'test', '-C', 'examples/automations', '-o', 'json'], { cwd: repoRoot });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary).toEqual({ total: 9, passed: 9, failed: 0 });
  });

  it('fails with exit 1 and a diff on a mismatch', async () => {
    const cwd = project({
      'policy-tests/wrong.yaml': '- call: { agent: a, tool: delete_record, args: {} }\n  expect: ALLOW\n',
    });
    const r = await runCli(['policy', 'test', 'policy-tests/wrong.yaml'], { cwd });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('FAIL  a delete_record -> ALLOW');
    expect(r.stdout).toContain('- expect: ALLOW');
    expect(r.stdout).toContain('+ actual: BLOCK');
    const json = JSON.parse(
      (await runCli(['policy', 'test', 'policy-tests/wrong.yaml', '-o', 'json'], { cwd })).stdout,
    );
    expect(json.summary).toEqual({ total: 1, passed: 0, failed: 1 });
  });
});

describe('aexy policy decisions', () => {
  it('lists recorded decisions newest first, filtered by agent and outcome', async () => {
    const cwd = project();
    mkdirSync(join(cwd, '.aexy'));
    const db = openDatabase(join(cwd, '.aexy', 'workspace.db'));
    const log = new SqliteDecisionLog(db);
    const index = compilePolicies([
      policy({ name: 'no-deletes', type: 'tool_block', tools: ['delete_record'] }),
    ]);
    for (const [i, [agentName, tool]] of [
      ['a', 'delete_record'],
      ['b', 'get_record'],
      ['a', 'get_record'],
    ].entries()) {
      const call = { agent: agentName, tool, args: { token: 'secret' } };
      const decision = decide(index, call, counterView(), { now: '2026-11-27T12:00:00Z' });
      await log.record(decisionRecord(call, decision, { at: `2026-11-27T12:00:0${i}Z`, run: `run-${i}` }));
    }
    db.close();
    const all = await runCli(['policy', 'decisions'], { cwd });
    expect(
      all.stdout
        .split('\n')
        .slice(1, 4)
        .map((l) => l.split(/\s+/).slice(1, 4).join(' ')),
    ).toEqual(['a get_record ALLOW', 'b get_record ALLOW', 'a delete_record BLOCK']);
    const blocked = JSON.parse(
      (await runCli(['policy', 'decisions', '--agent', 'a', '--outcome', 'block', '-o', 'json'], { cwd }))
        .stdout,
    );
    expect(blocked.decisions).toHaveLength(1);
    expect(blocked.decisions[0]).toMatchObject({
      agent: 'a',
      tool: 'delete_record',
      args: { token: '[REDACTED]' },
      run: 'run-0',
    });
  });

  it('says so when nothing was recorded', async () => {
    const r = await runCli(['policy', 'decisions'], { cwd: project() });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'No decisions recorded.\n' });
  });
});
