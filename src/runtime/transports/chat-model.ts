/**
 * An OpenAI-compatible chat-completions client for the AI record actions: one request, JSON mode,
 * the assistant's content parsed as JSON. Works with any endpoint speaking that shape (OpenAI,
 * Azure-style proxies, vLLM, Ollama's /v1, LiteLLM...). HTTP failures are classified like every
 * other transport (429 rate_limit with Retry-After, 5xx server_error, other 4xx final).
 */
import type { ActionContext } from '../activities/ports.js';
import { assertSuccess, bodySnippet, parseBody } from './classify.js';
import { resolveSetting, type TransportConfig } from './config.js';
import { finalFailure, TRANSPORT_ERROR_TYPES } from './failure.js';
import { callProvider, jsonBody } from './provider.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The parsed JSON answer and token usage. */
export interface JsonCompletion {
  value: unknown;
  usage?: { promptTokens: number; completionTokens: number };
}

/** Asks the configured model for a JSON object answer to `messages`. */
export async function completeJson(
  messages: ChatMessage[],
  config: TransportConfig,
  ctx: Pick<ActionContext, 'signal'>,
  what: string,
): Promise<JsonCompletion> {
  const model = config.model;
  if (!model?.name) {
    throw finalFailure(
      TRANSPORT_ERROR_TYPES.notConfigured,
      `${what} needs a model: set \`model.name\` in aexy.yaml`,
    );
  }
  const { body, type } = jsonBody({
    model: model.name,
    temperature: model.temperature,
    messages,
    response_format: { type: 'json_object' },
  });
  const headers: Record<string, string> = { 'content-type': type };
  if (model.apiKey) headers.authorization = `Bearer ${resolveSetting(model.apiKey, config)}`;
  const url = `${model.baseUrl}/chat/completions`;
  const response = await callProvider(
    { url, method: 'POST', headers, body },
    ctx,
    config,
    `${what} model call`,
  );
  assertSuccess(response, `${what} model call`, undefined, errorDetail(response.body));
  const result = parseBody(response) as {
    choices?: Array<{ message?: { content?: unknown } }>;
    usage?: Record<string, number>;
  };
  const content = result?.choices?.[0]?.message?.content;
  if (typeof content !== 'string') {
    throw finalFailure(TRANSPORT_ERROR_TYPES.modelOutput, `${what}: the model returned no text content`);
  }
  return { value: parseJsonContent(content, what), usage: usageOf(result.usage) };
}

/** Content as JSON; models sometimes wrap it in a ```json fence despite JSON mode. */
function parseJsonContent(content: string, what: string): unknown {
  const unfenced = content.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  try {
    return JSON.parse(unfenced);
  } catch {
    const snippet = unfenced.length > 120 ? `${unfenced.slice(0, 120)}...` : unfenced;
    throw finalFailure(
      TRANSPORT_ERROR_TYPES.modelOutput,
      `${what}: the model answer is not JSON: ${snippet}`,
    );
  }
}

function usageOf(usage: Record<string, number> | undefined): JsonCompletion['usage'] {
  if (!usage) return undefined;
  return { promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens ?? 0 };
}

/** OpenAI-style `{error: {message}}` bodies give the clearest message. */
function errorDetail(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { error?: { message?: string } };
    if (parsed.error?.message) return parsed.error.message;
  } catch {
    // not JSON: fall back to the raw text
  }
  return bodySnippet(body);
}
