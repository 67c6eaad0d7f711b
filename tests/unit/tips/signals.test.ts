import { describe, expect, it } from 'vitest';
import { recordPages } from '../../../lib/tips/daily';
import { computeSignals, isLoopback } from '../../../lib/tips/signals';
import { MINUTE, noon, observed, page, totals } from './fixtures';

const T = noon('2026-12-03');

describe('signals computed on the device', () => {
  it('reads the page on screen: weight, third parties, trackers, eco-design observations', () => {
    const p = page(
      'http://mairie.example/actualites',
      T - MINUTE,
      totals({ bytes: 4_000_000, third: 1_000_000 }),
      observed({ thirdPartySites: ['google-analytics.com', 'doubleclick.net', 'example.net'], uncompressedTextBytes: 50_000, uncacheableStatic: 7, fontFiles: 6 }),
    );
    const s = computeSignals({ page: p, now: T, openTabs: 31 });
    expect(s.page_bytes).toBe(4_000_000);
    expect(s.third_party_bytes_share).toBeCloseTo(0.25, 6);
    expect(s.third_party_domains).toBe(3);
    expect(s.trackers_on_page).toBe(2);
    expect(s.http_page).toBe(1);
    expect(s.uncompressed_text_bytes).toBe(50_000);
    expect(s.uncacheable_static_count).toBe(7);
    expect(s.font_files).toBe(6);
    expect(s.open_tabs).toBe(31);
  });

  it('does not call loopback plain HTTP, nor HTTPS', () => {
    expect(computeSignals({ page: page('http://127.0.0.1:8080/', T), now: T }).http_page).toBe(0);
    expect(computeSignals({ page: page('http://localhost/', T), now: T }).http_page).toBe(0);
    expect(computeSignals({ page: page('https://example.org/', T), now: T }).http_page).toBe(0);
    expect(computeSignals({ page: page('file:///tmp/a.html', T), now: T }).http_page).toBeUndefined();
    expect(isLoopback('http://[::1]:3000/')).toBe(true);
    expect(isLoopback('http://127.example.org/')).toBe(false);
  });

  it('leaves unknown what was not measured: nothing in, nothing out', () => {
    expect(computeSignals({ page: null, now: T })).toEqual({});
    const s = computeSignals({ page: page('https://example.org/', T), now: T });
    expect(s.autoplay_media).toBeUndefined(); // no DOM findings yet
    expect(s.download_bytes).toBeUndefined(); // no daily counter
    expect(computeSignals({ page: page('https://example.org/', T, totals({ bytes: 0 })), now: T }).third_party_bytes_share).toBeUndefined();
  });

  it('uses DOM findings only when they are about this very page', () => {
    const p = page('https://example.org/a', T);
    const findings = { url: 'https://example.org/a', autoplayMedia: 2, oversizedImages: 3, oversizedImageBytes: 900_000 };
    expect(computeSignals({ page: p, findings, now: T })).toMatchObject({ autoplay_media: 2, oversized_images_bytes: 900_000 });
    expect(computeSignals({ page: { ...p, url: 'https://example.org/a#part' }, findings, now: T }).autoplay_media).toBe(2);
    expect(computeSignals({ page: p, findings: { ...findings, url: 'https://example.org/b' }, now: T }).autoplay_media).toBeUndefined();
  });

  it('adds the page on screen to today’s finished pages for the day-level signals', () => {
    const daily = recordPages(
      { version: 1, days: [] },
      [page('https://www.youtube.com/watch', T - 90 * MINUTE, totals({ bytes: 30e6 })), page('https://chatgpt.com/', T - 60 * MINUTE, totals({ bytes: 2e6 }))],
      T - 30 * MINUTE,
    );
    const s = computeSignals({ page: page('https://example.org/', T - MINUTE, totals({ bytes: 8e6 })), daily, now: T });
    expect(s.video_bytes_share).toBeCloseTo(30 / 40, 6);
    expect(s.video_minutes_day).toBeCloseTo(60, 6);
    expect(s.genai_visits_day).toBe(1);
    expect(s.download_bytes).toBe(0);
    // Yesterday's counter does not count today.
    const tomorrow = computeSignals({ page: null, daily, now: noon('2026-12-04') });
    expect(tomorrow.video_minutes_day).toBe(0);
    expect(tomorrow.video_bytes_share).toBeUndefined();
  });

  it('makes a page that streams video raise the video share even on an unknown site', () => {
    const s = computeSignals({ page: page('http://127.0.0.1:4000/s/video/', T, totals({ document: 1_000, media: 96_000 })), now: T });
    expect(s.video_bytes_share).toBeCloseTo(96 / 97, 6);
  });
});
