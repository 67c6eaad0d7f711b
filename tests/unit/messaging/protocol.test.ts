import { describe, expect, it } from 'vitest';
import { parseTimings, parseWebSocketPayloads } from '../../../lib/messaging/protocol';

describe('messages from content scripts', () => {
  const entry = { url: 'http://127.0.0.1/a.js', entryType: 'resource', transferSize: 400, encodedBodySize: 100 };

  it('accepts well-formed timing batches, dropping unknown fields', () => {
    expect(parseTimings([{ ...entry, extra: 'x' }])).toEqual([entry]);
  });

  it('keeps the service-worker flag only when it is set, and only as a boolean', () => {
    expect(parseTimings([{ ...entry, viaWorker: true }])).toEqual([{ ...entry, viaWorker: true }]);
    expect(parseTimings([{ ...entry, viaWorker: false }])).toEqual([entry]);
    expect(parseTimings([{ ...entry, viaWorker: 'yes' }])).toBeNull();
  });

  it.each([
    ['not an array', { entries: [] }],
    ['a string size', [{ ...entry, transferSize: '400' }]],
    ['a negative size', [{ ...entry, encodedBodySize: -1 }]],
    ['NaN', [{ ...entry, transferSize: Number.NaN }]],
    ['an unknown entry type', [{ ...entry, entryType: 'mark' }]],
    ['a huge URL', [{ ...entry, url: 'x'.repeat(10_000) }]],
    ['too many entries', Array.from({ length: 501 }, () => entry)],
    ['null', [null]],
  ])('rejects %s', (_, data) => {
    expect(parseTimings(data)).toBeNull();
  });

  it('checks WebSocket payload sizes', () => {
    expect(parseWebSocketPayloads([1, 2, 3])).toEqual([1, 2, 3]);
    expect(parseWebSocketPayloads([1, -2])).toBeNull();
    expect(parseWebSocketPayloads('12')).toBeNull();
  });
});
