/**
 * A scriptable HTTP peer on 127.0.0.1 for transport tests: every request is recorded (method, path,
 * headers, raw body) and answered by the test's responder. Closed (with its open sockets) after the
 * test file.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';

export interface RecordedRequest {
  method: string;
  /** Path with query string. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  /** The body parsed as a form, when it is form-encoded. */
  form?: Record<string, string>;
}

export interface PeerResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Never answer (for timeout tests). */
  hang?: boolean;
  /** Destroy the connection without answering (connection error). */
  reset?: boolean;
}

export type Responder = (request: RecordedRequest, index: number) => PeerResponse | Promise<PeerResponse>;

export interface HttpPeer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Replaces the responder (e.g. per test). */
  respond(responder: Responder): void;
  close(): Promise<void>;
}

const open: Server[] = [];
afterAll(async () => {
  await Promise.all(open.splice(0).map((server) => closeServer(server)));
});

/** Starts a peer on an ephemeral loopback port. */
export async function startHttpPeer(
  responder: Responder = () => ({ status: 200, body: {} }),
): Promise<HttpPeer> {
  let current = responder;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const recorded = record(req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks));
      requests.push(recorded);
      const answer = await current(recorded, requests.length - 1);
      if (answer.hang) return;
      if (answer.reset) return void req.socket.destroy();
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
      const type = typeof answer.body === 'string' ? 'text/plain' : 'application/json';
      res.writeHead(answer.status ?? 200, { 'content-type': type, ...answer.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(server);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    respond: (next) => {
      current = next;
    },
    close: () => closeServer(server),
  };
}

function record(method: string, url: string, headers: IncomingHttpHeaders, body: Buffer): RecordedRequest {
  const recorded: RecordedRequest = { method, url, headers, body };
  const type = headers['content-type'] ?? '';
  if (type.includes('json')) recorded.json = JSON.parse(body.toString('utf8') || 'null');
  if (type.includes('x-www-form-urlencoded')) {
    recorded.form = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  return recorded;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
