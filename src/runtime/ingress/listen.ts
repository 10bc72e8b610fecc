/**
 * Binding a node:http server, shared by `aexy serve-ingress` (./server.ts) and `aexy serve`
 * (src/server/server.ts): listen on host:port and say the URL clients reach it at.
 */
import type { Server } from 'node:http';

/** Listens on host:port (port 0: any free port); resolves to `http://host:port` with the bound port. */
export async function listenHttp(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  // An IPv6 literal needs brackets in a URL.
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${bound}`;
}
