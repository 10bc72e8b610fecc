/**
 * Turning raw file bytes into text before YAML sees them: the size limit and strict UTF-8. Both
 * failures become diagnostics with a position, so a binary or mis-encoded file never reaches the parser.
 */
import type { Diagnostic, Result, SourceRange } from '../diagnostics/diagnostic.js';

/** Default largest file the loader accepts: 1 MiB. Automation files are a few KiB. */
export const DEFAULT_MAX_BYTES = 1024 * 1024;

/** The `yaml/too-large` diagnostic for a file of `size` bytes (also used by callers that only stat). */
export function tooLargeDiagnostic(file: string, size: number, maxBytes: number): Diagnostic {
  return {
    code: 'yaml/too-large',
    severity: 'error',
    summary: `File is too large (${formatBytes(size)}; the limit is ${formatBytes(maxBytes)})`,
    detail:
      'aexy refuses to parse very large YAML files so that a mistaken or hostile file cannot exhaust memory. ' +
      'Automation files are usually a few KiB.',
    file,
    range: pointRange(1, 1),
    fix: 'Split the file into several smaller files, or exclude it from `include` in aexy.yaml.',
  };
}

/**
 * Decodes `input` as strict UTF-8 (a leading byte-order mark is dropped) and enforces the size limit.
 * Returns undefined as the value when the text must not be parsed.
 */
export function decodeSource(
  file: string,
  input: string | Uint8Array,
  maxBytes: number,
): Result<string | undefined> {
  if (typeof input === 'string') {
    // A string is never shorter in UTF-8 than in UTF-16 units, so most strings skip the exact count.
    const size = input.length * 3 <= maxBytes ? input.length : utf8Length(input);
    if (size > maxBytes) return fail(tooLargeDiagnostic(file, size, maxBytes));
    return { value: input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, diagnostics: [] };
  }
  if (input.byteLength > maxBytes) return fail(tooLargeDiagnostic(file, input.byteLength, maxBytes));
  try {
    return { value: new TextDecoder('utf-8', { fatal: true }).decode(input), diagnostics: [] };
  } catch {
    return fail(encodingDiagnostic(file, input));
  }
}

function encodingDiagnostic(file: string, bytes: Uint8Array): Diagnostic {
  const offset = firstInvalidUtf8(bytes);
  const { line, column } = bytePosition(bytes, offset);
  const byte = bytes[offset] ?? 0;
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return {
    code: 'yaml/encoding',
    severity: 'error',
    summary: 'File is not valid UTF-8',
    detail:
      `Byte 0x${byte.toString(16).padStart(2, '0')} at offset ${offset} is not valid UTF-8` +
      (utf16 ? ' (the file starts with a UTF-16 byte-order mark).' : '.') +
      ' aexy reads YAML files as UTF-8 only.',
    file,
    range: { start: { line, column }, end: { line, column: column + 1 } },
    fix: 'Save the file with UTF-8 encoding (most editors: "Save with Encoding" > UTF-8).',
  };
}

/** Byte offset of the first byte that breaks UTF-8 (RFC 3629: no overlongs, surrogates or > U+10FFFF). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80 || !validSecondByte(b, k, c)) return i;
    }
    i += len;
  }
  return bytes.length;
}

function validSecondByte(lead: number, k: number, c: number): boolean {
  if (k !== 1) return true;
  if (lead === 0xe0) return c >= 0xa0;
  if (lead === 0xed) return c <= 0x9f;
  if (lead === 0xf0) return c >= 0x90;
  if (lead === 0xf4) return c <= 0x8f;
  return true;
}

/** 1-based line and column of a byte offset; the column counts bytes, which is exact up to the bad byte on ASCII lines. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** UTF-8 byte length of a string without allocating an encoded copy. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${n} bytes`;
}

function pointRange(line: number, column: number): SourceRange {
  return { start: { line, column }, end: { line, column } };
}

function fail(diagnostic: Diagnostic): Result<undefined> {
  return { value: undefined, diagnostics: [diagnostic] };
}
