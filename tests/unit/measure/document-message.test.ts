import { describe, expect, it } from 'vitest';
import { parseDocumentStart } from '../../../lib/messaging/protocol';

// The content script's "document started" message comes from a page we do not trust.
describe('parseDocumentStart', () => {
  it('accepts a URL and a positive finite timeOrigin', () => {
    expect(parseDocumentStart({ url: 'https://example.org/', timeOrigin: 1_796_334_201_940.5 })).toEqual({ url: 'https://example.org/', timeOrigin: 1_796_334_201_940.5 });
  });

  it.each([
    ['null', null],
    ['a string', 'https://example.org/'],
    ['no timeOrigin', { url: 'https://example.org/' }],
    ['NaN', { url: 'https://example.org/', timeOrigin: Number.NaN }],
    ['Infinity', { url: 'https://example.org/', timeOrigin: Number.POSITIVE_INFINITY }],
    ['zero', { url: 'https://example.org/', timeOrigin: 0 }],
    ['a numeric string', { url: 'https://example.org/', timeOrigin: '1796334201940' }],
    ['a URL past 8 kB', { url: `https://example.org/${'x'.repeat(9000)}`, timeOrigin: 1 }],
  ])('rejects %s', (_, data) => {
    expect(parseDocumentStart(data)).toBeNull();
  });
});
