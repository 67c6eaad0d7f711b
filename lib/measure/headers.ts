import type { HttpHeader } from './types';

const encoder = new TextEncoder();

function byteLength(text: string): number {
  // ASCII is by far the common case; avoid allocating for it.
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) return encoder.encode(text).length;
  }
  return text.length;
}

/**
 * Bytes of an HTTP/1.1 response head as written on the wire: status line, each header as `name: value`, each line
 * ended by CRLF, then the blank line. webRequest gives the parsed head (with `extraHeaders`, every header); this
 * reconstruction matches the server's bytes exactly when it uses single spaces after the colon, as servers do.
 */
export function headBytes(statusLine: string | undefined, statusCode: number, headers: HttpHeader[] | undefined): number {
  let total = byteLength(statusLine ?? `HTTP/1.1 ${statusCode}`) + 2;
  for (const header of headers ?? []) {
    const valueBytes = header.value !== undefined ? byteLength(header.value) : (header.binaryValue?.length ?? 0);
    total += byteLength(header.name) + 2 + valueBytes + 2;
  }
  return total + 2;
}

/**
 * The body length a response declares, or null when it declares none or an invalid one.
 * Servers send odd things: `Content-Length: 48000, 48000` (valid, RFC 9110 8.6), two headers that disagree
 * (invalid), `-1`, `1e3`, ` 12`, or a number past 2^53. Values are compared as integers, never concatenated.
 */
export function contentLength(headers: HttpHeader[] | undefined): number | null {
  let found: number | null = null;
  for (const header of headers ?? []) {
    if (header.name.toLowerCase() !== 'content-length') continue;
    for (const part of (header.value ?? '').split(',')) {
      const text = part.trim();
      if (!/^\d{1,16}$/.test(text)) return null;
      const value = Number(text);
      if (!Number.isSafeInteger(value)) return null;
      if (found !== null && found !== value) return null;
      found = value;
    }
  }
  return found;
}

export function headerValue(headers: HttpHeader[] | undefined, name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers?.find((h) => h.name.toLowerCase() === lower)?.value;
}
