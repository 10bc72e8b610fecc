/**
 * Webhook signatures, one scheme for both directions: outbound `webhook_call` requests sign what they
 * send, and the inbound ingress (`POST /hooks/...`) verifies what it receives.
 *
 * Scheme (Stripe-like, documented in docs/actions.md):
 * - `X-Aexy-Timestamp: <unix seconds>`
 * - `X-Aexy-Signature: sha256=<hex>` where hex = HMAC-SHA256(secret, `${timestamp}.${rawBody}`)
 *   over the exact bytes of the body. Several comma-separated signatures are accepted, so a sender may
 *   sign with the old and the new secret while a secret is being rotated.
 *
 * Pure: no I/O, the clock is a parameter.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the unix time (seconds) the request was signed at. */
export const TIMESTAMP_HEADER = 'X-Aexy-Timestamp';
/** Header carrying `sha256=<hex>` signatures. */
export const SIGNATURE_HEADER = 'X-Aexy-Signature';
/** Default accepted clock difference between signer and verifier. */
export const DEFAULT_TOLERANCE_MS = 5 * 60_000;

const SCHEME = 'sha256=';
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const UNIX_SECONDS = /^[0-9]{1,12}$/;

/** HMAC-SHA256 hex of `${timestamp}.${rawBody}` (timestamp in unix seconds). */
export function signatureHex(secret: string, timestamp: number, rawBody: Uint8Array | string): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return hmac.digest('hex');
}

/** The two header values for a body signed at `timestamp` (unix seconds). */
export function signWebhook(
  secret: string,
  timestamp: number,
  rawBody: Uint8Array | string,
): { timestamp: string; signature: string } {
  return { timestamp: String(timestamp), signature: SCHEME + signatureHex(secret, timestamp, rawBody) };
}

/** Why a signature was refused. */
export type VerifyFailure = 'missing' | 'malformed' | 'stale' | 'mismatch';

export type VerifyResult =
  | { ok: true; timestamp: number }
  | { ok: false; reason: VerifyFailure; message: string };

export interface VerifyInput {
  /** The secret, or several (current and previous, during rotation). */
  secret: string | readonly string[];
  /** Value of X-Aexy-Timestamp (undefined when absent). */
  timestamp: string | undefined;
  /** Value of X-Aexy-Signature (undefined when absent). */
  signature: string | undefined;
  /** The body exactly as received. */
  rawBody: Uint8Array | string;
  /** Current time in ms since the epoch. */
  now: number;
  toleranceMs?: number;
}

/**
 * Checks a signed request: both headers present, well-formed, the timestamp within tolerance of `now`
 * (either direction), and one of the signatures equal (constant time) to one computed with a secret.
 */
export function verifyWebhook(input: VerifyInput): VerifyResult {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) {
    return fail('missing', `missing ${timestamp ? SIGNATURE_HEADER : TIMESTAMP_HEADER} header`);
  }
  const signatures = parseSignatures(signature);
  if (!UNIX_SECONDS.test(timestamp.trim()) || signatures === undefined) {
    return fail(
      'malformed',
      `expected ${TIMESTAMP_HEADER}: <unix seconds> and ${SIGNATURE_HEADER}: sha256=<hex>`,
    );
  }
  const seconds = Number(timestamp.trim());
  const tolerance = input.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  if (Math.abs(input.now - seconds * 1000) > tolerance) {
    return fail('stale', `timestamp is more than ${Math.round(tolerance / 1000)}s away from now`);
  }
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  for (const secret of secrets) {
    const expected = Buffer.from(signatureHex(secret, seconds, input.rawBody), 'hex');
    if (signatures.some((given) => timingSafeEqual(given, expected))) return { ok: true, timestamp: seconds };
  }
  return fail('mismatch', 'signature does not match the body and timestamp');
}

/** `sha256=<hex>[, sha256=<hex>...]` -> 32-byte buffers; undefined when any part is malformed. */
function parseSignatures(header: string): Buffer[] | undefined {
  const parts = header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0 || parts.length > 8) return undefined;
  const buffers: Buffer[] = [];
  for (const part of parts) {
    const hex = part.startsWith(SCHEME) ? part.slice(SCHEME.length).toLowerCase() : '';
    if (!HEX_SIGNATURE.test(hex)) return undefined;
    buffers.push(Buffer.from(hex, 'hex'));
  }
  return buffers;
}

function fail(reason: VerifyFailure, message: string): VerifyResult {
  return { ok: false, reason, message };
}
