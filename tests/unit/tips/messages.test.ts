import { describe, expect, it } from 'vitest';
import { isTipId, parseAnswerRequest, parseFindings } from '../../../lib/tips/messages';

describe('payloads the background checks', () => {
  it('accepts well-formed findings only', () => {
    const good = { url: 'https://example.org/', autoplayMedia: 1, oversizedImages: 2, oversizedImageBytes: 300_000 };
    expect(parseFindings(good)).toEqual(good);
    expect(parseFindings({ ...good, extra: 'dropped' })).toEqual(good);
    expect(parseFindings({ ...good, autoplayMedia: -1 })).toBeNull();
    expect(parseFindings({ ...good, oversizedImageBytes: 1.5 })).toBeNull();
    expect(parseFindings({ ...good, url: '' })).toBeNull();
    expect(parseFindings({ ...good, url: 'x'.repeat(9000) })).toBeNull();
    expect(parseFindings([good])).toBeNull();
    expect(parseFindings(null)).toBeNull();
  });

  it('accepts an answer or its withdrawal for a tip id', () => {
    expect(parseAnswerRequest({ tipId: 'video-quality', answer: 'adopted' })).toEqual({ tipId: 'video-quality', answer: 'adopted' });
    expect(parseAnswerRequest({ tipId: 'video-quality', answer: null })).toEqual({ tipId: 'video-quality', answer: null });
    expect(parseAnswerRequest({ tipId: 'video-quality', answer: 'yes' })).toBeNull();
    expect(parseAnswerRequest({ tipId: 'video-quality' })).toBeNull();
    expect(parseAnswerRequest({ tipId: '__proto__', answer: 'adopted' })).toBeNull();
    expect(isTipId('a'.repeat(65))).toBe(false);
  });
});
