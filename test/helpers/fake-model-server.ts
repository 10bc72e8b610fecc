/**
 * A fake OpenAI-compatible chat-completions server on 127.0.0.1 for tests of the AI actions (and,
 * later, agents). Each POST /v1/chat/completions is recorded and answered by the next scripted reply
 * (or by a function of the request); when the script runs out, the fallback answers (default: 500).
 *
 *   const model = await startFakeModelServer({ apiKey: 'sk-test' });
 *   model.script({ json: { label: 'interested', confidence: 0.9, reasoning: '...' } });
 *   model.script({ status: 429, headers: { 'retry-after': '2' } });
 *   model.script((req) => ({ content: `echo ${req.messages.at(-1)?.content}` }));
 *   model.script({ toolCalls: [{ name: 'get_record', arguments: { id: 'rec_1' } }] });
 */
import { type HttpPeer, type PeerResponse, type RecordedRequest, startHttpPeer } from './http-peer.js';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content?: string | null; tool_calls?: unknown; tool_call_id?: string }>;
  temperature?: number;
  response_format?: unknown;
  tools?: unknown[];
  [key: string]: unknown;
}

/** One scripted answer. */
export interface ModelReply {
  /** Assistant text content. */
  content?: string;
  /** Shorthand: content = JSON.stringify(json). */
  json?: unknown;
  /** Tool calls the assistant makes (OpenAI `tool_calls` shape is generated). */
  toolCalls?: Array<{ name: string; arguments: unknown; id?: string }>;
  /** An HTTP error instead of a completion. */
  status?: number;
  headers?: Record<string, string>;
  /** Raw error body for `status`. */
  error?: unknown;
  usage?: { prompt_tokens: number; completion_tokens: number };
  finishReason?: string;
}

export type ScriptedReply = ModelReply | ((request: ChatRequest, index: number) => ModelReply);

export interface FakeModelServer {
  /** Base URL to configure (`http://127.0.0.1:PORT/v1`). */
  baseUrl: string;
  /** Parsed chat requests, in order. */
  requests: ChatRequest[];
  /** Raw HTTP requests (headers included). */
  http: RecordedRequest[];
  /** Appends replies to the script. */
  script(...replies: ScriptedReply[]): void;
  /** Replies still queued. */
  pending(): number;
  /** Drops the queued replies (between tests). */
  clear(): void;
  close(): Promise<void>;
}

export interface FakeModelOptions {
  /** When set, requests without `Authorization: Bearer <apiKey>` get 401. */
  apiKey?: string;
  /** Used when the script is empty. */
  fallback?: ScriptedReply;
}

/** Starts the fake model server. */
export async function startFakeModelServer(options: FakeModelOptions = {}): Promise<FakeModelServer> {
  const queue: ScriptedReply[] = [];
  const requests: ChatRequest[] = [];
  let peer: HttpPeer | undefined;
  const answer = (req: RecordedRequest): PeerResponse => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions')
      return { status: 404, body: { error: { message: 'not found' } } };
    if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return {
        status: 401,
        body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } },
      };
    }
    const chat = req.json as ChatRequest;
    requests.push(chat);
    const next = queue.shift() ??
      options.fallback ?? { status: 500, error: { error: { message: 'script exhausted' } } };
    const reply = typeof next === 'function' ? next(chat, requests.length - 1) : next;
    return toResponse(chat, reply, requests.length);
  };
  peer = await startHttpPeer(answer);
  return {
    baseUrl: `${peer.url}/v1`,
    requests,
    http: peer.requests,
    script: (...replies) => void queue.push(...replies),
    pending: () => queue.length,
    clear: () => void queue.splice(0),
    close: () => peer!.close(),
  };
}

function toResponse(request: ChatRequest, reply: ModelReply, n: number): PeerResponse {
  if (reply.status && reply.status >= 400) {
    return {
      status: reply.status,
      headers: reply.headers,
      body: reply.error ?? { error: { message: `HTTP ${reply.status}` } },
    };
  }
  const content = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.content ?? null);
  const toolCalls = reply.toolCalls?.map((call, i) => ({
    id: call.id ?? `call_${n}_${i}`,
    type: 'function',
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
  const usage = reply.usage ?? { prompt_tokens: 10, completion_tokens: 5 };
  const message = { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) };
  return {
    status: 200,
    headers: reply.headers,
    body: {
      id: `chatcmpl-${n}`,
      object: 'chat.completion',
      created: 1_764_201_600,
      model: request.model,
      choices: [
        { index: 0, message, finish_reason: reply.finishReason ?? (toolCalls ? 'tool_calls' : 'stop') },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  };
}
