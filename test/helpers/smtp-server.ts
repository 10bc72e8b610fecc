/**
 * A small SMTP server on 127.0.0.1 (node:net) for the send_email tests: EHLO/HELO, AUTH PLAIN and
 * LOGIN, MAIL/RCPT/DATA with dot-unstuffing, RSET, NOOP, QUIT. It records every accepted message
 * (envelope, authenticated user, raw data, parsed headers) and can be told to answer with errors.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll } from 'vitest';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** User that authenticated, if any. */
  user?: string;
  raw: string;
  /** Lower-case header name -> unfolded value (first occurrence). */
  headers: Record<string, string>;
  body: string;
}

export interface SmtpServerOptions {
  /** Accepted credentials; when set, MAIL before AUTH is refused (530). */
  auth?: { user: string; pass: string };
}

export interface TestSmtpServer {
  port: number;
  messages: ReceivedMail[];
  /** Answer the next N DATA commands with this reply instead of accepting (e.g. `421 4.7.0 Try later`). */
  failNextData(count: number, reply: string): void;
  close(): Promise<void>;
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Starts the server on an ephemeral loopback port. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const failures = { count: 0, reply: '' };
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    session(socket, options, messages, failures);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return {
    port: (server.address() as { port: number }).port,
    messages,
    failNextData: (count, reply) => Object.assign(failures, { count, reply }),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function session(
  socket: Socket,
  options: SmtpServerOptions,
  messages: ReceivedMail[],
  failures: { count: number; reply: string },
): void {
  const state = {
    user: undefined as string | undefined,
    from: '',
    to: [] as string[],
    data: false,
    lines: [] as string[],
    pending: '',
  };
  let buffer = '';
  const say = (line: string): void => {
    socket.write(`${line}\r\n`);
  };
  say('220 test.smtp ESMTP ready');
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 2);
      if (state.data) onDataLine(line);
      else onCommand(line);
    }
  });
  socket.on('error', () => {});

  function onDataLine(line: string): void {
    if (line !== '.') {
      state.lines.push(line.startsWith('..') ? line.slice(1) : line);
      return;
    }
    state.data = false;
    if (failures.count > 0) {
      failures.count--;
      say(failures.reply);
      return;
    }
    messages.push(parseMail(state.from, state.to, state.user, state.lines.join('\r\n')));
    say('250 2.0.0 OK queued');
  }

  function onCommand(line: string): void {
    if (state.pending) {
      authContinuation(line);
      return;
    }
    const [verb = '', ...rest] = line.split(' ');
    const arg = rest.join(' ');
    switch (verb.toUpperCase()) {
      case 'EHLO':
        socket.write('250-test.smtp\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        return;
      case 'HELO':
        say('250 test.smtp');
        return;
      case 'AUTH':
        auth(arg);
        return;
      case 'MAIL':
        if (options.auth && !state.user) {
          say('530 5.7.0 Authentication required');
          return;
        }
        state.from = address(arg);
        state.to = [];
        say('250 2.1.0 OK');
        return;
      case 'RCPT':
        state.to.push(address(arg));
        say('250 2.1.5 OK');
        return;
      case 'DATA':
        if (state.to.length === 0) {
          say('503 5.5.1 RCPT first');
          return;
        }
        state.data = true;
        state.lines = [];
        say('354 End data with <CR><LF>.<CR><LF>');
        return;
      case 'RSET':
        state.from = '';
        state.to = [];
        say('250 2.0.0 OK');
        return;
      case 'NOOP':
        say('250 2.0.0 OK');
        return;
      case 'QUIT':
        say('221 2.0.0 Bye');
        socket.end();
        return;
      default:
        say('502 5.5.2 Command not recognized');
        return;
    }
  }

  function auth(arg: string): void {
    const [mechanism = '', initial] = arg.split(' ');
    if (mechanism.toUpperCase() === 'PLAIN') {
      if (initial) {
        checkPlain(initial);
        return;
      }
      state.pending = 'plain';
      say('334 ');
      return;
    }
    if (mechanism.toUpperCase() === 'LOGIN') {
      state.pending = 'login-user';
      say(`334 ${Buffer.from('Username:').toString('base64')}`);
      return;
    }
    say('504 5.5.4 Unrecognized authentication type');
  }

  function authContinuation(line: string): void {
    const kind = state.pending;
    state.pending = '';
    if (kind === 'plain') {
      checkPlain(line);
      return;
    }
    if (kind === 'login-user') {
      state.pending = `login-pass:${Buffer.from(line, 'base64').toString('utf8')}`;
      say(`334 ${Buffer.from('Password:').toString('base64')}`);
      return;
    }
    check(kind.slice('login-pass:'.length), Buffer.from(line, 'base64').toString('utf8'));
  }

  function checkPlain(encoded: string): void {
    const [, user = '', pass = ''] = Buffer.from(encoded, 'base64').toString('utf8').split('\0');
    check(user, pass);
  }

  function check(user: string, pass: string): void {
    if (options.auth && (user !== options.auth.user || pass !== options.auth.pass)) {
      say('535 5.7.8 Authentication credentials invalid');
      return;
    }
    state.user = user;
    say('235 2.7.0 Authentication successful');
  }
}

function address(arg: string): string {
  return /<([^>]*)>/.exec(arg)?.[1] ?? '';
}

function parseMail(from: string, to: string[], user: string | undefined, raw: string): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = split >= 0 ? raw.slice(0, split) : raw;
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    if (colon > 0 && !(name in headers)) headers[name] = line.slice(colon + 1).trim();
  }
  return { from, to, user, raw, headers, body: split >= 0 ? raw.slice(split + 4) : '' };
}
