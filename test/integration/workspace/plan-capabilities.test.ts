/**
 * `aexy plan` shows what agents may newly do: tools and fields gained or lost through agent or policy
 * changes, with a warning when an agent gains a side-effecting tool that no approval policy covers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { makeTempProject } from '../../helpers/project.js';

const agent = (tools: string[]) => `apiVersion: aexy/v1
kind: Agent
metadata: { name: helper }
spec:
  type: custom
  model: { provider: openai, name: gpt-4o-mini }
  instructions: Help.
  tools: [${tools.join(', ')}]
  maxIterations: 3
  timeout: 1m
`;

const fieldPolicy = `---
apiVersion: aexy/v1
kind: AgentPolicy
metadata: { name: helper-fields }
spec: { agent: helper, type: field_restriction, tools: [update_record], read: [name, stage], write: [stage] }
`;

const approvalPolicy = `---
apiVersion: aexy/v1
kind: AgentPolicy
metadata: { name: helper-email-approval }
spec: { agent: helper, type: tool_require_approval, tools: [send_email], approval: { approvers: ["role:admin"], timeout: 4h } }
`;

describe('plan: agent capability diff', () => {
  it('lists gained tools and fields and flags an unapproved side effect', async () => {
    const dir = makeTempProject({
      'aexy.yaml': 'name: caps\n',
      'agent.yaml': agent(['get_record', 'update_record']),
    });
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir })).exitCode).toBe(0);

    writeFileSync(
      join(dir, 'agent.yaml'),
      agent(['get_record', 'update_record', 'send_email']) + fieldPolicy,
    );
    const text = await runCli(['plan'], { cwd: dir });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain('Agent capabilities:');
    expect(text.stdout).toContain('helper (changed)  tools: +send_email');
    expect(text.stdout).toMatch(/update_record write fields: .*-\*/);
    expect(text.stdout).toContain(
      '! helper gains send_email, which has side effects, and no tool_require_approval policy covers it',
    );

    const json = JSON.parse((await runCli(['plan', '-o', 'json'], { cwd: dir })).stdout);
    expect(json.plan.capabilities).toEqual([
      expect.objectContaining({
        agent: 'helper',
        change: 'changed',
        toolsGained: ['send_email'],
        toolsLost: [],
      }),
    ]);
    expect(json.plan.diagnostics).toContainEqual(
      expect.objectContaining({
        code: 'policy/unapproved-side-effect',
        severity: 'warning',
        file: 'agent.yaml',
      }),
    );
    const markdown = (await runCli(['plan', '-o', 'markdown'], { cwd: dir })).stdout;
    expect(markdown).toContain('#### Agent capabilities');
  });

  it('does not flag a side-effecting tool an approval policy covers', async () => {
    const dir = makeTempProject({ 'aexy.yaml': 'name: caps\n', 'agent.yaml': agent(['get_record']) });
    expect((await runCli(['apply', '--auto-approve'], { cwd: dir })).exitCode).toBe(0);
    writeFileSync(join(dir, 'agent.yaml'), agent(['get_record', 'send_email']) + approvalPolicy);
    const json = JSON.parse((await runCli(['plan', '-o', 'json'], { cwd: dir })).stdout);
    expect(json.plan.capabilities[0]).toMatchObject({ toolsGained: ['send_email'], flags: [] });
    expect(
      json.plan.diagnostics.filter((d: { code: string }) => d.code === 'policy/unapproved-side-effect'),
    ).toEqual([]);
  });

  it('says nothing about agents when no agent or policy changed', async () => {
    const dir = makeTempProject({ 'aexy.yaml': 'name: caps\n', 'agent.yaml': agent(['get_record']) });
    await runCli(['apply', '--auto-approve'], { cwd: dir });
    const text = await runCli(['plan'], { cwd: dir });
    expect(text.stdout).not.toContain('Agent capabilities');
  });
});
