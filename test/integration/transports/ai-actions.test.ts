// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
import { describe, expect, it } from 'vitest';
import { createAiHandlers } from '../../../src/runtime/actions/ai-actions.js';
import { ActionError } from '../../../src/runtime/activities/errors.js';
import { MemoryRecordStore } from '../../../src/runtime/activities/memory-ports.js';
import type { TransportConfig } from '../../../src/runtime/transports/config.js';
import { parseAllowList } from '../../../src/runtime/transports/ssrf.js';
import { makeActionContext } from '../../helpers/action-context.js';
import { startFakeModelServer } from '../../helpers/fake-model-server.js';

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
}

describe('AI record actions against an OpenAI-compatible endpoint', async () => {
  const model = await startFakeModelServer({ apiKey: 'sk-test-1' });
  const records = new MemoryRecordStore();
  const mutation = {
    idempotencyKey: 'seed',
    workspace: 'test',
    runId: 'seed',
    automation: 'seed',
    causation: [],
  };
  const company = await records.create(
    'companies',
    { name: 'Acme', industry: null, employees: null, domain: 'acme.test' },
    mutation,
  );
  const config: TransportConfig = {
    http: { allow: parseAllowList([]).allow },
    records,
    secret: (name) => ({ OPENAI_API_KEY: 'sk-test-1' })[name],
    model: {
      baseUrl: model.baseUrl,
      name: 'gpt-test-mini',
      apiKey: '${{ secrets.OPENAI_API_KEY }}',
      temperature: 0,
    },
  };
  const handlers = createAiHandlers(config);

  it('classify_record: sends the text as data with the labels, returns the validated answer', async () => {
    model.script({ json: { label: 'interested', confidence: 0.91, reasoning: 'Asks for a call.' } });
    const input = {
      text: 'Sounds good, can we talk Tuesday?',
      labels: ['interested', 'not_now'],
      instructions: 'buying intent',
    };
    const out = await handlers.classify_record!(input, makeActionContext());
    expect(out).toEqual({ label: 'interested', confidence: 0.91, reasoning: 'Asks for a call.' });
    const sent = model.requests.at(-1)!;
    expect(model.http.at(-1)!.headers.authorization).toBe('Bearer sk-test-1');
    expect(sent.model).toBe('gpt-test-mini');
    expect(sent.response_format).toEqual({ type: 'json_object' });
    expect(sent.messages[0]!.role).toBe('system');
    expect(sent.messages[0]!.content).toContain('["interested","not_now"]');
    expect(sent.messages[1]).toEqual({ role: 'user', content: 'Sounds good, can we talk Tuesday?' });
  });

  it('classify_record: refuses a label outside `labels` and a malformed answer', async () => {
    model.script({ json: { label: 'maybe', confidence: 0.5, reasoning: 'x' } });
    const bad = await failure(
      handlers.classify_record!({ text: 'hm', labels: ['yes', 'no'] }, makeActionContext()),
    );
    expect(bad).toMatchObject({ type: 'model_output_invalid', retryable: false });
    expect(bad.message).toContain('/label');
    model.script({ json: { label: 'yes', confidence: 7, reasoning: 'x' } });
    expect(
      (await failure(handlers.classify_record!({ text: 'hm', labels: ['yes', 'no'] }, makeActionContext())))
        .message,
    ).toContain('/confidence');
    model.script({ content: 'I think it is yes.' });
    expect(
      await failure(handlers.classify_record!({ text: 'hm', labels: ['yes', 'no'] }, makeActionContext())),
    ).toMatchObject({
      type: 'model_output_invalid',
    });
  });

  it('generate_summary: summarises the trigger record (fenced JSON tolerated)', async () => {
    model.script({ content: '```json\n{"summary": "Acme, a company at acme.test."}\n```' });
    const ctx = makeActionContext({ record: { id: company.id, object: 'companies' } });
    const out = await handlers.generate_summary!({ maxWords: 30 }, ctx);
    expect(out).toEqual({ summary: 'Acme, a company at acme.test.' });
    const sent = model.requests.at(-1)!;
    expect(sent.messages[0]!.content).toContain('at most 30 words');
    expect(JSON.parse(sent.messages[1]!.content!)).toMatchObject({
      id: company.id,
      values: { name: 'Acme' },
    });
  });

  it('enrich_record: asks only for empty attributes, writes the known values once per idempotency key', async () => {
    model.script((request) => {
      expect(request.messages[0]!.content).toContain('["industry","employees"]');
      return {
        json: { values: { industry: 'Software', employees: null, name: 'Hijacked' }, sources: ['company'] },
      };
    });
    const ctx = makeActionContext({ record: { id: company.id, object: 'companies' } });
    const out = await handlers.enrich_record!({ sources: ['company', 'web'] }, ctx);
    expect(out).toEqual({ recordId: company.id, enriched: { industry: 'Software' }, sources: ['company'] });
    const stored = await records.get(company.id);
    expect(stored!.values).toMatchObject({ name: 'Acme', industry: 'Software', employees: null });
    const before = records.mutations;
    model.script({ json: { values: { employees: 120 }, sources: ['company'] } });
    // Nothing is empty any more except employees; a repeated idempotency key does not apply twice.
    await handlers.enrich_record!({ sources: ['company'] }, ctx);
    expect(records.mutations).toBe(before);
  });

  it('maps model endpoint failures: 429 -> rate_limit with Retry-After, 500 -> server_error, 401 final', async () => {
    model.script({
      status: 429,
      headers: { 'retry-after': '3' },
      error: { error: { message: 'Rate limit reached' } },
    });
    const limited = await failure(
      handlers.classify_record!({ text: 'x', labels: ['a', 'b'] }, makeActionContext()),
    );
    expect(limited).toMatchObject({ type: 'rate_limit', retryable: true });
    expect(limited.options.nextRetryDelayMs).toBe(3000);
    expect(limited.message).toContain('Rate limit reached');
    model.script({ status: 500 });
    expect(await failure(handlers.generate_summary!({ text: 'x' }, makeActionContext()))).toMatchObject({
      type: 'server_error',
    });
    const wrongKey = createAiHandlers({ ...config, secret: () => 'sk-wrong' });
    const denied = await failure(wrongKey.generate_summary!({ text: 'x' }, makeActionContext()));
    expect(denied).toMatchObject({ type: 'http_error', retryable: false });
    expect(denied.message).not.toContain('sk-wrong');
  });

  it('needs a record or text, and a configured model', async () => {
    expect(await failure(handlers.generate_summary!({}, makeActionContext()))).toMatchObject({
      type: 'validation_error',
    });
    const none = createAiHandlers({ http: config.http, records });
    expect(await failure(none.generate_summary!({ text: 'x' }, makeActionContext()))).toMatchObject({
      type: 'not_configured',
    });
  });
});
