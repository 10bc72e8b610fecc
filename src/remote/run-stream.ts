/**
 * The runs stream of `aexy serve` (`GET /runs/stream`, server-sent events): every change of a run is
 * an `event: run` with `data: {run, steps}`; `: ping` comments keep proxies from closing an idle
 * connection. The consumer reconnects after a dropped connection (a restarted server), so
 * `aexy runs tail` keeps following; the caller's signal ends it.
 */
import type { RunRecord, StepRecord } from '../workspace/runs/types.js';
import { RemoteError, ServerUnreachableError } from './errors.js';
import type { HttpClient } from './http-client.js';

/** One change of a run: the run and all its steps as they are now. */
export interface RunUpdateEvent {
  run: RunRecord;
  steps: StepRecord[];
}

/** One parsed server-sent event. */
export interface SseMessage {
  event: string;
  data: string;
}

/** Parses a server-sent event stream into messages (comments and unknown fields are skipped). */
export async function* parseSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let event = 'message';
  let data: string[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let newline = buffer.search(/\r?\n/);
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(buffer[newline] === '\r' ? newline + 2 : newline + 1);
      if (line === '') {
        if (data.length) yield { event, data: data.join('\n') };
        event = 'message';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      newline = buffer.search(/\r?\n/);
    }
  }
}

export interface RunStreamOptions {
  automation?: string;
  /** Follow one run. */
  run?: string;
  signal: AbortSignal;
  /** Wait before reconnecting after the connection dropped (default 1 s). */
  reconnectMs?: number;
  /** Called when the connection dropped and a reconnect is attempted. */
  onReconnect?: (error: unknown) => void;
}

/** Run changes from the server until `signal` aborts; reconnects after a dropped connection. */
export async function* streamRuns(
  http: HttpClient,
  options: RunStreamOptions,
): AsyncGenerator<RunUpdateEvent> {
  const query = { automation: options.automation, run: options.run };
  while (!options.signal.aborted) {
    try {
      const body = await http.stream('/runs/stream', query, options.signal);
      for await (const message of parseSse(body)) {
        if (message.event === 'run') yield JSON.parse(message.data) as RunUpdateEvent;
      }
    } catch (error) {
      if (options.signal.aborted) return;
      // Auth and request errors do not heal by reconnecting; a dropped connection does.
      if (error instanceof RemoteError && !(error instanceof ServerUnreachableError)) throw error;
      options.onReconnect?.(error);
    }
    await sleep(options.reconnectMs ?? 1000, options.signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
