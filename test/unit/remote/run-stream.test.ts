/** The runs stream: the SSE parser (events split across chunks, CRLF, comments) and reconnecting. */
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/remote/http-client.js';
import { parseSse, streamRuns } from '../../../src/remote/run-stream.js';
import { parseWorkspaceUrl } from '../../../src/remote/workspace-url.js';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

describe('parseSse', () => {
  it('yields each event once, whatever the chunking, skipping ping comments', async () => {
    const text =
      ': ping\n\nevent: run\ndata: {"run":{"id":"r1"}}\n\r\nevent: run\r\ndata: {"a":\ndata: 1}\n\n: ping\n\n';
    for (const size of [1, 3, 7, text.length]) {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g')) ?? [];
      const messages = [];
      for await (const m of parseSse(streamOf(chunks))) messages.push(m);
      expect(messages).toEqual([
        { event: 'run', data: '{"run":{"id":"r1"}}' },
        { event: 'run', data: '{"a":\n1}' },
      ]);
    }
  });
});

describe('streamRuns', () => {
  it('reconnects after the server drops the connection and ends with the caller signal', async () => {
    let connections = 0;
    const server = createServer((req, res) => {
      connections++;
      expect(req.url).toBe('/workspaces/acme/runs/stream?run=r1');
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-aexy-api': '1' });
      const status = connections === 1 ? 'RUNNING' : 'COMPLETED';
      res.write(`event: run\ndata: ${JSON.stringify({ run: { id: 'r1', status }, steps: [] })}\n\n`);
      if (connections === 1) setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const http = new HttpClient(parseWorkspaceUrl(`http://127.0.0.1:${port}/workspaces/acme`), {
      token: 't',
    });
    const stop = new AbortController();
    const dropped: unknown[] = [];
    const seen: string[] = [];
    try {
      const updates = streamRuns(http, {
        run: 'r1',
        signal: stop.signal,
        reconnectMs: 10,
        onReconnect: (e) => dropped.push(e),
      });
      for await (const update of updates) {
        seen.push(update.run.status);
        if (seen.length === 2) stop.abort();
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }
    expect(seen).toEqual(['RUNNING', 'COMPLETED']);
    expect([connections, dropped.length]).toEqual([2, 1]);
  });
});
