/**
 * The pure pieces of the agent activities: argument parsing, result clipping, the output check
 * (JSON, size, schema) and tool specs from the registry.
 */
import { describe, expect, it } from 'vitest';
import { checkOutput, toolSpecs } from '../../../src/runtime/agents/activities.js';
import { MAX_OUTPUT_CHARS } from '../../../src/runtime/agents/contract.js';
import { estimateTokens } from '../../../src/runtime/agents/model-client.js';
import { clip, parseArguments } from '../../../src/runtime/agents/tool-call.js';

const schema = { type: 'object', required: ['label'], properties: { label: { enum: ['a', 'b'] } } };

describe('agent helpers', () => {
  it('parses tool arguments as a JSON object, or says why not', () => {
    expect(parseArguments('{"id":"r1"}')).toEqual({ args: { id: 'r1' } });
    expect(parseArguments('')).toEqual({ args: {} });
    expect(parseArguments('{oops')).toMatchObject({ error: expect.stringMatching(/not valid JSON/) });
    expect(parseArguments('[1]')).toEqual({ error: 'the arguments must be a JSON object' });
    expect(parseArguments('"text"')).toEqual({ error: 'the arguments must be a JSON object' });
  });

  it('clips long results and says how much was cut', () => {
    expect(clip('abc', 5)).toBe('abc');
    expect(clip('abcdefgh', 5)).toBe('abcde... [cut: 3 more characters]');
  });

  it('checks the final answer: empty, too long, not JSON, schema, fences', () => {
    expect(checkOutput({ schema, text: null })).toEqual({ ok: false, reason: 'the answer is empty' });
    expect(checkOutput({ schema, text: 'x'.repeat(MAX_OUTPUT_CHARS + 1) })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/over the limit/),
    });
    expect(checkOutput({ schema, text: 'hello' })).toEqual({ ok: false, reason: 'the answer is not JSON' });
    expect(checkOutput({ schema, text: '{"label":"c"}' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not match the output schema: .*allowed values/),
    });
    expect(checkOutput({ schema, text: '```json\n{"label":"a"}\n```' })).toEqual({
      ok: true,
      value: { label: 'a' },
    });
    expect(checkOutput({ text: 'free text' })).toEqual({ ok: true, value: 'free text' });
  });

  it('offers registry actions with their input schemas, read or write by side effect', () => {
    const [get, update] = toolSpecs(['get_record', 'update_record', 'no_such_action']) as ReturnType<
      typeof toolSpecs
    >;
    expect(toolSpecs(['no_such_action'])).toEqual([]);
    expect(get).toMatchObject({ name: 'get_record', access: 'read', parameters: { type: 'object' } });
    expect(update).toMatchObject({ name: 'update_record', access: 'write' });
    expect(Object.keys((update?.parameters.properties ?? {}) as object)).toContain('values');
  });

  it('estimates tokens from the request size, with room for the answer', () => {
    const small = estimateTokens([{ role: 'user', content: 'hi' }], []);
    const big = estimateTokens([{ role: 'user', content: 'x'.repeat(4000) }], []);
    expect(small).toBeGreaterThan(512);
    expect(big - small).toBeGreaterThanOrEqual(999);
  });
});
