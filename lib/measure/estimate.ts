import type { Kind } from './types';

/*
 * When no API shows a response body's size (a cross-origin response sent chunked without Timing-Allow-Origin, a
 * body the browser aborted without a declared length), the ledger counts a typical size instead, and counts it as
 * *estimated*. These are rounded medians of transfer size per response type on mobile pages, from the HTTP
 * Archive's Web Almanac 2024 (Page Weight chapter); they are orders of magnitude, not measurements, which is why
 * the popup shows the estimated share next to the total.
 */
export const TYPICAL_BODY_BYTES: Record<Kind, number> = {
  document: 30_000,
  script: 20_000,
  stylesheet: 10_000,
  image: 15_000,
  font: 30_000,
  media: 100_000,
  xhr: 2_000,
  websocket: 0,
  other: 2_000,
};

/**
 * WebSocket frames are invisible to webRequest and Resource Timing. The page-world probe counts each received
 * message's payload; the frame header adds 2 bytes up to 125 bytes of payload, 4 up to 65 535, 10 beyond (RFC 6455
 * 5.2). Compression (permessage-deflate) would make the wire smaller, hence "estimated".
 */
export function websocketFrameBytes(payloadBytes: number): number {
  const header = payloadBytes <= 125 ? 2 : payloadBytes <= 0xffff ? 4 : 10;
  return payloadBytes + header;
}

/**
 * The head (status line and headers) of a response known only from Resource Timing, when the entry does not give
 * it: Chromium's transferSize is the encoded body plus a flat 300 bytes (the figure the Resource Timing
 * specification sets for a revalidated response), so this is the same order of magnitude.
 */
export const TYPICAL_HEAD_BYTES = 300;
