// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
/**
 * Agents inside automation runs (child workflows of the run) on the dev server with a scripted fake
 * model: REQUIRE_APPROVAL approve / reject / timeout (the automation run shows PAUSED and `aexy
 * approve RUN` reaches the agent), "when a lead replies, classify, then route on the label", a
 * fire-and-forget agent that still records its result, and the step timeout cancelling the agent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentPolicyIR, Step } from '../../../src/ir/types.js';
import { childAgentWorkflowId } from '../../../src/runtime/agents/contract.js';
import { decideApproval } from '../../../src/runtime/approvals.js';
import { runStateQuery } from '../../../src/runtime/workflows/index.js';
import { automation, eventually, runInput, saveHistory } from '../runtime/harness.js';
import { type AgentHarness, agent, policy, startAgentHarness, toolResult } from './agent-harness.js';

const classify = (over: Partial<Step> = {}): Step =>
  ({
    id: 'classify',
    kind: 'agent',
    agent: 'classifier',
    input: { reply: '${{ trigger.payload.source }}' },
    waitForCompletion: true,
    timeoutMs: 60_000,
    ...over,
  }) as Step;

const approvalPolicy = (timeoutMs: number): AgentPolicyIR =>
  policy('approve-writes', {
    type: 'tool_require_approval',
    tools: ['update_record'],
    approval: { approvers: ['role:admin'], timeoutMs },
  });

describe('agents in automations', () => {
  let h: AgentHarness;
  beforeAll(async () => {
    h = await startAgentHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Starts a run whose agent asks to update the lead; returns once the run is PAUSED. */
  async function pausedRun(approvalTimeoutMs: number) {
    const lead = await h.record('leads', { name: 'Cy', stage: 'new' });
    h.apply([agent('classifier')], [approvalPolicy(approvalTimeoutMs)]);
    h.model.script(
      {
        toolCalls: [
          { id: 'u1', name: 'update_record', arguments: { record: lead, values: { stage: 'hot' } } },
        ],
      },
      { json: { label: 'interested' } },
    );
    const start = h.model.requests.length;
    const input = runInput(automation('gated', [classify()]));
    const handle = await h.start(input);
    return { lead, start, input, handle };
  }

  it('pauses the automation run until a person approves the agent call through the run', async () => {
    const { lead, start, input, handle } = await pausedRun(60_000);
    const paused = await eventually(
      () => h.stores.runs.getRun(input.runId),
      (r) => r?.status === 'PAUSED',
    );
    expect(paused?.status).toBe('PAUSED');
    const view = await handle.query(runStateQuery);
    expect(view).toMatchObject({
      status: 'PAUSED',
      approvals: [{ stepId: 'classify', approvers: ['role:admin'] }],
    });
    const outcome = await decideApproval(
      { runs: h.stores.runs, client: h.temporal.client },
      { runId: input.runId, decision: 'approve', by: 'ann' },
    );
    expect(outcome).toMatchObject({ stepId: 'classify', decision: 'approve' });
    expect((await handle.result()).status).toBe('COMPLETED');
    expect((await h.stores.records.get('leads', lead))?.values.stage).toBe('hot');
    expect(JSON.parse(toolResult(h.model, start + 1, 'u1')!)).toMatchObject({ id: lead });
    const run = await eventually(
      () => h.stores.runs.getRun(input.runId),
      (r) => r?.status === 'COMPLETED',
    );
    expect(run?.status).toBe('COMPLETED');
    // Replay fixtures of the child-workflow path (parent with a forwarded approval, and the agent run).
    await saveHistory('agent-child-approval', handle);
    await saveHistory(
      'agent-run-approval',
      h.temporal.client.workflow.getHandle(childAgentWorkflowId(input.runId, 'classify')),
    );
    const steps = await h.stores.runs.steps(input.runId);
    expect(steps.find((s) => s.stepKey === 'classify')).toMatchObject({
      status: 'SUCCESS',
      output: { label: 'interested' },
    });
    expect(steps.find((s) => s.stepKey === 'classify/approval/u1')).toMatchObject({
      status: 'SUCCESS',
      kind: 'approval',
    });
  });

  it('tells the model a rejected call was blocked, and writes nothing', async () => {
    const { lead, start, input, handle } = await pausedRun(60_000);
    await eventually(
      () => h.stores.runs.getRun(input.runId),
      (r) => r?.status === 'PAUSED',
    );
    await decideApproval(
      { runs: h.stores.runs, client: h.temporal.client },
      { runId: input.runId, decision: 'reject', by: 'bo', comment: 'not yet' },
    );
    expect((await handle.result()).status).toBe('COMPLETED');
    expect(toolResult(h.model, start + 1, 'u1')).toBe('BLOCK: bo rejected this call: not yet');
    const recorded = await h.decisions.list({ agent: 'classifier', outcome: 'BLOCK' });
    expect(recorded[0]).toMatchObject({ tool: 'update_record', reason: 'bo rejected this call: not yet' });
    expect((await h.stores.records.get('leads', lead))?.values.stage).toBe('new');
  });

  it('blocks the call when nobody decides before the approval times out', async () => {
    const { lead, start, handle } = await pausedRun(1_500);
    expect((await handle.result()).status).toBe('COMPLETED');
    expect(toolResult(h.model, start + 1, 'u1')).toMatch(/^BLOCK: no person approved/);
    expect((await h.stores.records.get('leads', lead))?.values.stage).toBe('new');
  });

  it('when a lead replies: classifies the reply, then routes on the label', async () => {
    const lead = await h.record('leads', { name: 'Di', stage: 'new' });
    h.apply([agent('classifier', { tools: [] })]);
    h.model.script((req) => ({
      json: { label: String(req.messages[1]?.content).includes('stop') ? 'unsubscribe' : 'interested' },
    }));
    const setStage = (id: string, stage: string): Step => ({
      id,
      kind: 'action',
      action: 'update_record',
      with: { record: lead, values: { stage } },
    });
    const ir = automation('lead-replied', [
      classify({ input: { reply: '${{ trigger.payload.text }}' } } as Partial<Step>),
      {
        id: 'route',
        kind: 'switch',
        cases: [
          {
            when: { cel: "steps.classify.output.label == 'interested'" },
            next: { kind: 'block', steps: [setStage('hot', 'hot')] },
          },
          {
            when: { cel: "steps.classify.output.label == 'unsubscribe'" },
            next: { kind: 'block', steps: [setStage('lost', 'lost')] },
          },
        ],
      },
    ]);
    const event = (text: string) => ({
      id: `evt-${text.length}-${Date.now()}`,
      type: 'email.replied',
      payload: { text },
      occurredAt: new Date().toISOString(),
    });
    const run = await h.start(runInput(ir, { event: event('please stop emailing me') }));
    const done = await run.result();
    expect(done.error).toBeUndefined();
    expect(done.status).toBe('COMPLETED');
    expect((await h.stores.records.get('leads', lead))?.values.stage).toBe('lost');
  });

  it('runs an on_condition_match hook after the conditions and before the steps, which read its output', async () => {
    h.apply([agent('classifier', { tools: [] })]);
    h.model.script({ json: { label: 'interested' } });
    const ir = automation(
      'hooked',
      [
        {
          id: 'after',
          kind: 'action',
          action: 'test_echo',
          with: { label: '${{ steps.agent_on_condition_match_0.output.label }}' },
        },
      ],
      {
        conditions: { cel: 'true' },
        agents: [
          {
            agent: 'classifier',
            at: 'on_condition_match',
            input: { x: 1 },
            waitForCompletion: true,
            timeoutMs: 30_000,
          },
        ],
      },
    );
    const input = runInput(ir);
    expect((await (await h.start(input)).result()).status).toBe('COMPLETED');
    const steps = await h.stores.runs.steps(input.runId);
    expect(steps.find((s) => s.stepKey === 'after')?.output).toMatchObject({ echo: { label: 'interested' } });
  });

  it('uses the mock of an agent step in a dry run instead of asking the model', async () => {
    h.apply([agent('classifier', { tools: [] })]);
    const before = h.model.requests.length;
    const input = runInput(automation('dry-agent', [classify()]), {
      dryRun: true,
      mocks: { classify: { label: 'not_now' } },
    });
    expect((await (await h.start(input)).result()).status).toBe('COMPLETED');
    expect(h.model.requests.length).toBe(before);
    const steps = await h.stores.runs.steps(input.runId);
    expect(steps.find((s) => s.stepKey === 'classify')?.output).toEqual({ label: 'not_now' });
  });

  it('records the result of a fire-and-forget agent, and the run ends COMPLETED', async () => {
    h.apply([agent('classifier', { tools: [] })]);
    h.model.script({ json: { label: 'not_now' } });
    const input = runInput(
      automation('detached', [
        classify({ waitForCompletion: false } as Partial<Step>),
        { id: 'after', kind: 'action', action: 'test_echo', with: { msg: 'went on' } },
      ]),
    );
    expect((await (await h.start(input)).result()).status).toBe('COMPLETED');
    const steps = await h.stores.runs.steps(input.runId);
    expect(steps.find((s) => s.stepKey === 'after')?.status).toBe('SUCCESS');
    expect(steps.find((s) => s.stepKey === 'classify')).toMatchObject({
      status: 'SUCCESS',
      output: { label: 'not_now' },
    });
  });

  it('cancels the agent when the step times out and takes the timeout path', async () => {
    const lead = await h.record('leads', { name: 'Ed', stage: 'new' });
    h.apply([agent('classifier')], [approvalPolicy(60_000)]);
    h.model.script({
      toolCalls: [{ id: 'x1', name: 'update_record', arguments: { record: lead, values: { a: 1 } } }],
    });
    const input = runInput(
      automation('slow-agent', [
        classify({
          timeoutMs: 1_500,
          onTimeout: {
            kind: 'block',
            steps: [{ id: 'fallback', kind: 'action', action: 'test_echo', with: { msg: 'late' } }],
          },
        } as Partial<Step>),
      ]),
    );
    const handle = await h.start(input);
    expect((await handle.result()).status).toBe('COMPLETED');
    const steps = await h.stores.runs.steps(input.runId);
    expect(steps.find((s) => s.stepKey === 'fallback')?.status).toBe('SUCCESS');
    expect(steps.find((s) => s.stepKey === 'classify')).toMatchObject({
      status: 'FAILED',
      error: { type: 'timeout' },
    });
    const child = h.temporal.client.workflow.getHandle(childAgentWorkflowId(input.runId, 'classify'));
    const described = await eventually(
      () => child.describe(),
      (d) => d.status.name !== 'RUNNING',
    );
    expect(described.status.name).toBe('CANCELLED');
  });
});
