import { describe, expect, it } from 'vitest';
import type { ActionError } from '../../../src/runtime/activities/errors.js';
import { assertSuccess, parseBody, retryAfterMs } from '../../../src/runtime/transports/classify.js';
import type { HttpResponse } from '../../../src/runtime/transports/http-client.js';

const response = (status: number, headers: Record<string, string> = {}, body = ''): HttpResponse => ({
  status,
  headers,
  body: Buffer.from(body),
  url: 'https://api.example.com/x',
  redirects: 0,
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-27T00:00:00Z');
  it('reads delta seconds and HTTP dates, caps at one hour, ignores garbage', () => {
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Fri, 27 Nov 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 26 Nov 2026 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('86400', now)).toBe(3_600_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe('assertSuccess', () => {
  const classify = (r: HttpResponse) => {
    try {
      assertSuccess(r, 'call');
      return undefined;
    } catch (error) {
      return error as ActionError;
    }
  };
  it('maps statuses to error types and retryability', () => {
    expect(classify(response(204))).toBeUndefined();
    expect(classify(response(429, { 'retry-after': '2' }))).toMatchObject({
      type: 'rate_limit',
      retryable: true,
    });
    expect(classify(response(429))!.options.nextRetryDelayMs).toBeUndefined();
    expect(classify(response(408))).toMatchObject({ type: 'timeout', retryable: true });
    expect(classify(response(502))).toMatchObject({ type: 'server_error', retryable: true });
    expect(classify(response(503, { 'retry-after': '5' }))!.options.nextRetryDelayMs).toBe(5000);
    expect(classify(response(401))).toMatchObject({ type: 'http_error', retryable: false });
    expect(classify(response(404, {}, 'no such hook'))!.message).toBe('call: HTTP 404 no such hook');
    expect(classify(response(302))).toMatchObject({ type: 'http_error' });
  });
});

describe('parseBody', () => {
  it('parses JSON content types, keeps text, tolerates bad JSON', () => {
    expect(
      parseBody(response(200, { 'content-type': 'application/json; charset=utf-8' }, '{"a":1}')),
    ).toEqual({ a: 1 });
    expect(parseBody(response(200, { 'content-type': 'application/problem+json' }, '{"title":"x"}'))).toEqual(
      { title: 'x' },
    );
    expect(parseBody(response(200, { 'content-type': 'application/json' }, '{bad'))).toBe('{bad');
    expect(parseBody(response(200, { 'content-type': 'application/json' }, ''))).toBeNull();
    expect(parseBody(response(200, { 'content-type': 'text/plain' }, '{"a":1}'))).toBe('{"a":1}');
    expect(parseBody(response(200, {}, ''))).toBe('');
  });
});
