/**
 * Standalone agent runs on the dev server with a scripted fake model: tools offered with their
 * registry schemas, an allowed read filtered by a field restriction, a blocked write refused,
 * malformed tool calls returned to the model, the token budget, and the output schema repair.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentHarness, agent, policy, startAgentHarness, toolResult } from './agent-harness.js';

describe('agentRun (standalone)', () => {
  let h: AgentHarness;
  beforeAll(async () => {
    h = await startAgentHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs an allowed read tool with the fields the restriction lets it see, then answers', async () => {
    const lead = await h.record('leads', { name: 'Ada', email: 'ada@x.io', notes: 'private' });
    h.apply(
      [agent('reader')],
      [policy('lead-fields', { type: 'field_restriction', tools: ['get_record'], read: ['name'] })],
    );
    h.model.script(
      { toolCalls: [{ id: 'c1', name: 'get_record', arguments: { record: lead } }] },
      { json: { label: 'interested' } },
    );
    const start = h.model.requests.length;
    const run = await h.runAgent('reader', { reply: 'Sounds great' });
    const result = await run.result();
    expect(result).toMatchObject({ output: { label: 'interested' }, iterations: 2 });
    expect(result.usage).toEqual({ promptTokens: 20, completionTokens: 10 });
    const first = h.model.requests[start]!;
    const tools = (first.tools ?? []) as Array<{
      function: { name: string; parameters: { properties: object } };
    }>;
    expect(tools.map((t) => t.function.name)).toEqual(['get_record', 'update_record']);
    expect(tools[0]!.function.parameters.properties).toHaveProperty('record');
    expect(first.messages[1]?.content).toContain('Sounds great');
    const seen = toolResult(h.model, start + 1, 'c1')!;
    expect(seen).toContain('Ada');
    expect(seen).not.toContain('ada@x.io');
    expect(seen).not.toContain('private');
    const rows = await h.stores.runs.steps(run.runId);
    expect(rows.filter((r) => r.kind === 'agent_model')).toHaveLength(2);
    expect((await h.stores.runs.getRun(run.runId))?.status).toBe('COMPLETED');
  });

  it('refuses a blocked tool (the model is told, nothing is written) and records the decision', async () => {
    const lead = await h.record('leads', { name: 'Bob', stage: 'new' });
    h.apply([agent('writer')], [policy('no-writes', { type: 'tool_block', tools: ['update_record'] })]);
    h.model.script(
      {
        toolCalls: [
          { id: 'w1', name: 'update_record', arguments: { record: lead, values: { stage: 'won' } } },
        ],
      },
      { json: { label: 'not_now' } },
    );
    const start = h.model.requests.length;
    const run = await h.runAgent('writer', {});
    expect((await run.result()).output).toEqual({ label: 'not_now' });
    expect(toolResult(h.model, start + 1, 'w1')).toMatch(/^BLOCK: /);
    expect((await h.stores.records.get('leads', lead))?.values.stage).toBe('new');
    const decision = (await h.decisions.list({ agent: 'writer' })).find((d) => d.tool === 'update_record');
    expect(decision).toMatchObject({ tool: 'update_record', outcome: 'BLOCK', run: run.runId });
  });

  it('returns malformed tool calls (arguments not an object, unknown tool) to the model as errors', async () => {
    h.apply([agent('clumsy')]);
    h.model.script(
      {
        toolCalls: [
          { id: 'm1', name: 'get_record', arguments: 'not an object{' },
          { id: 'm2', name: 'launch_rockets', arguments: {} },
        ],
      },
      { json: { label: 'unsubscribe' } },
    );
    const start = h.model.requests.length;
    const result = await (await h.runAgent('clumsy', {})).result();
    expect(result.output).toEqual({ label: 'unsubscribe' });
    expect(toolResult(h.model, start + 1, 'm1')).toMatch(
      /error: get_record: the arguments must be a JSON object/,
    );
    expect(toolResult(h.model, start + 1, 'm2')).toMatch(/unknown tool "launch_rockets"/);
  });

  it('repairs an over-long answer once, and fails with the reason when the repair is invalid too', async () => {
    h.apply([agent('talker', { tools: [] })]);
    h.model.script({ content: 'x'.repeat(40_000) }, { json: { label: 'interested' } });
    const start = h.model.requests.length;
    expect((await (await h.runAgent('talker', {})).result()).output).toEqual({ label: 'interested' });
    expect(h.model.requests[start + 1]?.messages.at(-1)?.content).toMatch(/40000 characters long/);
    h.model.script({ json: { label: 'maybe' } }, { content: 'still not json' });
    const failed = await h.runAgent('talker', {});
    await expect(failed.result()).rejects.toThrow();
    const run = await h.stores.runs.getRun(failed.runId);
    expect(run).toMatchObject({ status: 'FAILED', error: { type: 'agent_output_invalid' } });
    expect(run?.error?.message).toMatch(/after one repair attempt: the answer is not JSON/);
  });

  it('blocks the next model call once the token budget is spent (the real usage is what counts)', async () => {
    h.apply(
      [agent('spender', { tools: ['get_record'] })],
      [policy('budget', { type: 'token_budget', limit: 3000, perMs: 86_400_000 })],
    );
    // The first call reserves its estimate, then settles the 2,900 tokens really used.
    h.model.script({
      toolCalls: [{ id: 't1', name: 'get_record', arguments: { record: 'nope' } }],
      usage: { prompt_tokens: 2800, completion_tokens: 100 },
    });
    const start = h.model.requests.length;
    const run = await h.runAgent('spender', {});
    await expect(run.result()).rejects.toThrow();
    expect(h.model.requests.length - start).toBe(1);
    expect(await h.stores.runs.getRun(run.runId)).toMatchObject({
      status: 'FAILED',
      error: { type: 'policy_blocked' },
    });
    const refused = await h.decisions.list({ agent: 'spender', outcome: 'BLOCK' });
    expect(refused[0]).toMatchObject({
      tool: '@model',
      reason: expect.stringMatching(/2900 of 3000 tokens/),
    });
  });

  it('fails with max_iterations when the model never gives a final answer', async () => {
    h.apply([agent('looper', { tools: ['get_record'], maxIterations: 2 })]);
    const call = { toolCalls: [{ name: 'get_record', arguments: { record: 'none' } }] };
    h.model.script(call, call, call);
    const start = h.model.requests.length;
    const run = await h.runAgent('looper', {});
    await expect(run.result()).rejects.toThrow();
    expect(h.model.requests.length - start).toBe(2);
    expect(await h.stores.runs.getRun(run.runId)).toMatchObject({
      status: 'FAILED',
      error: { type: 'max_iterations' },
    });
    // The failed read was reported to the model, not raised.
    expect(toolResult(h.model, start + 1)).toMatch(/^error: record none does not exist/);
  });
});
