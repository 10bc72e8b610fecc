/**
 * One chat-completions request with tool definitions, for agent runs: any OpenAI-compatible endpoint.
 * The assistant message comes back as it is (text and/or tool calls); malformed tool calls are the
 * workflow's business (returned to the model as errors), HTTP failures are classified like every
 * other transport (429 rate_limit, 5xx server_error: retried by the activity's retry policy).
 */
import type { ActionContext } from '../activities/ports.js';
import { assertSuccess, bodySnippet, parseBody } from '../transports/classify.js';
import { DEFAULT_MODEL_BASE_URL, resolveSetting, type TransportConfig } from '../transports/config.js';
import { finalFailure, TRANSPORT_ERROR_TYPES } from '../transports/failure.js';
import { callProvider, jsonBody } from '../transports/provider.js';
import type { AgentDefinition, AgentMessage, TokenUsage, ToolCallMessage, ToolSpec } from './contract.js';

export interface ChatReply {
  content: string | null;
  toolCalls: ToolCallMessage[];
  usage: TokenUsage;
}

/** The request body: the agent's model wins over aexy.yaml's `model.name`. */
export function chatBody(
  model: AgentDefinition['model'],
  config: TransportConfig,
  messages: AgentMessage[],
  tools: ToolSpec[],
) {
  const name = model.name || config.model?.name;
  if (!name)
    throw finalFailure(
      TRANSPORT_ERROR_TYPES.notConfigured,
      'the agent needs a model: set `model.name` in aexy.yaml or on the agent',
    );
  return {
    model: name,
    temperature: model.temperature ?? config.model?.temperature ?? 0,
    messages,
    ...(tools.length
      ? {
          tools: tools.map((t) => ({
            type: 'function',
            function: { name: t.name, description: t.description, parameters: t.parameters },
          })),
        }
      : {}),
  };
}

/** Sends one chat-completions request and returns the assistant message and token usage. */
export async function chatWithTools(
  model: AgentDefinition['model'],
  config: TransportConfig,
  messages: AgentMessage[],
  tools: ToolSpec[],
  ctx: Pick<ActionContext, 'signal'>,
): Promise<ChatReply> {
  const { body, type } = jsonBody(chatBody(model, config, messages, tools));
  const headers: Record<string, string> = { 'content-type': type };
  const apiKey = config.model?.apiKey;
  if (apiKey) headers.authorization = `Bearer ${resolveSetting(apiKey, config)}`;
  const base = model.baseUrl ?? config.model?.baseUrl ?? DEFAULT_MODEL_BASE_URL;
  const request = { url: `${base}/chat/completions`, method: 'POST', headers, body };
  const response = await callProvider(request, ctx, config, 'agent model call');
  assertSuccess(response, 'agent model call', undefined, bodySnippet(response.body));
  const parsed = parseBody(response) as {
    choices?: Array<{ message?: { content?: unknown; tool_calls?: unknown } }>;
    usage?: Record<string, number>;
  };
  const message = parsed?.choices?.[0]?.message;
  if (!message)
    throw finalFailure(TRANSPORT_ERROR_TYPES.modelOutput, 'agent model call: no message in the answer');
  return {
    content: typeof message.content === 'string' ? message.content : null,
    toolCalls: toolCallsOf(message.tool_calls),
    usage: {
      promptTokens: parsed.usage?.prompt_tokens ?? 0,
      completionTokens: parsed.usage?.completion_tokens ?? 0,
    },
  };
}

/** Tool calls as sent, with missing pieces made explicit (an empty name is reported to the model later). */
function toolCallsOf(raw: unknown): ToolCallMessage[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((c, i) => {
    const call = (c ?? {}) as { id?: unknown; function?: { name?: unknown; arguments?: unknown } };
    const args = call.function?.arguments;
    return {
      id: typeof call.id === 'string' && call.id ? call.id : `call_${i}`,
      type: 'function' as const,
      function: {
        name: typeof call.function?.name === 'string' ? call.function.name : '',
        arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
      },
    };
  });
}

/** A rough token estimate of a request (4 characters a token) plus room for the answer. */
export function estimateTokens(messages: AgentMessage[], tools: ToolSpec[]): number {
  return Math.ceil((JSON.stringify(messages).length + JSON.stringify(tools).length) / 4) + 512;
}
