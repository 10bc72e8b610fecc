// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${{ }}` is aexy template syntax, not JS
import { describe, expect, it } from 'vitest';
import { createEmailHandlers } from '../../../src/runtime/actions/email-actions.js';
import { ActionError } from '../../../src/runtime/activities/errors.js';
import type { TransportConfig } from '../../../src/runtime/transports/config.js';
import { markdownToHtml } from '../../../src/runtime/transports/markdown-lite.js';
import { parseAllowList } from '../../../src/runtime/transports/ssrf.js';
import { makeActionContext } from '../../helpers/action-context.js';
import { startSmtpServer } from '../../helpers/smtp-server.js';

async function failure(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(
    () => undefined,
    (e) => e,
  );
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
}

/** Undoes quoted-printable soft breaks and escapes (nodemailer uses QP for long or 8-bit lines). */
const qp = (text: string) =>
  text
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

describe('send_email over SMTP', async () => {
  const smtp = await startSmtpServer({ auth: { user: 'mailer', pass: 'smtp-pass-1' } });
  const config: TransportConfig = {
    http: { allow: parseAllowList([]).allow },
    secret: (name) => ({ SMTP_PASSWORD: 'smtp-pass-1' })[name],
    email: {
      from: 'Acme Sales <sales@acme.test>',
      smtp: {
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        user: 'mailer',
        pass: '${{ secrets.SMTP_PASSWORD }}',
      },
    },
  };
  const handlers = createEmailHandlers(config);
  const input = {
    to: ['ada@example.com', 'Bob <bob@example.com>'],
    cc: 'carol@example.com',
    bcc: ['audit@acme.test'],
    replyTo: 'owner@acme.test',
    subject: 'Your renewal, Acme',
    body: 'Hi **Ada**,\n\nthe renewal for <Acme & Co> is ready: [open it](https://acme.test/r/1).',
  };

  it('delivers what was asked: envelope, headers, text and HTML bodies, authenticated', async () => {
    const ctx = makeActionContext({ stepKey: 'email[0]' });
    const out = (await handlers.send_email!(input, ctx)) as Record<string, unknown>;
    const mail = smtp.messages.at(-1)!;
    expect(mail.user).toBe('mailer');
    expect(mail.from).toBe('sales@acme.test');
    expect(mail.to.sort()).toEqual([
      'ada@example.com',
      'audit@acme.test',
      'bob@example.com',
      'carol@example.com',
    ]);
    expect(mail.headers.from).toBe('Acme Sales <sales@acme.test>');
    expect(mail.headers.to).toBe('ada@example.com, Bob <bob@example.com>');
    expect(mail.headers.cc).toBe('carol@example.com');
    expect(mail.headers.bcc).toBeUndefined();
    expect(mail.headers['reply-to']).toBe('owner@acme.test');
    expect(mail.headers.subject).toBe('Your renewal, Acme');
    expect(mail.headers['message-id']).toBe(`<${out.messageId}>`);
    expect(mail.headers['x-aexy-idempotency-key']).toBe(ctx.idempotencyKey);
    const body = qp(mail.body);
    expect(body).toContain('text/plain');
    expect(body).toContain('Hi **Ada**,');
    expect(body).toContain('text/html');
    expect(body).toContain('<strong>Ada</strong>');
    expect(body).toContain('&lt;Acme &amp; Co&gt;');
    expect(body).toContain('<a href="https://acme.test/r/1">open it</a>');
    expect(out).toEqual({
      messageId: expect.stringMatching(/^[0-9a-f]{32}\.aexy@acme\.test$/),
      threadId: out.messageId,
      to: ['ada@example.com', 'Bob <bob@example.com>'],
      status: 'sent',
    });
  });

  it('derives the Message-ID from the idempotency key: a retry repeats it, another step does not', async () => {
    const ctx = makeActionContext({ stepKey: 'email' });
    const first = (await handlers.send_email!(input, ctx)) as { messageId: string };
    const retry = (await handlers.send_email!(input, { ...ctx, attempt: 2 })) as { messageId: string };
    const other = (await handlers.send_email!(input, makeActionContext({ stepKey: 'email' }))) as {
      messageId: string;
    };
    expect(retry.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
    const ids = smtp.messages.slice(-3).map((m) => m.headers['message-id']);
    expect(ids[0]).toBe(ids[1]);
  });

  it('classifies a 4xx reply as retryable, a rate-limit reply as rate_limit, 5xx as final', async () => {
    smtp.failNextData(1, '451 4.3.0 Temporary local problem');
    expect(await failure(handlers.send_email!(input, makeActionContext()))).toMatchObject({
      type: 'server_error',
    });
    smtp.failNextData(1, '421 4.7.0 Too many messages, rate limited');
    expect(await failure(handlers.send_email!(input, makeActionContext()))).toMatchObject({
      type: 'rate_limit',
    });
    smtp.failNextData(1, '554 5.7.1 Message rejected as spam');
    expect(await failure(handlers.send_email!(input, makeActionContext()))).toMatchObject({
      type: 'provider_error',
      retryable: false,
    });
  });

  it('fails finally on bad credentials, retryably when the server is unreachable', async () => {
    const wrong = createEmailHandlers({ ...config, secret: () => 'wrong' });
    const auth = await failure(wrong.send_email!(input, makeActionContext()));
    expect(auth).toMatchObject({ type: 'provider_error', retryable: false });
    expect(auth.message).not.toContain('wrong');
    const down = await startSmtpServer();
    await down.close();
    const unreachable = createEmailHandlers({
      ...config,
      email: { ...config.email!, smtp: { ...config.email!.smtp, port: down.port } },
    });
    expect(await failure(unreachable.send_email!(input, makeActionContext()))).toMatchObject({
      type: 'connection_error',
    });
  });

  it('needs an SMTP configuration and a sender', async () => {
    const none = createEmailHandlers({ http: config.http });
    expect(await failure(none.send_email!(input, makeActionContext()))).toMatchObject({
      type: 'not_configured',
    });
    const noFrom = createEmailHandlers({ ...config, email: { smtp: config.email!.smtp } });
    expect(await failure(noFrom.send_email!(input, makeActionContext()))).toMatchObject({
      type: 'not_configured',
    });
  });
});

describe('markdownToHtml', () => {
  it('escapes HTML and keeps only safe link targets', () => {
    expect(markdownToHtml('# Hi\n\n- a\n- *b*\n\n[x](javascript:alert) <script>')).toBe(
      '<h1>Hi</h1>\n<ul><li>a</li><li><em>b</em></li></ul>\n<p>x &lt;script&gt;</p>',
    );
  });
});
