/** Ports for "the server is down" tests. */
import { createServer } from 'node:net';

/** A loopback port nothing listens on (bound to a free port, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
