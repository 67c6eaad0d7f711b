import type { HttpHeader, RedirectInfo, RequestEnd, RequestStart, ResponseInfo } from '../../../lib/measure/types';

/** Builders of webRequest-shaped events, so each test states only what matters to it. */
export const TAB = 7;
let clock = 1_000_000;
export const now = () => (clock += 5);

export function headers(extra: Record<string, string> = {}): HttpHeader[] {
  return Object.entries({ 'Content-Type': 'text/plain', Date: 'Thu, 03 Dec 2026 20:00:00 GMT', ...extra }).map(([name, value]) => ({ name, value }));
}

/** The exact bytes of the head these helpers describe, computed independently of lib/measure/headers. */
export function wireHead(statusLine: string, hs: HttpHeader[]): number {
  return Buffer.byteLength(`${statusLine}\r\n${hs.map((h) => `${h.name}: ${h.value}\r\n`).join('')}\r\n`);
}

export function start(requestId: string, url: string, type = 'image', extra: Partial<RequestStart> = {}): RequestStart {
  return { requestId, tabId: TAB, type, url, timeStamp: now(), ...extra };
}

export function response(requestId: string, url: string, statusCode: number, hs: HttpHeader[], extra: Partial<ResponseInfo> = {}): ResponseInfo {
  return { requestId, tabId: TAB, url, statusCode, statusLine: `HTTP/1.1 ${statusCode} X`, responseHeaders: hs, fromCache: false, timeStamp: now(), ...extra };
}

export function redirect(requestId: string, url: string, to: string, hs: HttpHeader[]): RedirectInfo {
  return { ...response(requestId, url, 302, hs), redirectUrl: to };
}

export function end(requestId: string, url: string, error?: string): RequestEnd {
  return { requestId, tabId: TAB, url, timeStamp: now(), ...(error ? { error } : {}) };
}
