/**
 * `GET /workspaces/{ws}/runs/stream`: Server-Sent Events of run changes, detected exactly as
 * `aexy runs tail` detects them (RunTailSource polling the run store, src/ui/runs/tail-source.ts).
 * Each changed run is sent as `event: run` with `{run, steps}`; the first poll sends the current
 * runs. A `: ping` comment keeps idle connections (and proxies) alive; polling stops when the
 * client goes away.
 */
import { RunTailSource } from '../ui/runs/tail-source.js';
import type { RouteContext } from './context.js';
import { API_HEADERS, strParam } from './http.js';

export async function streamRuns(ctx: RouteContext) {
  const { res, req, services } = ctx;
  const source = new RunTailSource(ctx.workspace.backend.runtime.runs, {
    automation: strParam(ctx.query, 'automation'),
    runId: strParam(ctx.query, 'run'),
  });
  res.writeHead(200, {
    ...API_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no', // nginx: do not buffer the stream
  });
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  // Nothing is written once the client left or the server ended the stream (shutdown).
  const write = (text: string) => {
    if (!closed && !res.writableEnded) res.write(text);
  };
  write(': aexy runs stream\n\n');
  const ping = setInterval(() => write(': ping\n\n'), services.streamPingMs);
  const stop = () => {
    closed = true;
    clearInterval(ping);
    clearTimeout(timer);
  };
  req.on('close', stop);
  res.on('close', stop);
  const tick = async () => {
    if (closed) return;
    try {
      await pollOnce(source, (data) => write(`event: run\ndata: ${JSON.stringify(data)}\n\n`));
    } catch (error) {
      write(`event: error\ndata: ${JSON.stringify({ message: (error as Error).message })}\n\n`);
    }
    if (!closed) timer = setTimeout(tick, services.streamPollMs);
  };
  await tick();
  return { streamed: true as const };
}

/** One poll: sends each run that changed (once, however many of its steps changed). */
async function pollOnce(source: RunTailSource, send: (data: unknown) => void): Promise<void> {
  const changes = await source.poll();
  const runIds = [...new Set(changes.map((c) => c.runId))];
  for (const id of runIds) {
    const snapshot = source.current.get(id);
    if (snapshot) send({ run: snapshot.run, steps: snapshot.steps });
  }
}
