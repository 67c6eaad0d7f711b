import { describe, expect, it } from 'vitest';
import {
  DAYS_KEPT,
  MAX_PAGE_MINUTES,
  dayOf,
  downloadSize,
  pageContribution,
  parseDailyStore,
  recordDownload,
  recordPages,
  type DailyStore,
} from '../../../lib/tips/daily';
import { addDays } from '../../../lib/tips/week';
import { MINUTE, noon, observed, page, totals } from './fixtures';

const empty: DailyStore = { version: 1, days: [] };
const T = noon('2026-12-03');

describe('a page’s contribution to its day', () => {
  it('counts every byte of a known video service as video, and its minutes', () => {
    const c = pageContribution(page('https://www.youtube.com/watch?v=x', T, totals({ bytes: 50e6, media: 0, xhr: 48e6 })), T + 20 * MINUTE);
    expect(c.videoBytes).toBe(50e6);
    expect(c.videoMinutes).toBeCloseTo(20, 6);
    expect(c.visits.video).toBe(1);
    expect(c.visioMinutes).toBe(0);
  });

  it('counts media bytes on an unknown site, and third-party XHR only next to a known video player', () => {
    const plain = pageContribution(page('https://example.org/', T, totals({ document: 100_000, media: 2e6, xhr: 1e6, third: 1e6 })), T + 5 * MINUTE);
    expect(plain.videoBytes).toBe(2e6);
    expect(plain.videoMinutes).toBeCloseTo(5, 6); // ≥ 1 MB and at least half the page
    const embedded = pageContribution(
      page('https://example.org/', T, totals({ document: 100_000, media: 0, xhr: 3e6, third: 2.5e6 }), observed({ thirdPartySites: ['googlevideo.com'] })),
      T + MINUTE,
    );
    expect(embedded.videoBytes).toBe(2.5e6); // min(xhr, third-party bytes)
    expect(embedded.visits.video).toBe(0); // an embed is not a visit to the service
  });

  it('caps the minutes of a page left open', () => {
    const c = pageContribution(page('https://meet.google.com/abc', T, totals({ bytes: 1e6 })), T + 10 * 60 * MINUTE);
    expect(c.visioMinutes).toBe(MAX_PAGE_MINUTES);
    expect(c.visits.visio).toBe(1);
  });

  it('counts visits to generative AI, cloud storage and webmail by the page’s own host', () => {
    expect(pageContribution(page('https://chatgpt.com/c/1', T), T).visits.genai).toBe(1);
    expect(pageContribution(page('https://drive.google.com/drive', T), T).visits.cloud_storage).toBe(1);
    expect(pageContribution(page('https://mail.google.com/mail/u/0', T), T).visits.webmail).toBe(1);
    expect(pageContribution(page('https://notchatgpt.com/', T), T).visits.genai).toBe(0);
  });
});

describe('the daily counter', () => {
  it('adds finished pages to the day they started and keeps the last days only', () => {
    let store = recordPages(empty, [page('https://www.youtube.com/', T, totals({ bytes: 10e6 })), page('https://example.org/', T, totals({ bytes: 2e6 }))], T + MINUTE);
    store = recordPages(store, [page('https://example.org/', noon('2026-12-02'), totals({ bytes: 1e6 }))], T);
    expect(dayOf(store, '2026-12-03')).toMatchObject({ pages: 2, bytes: 12e6, videoBytes: 10e6 });
    expect(dayOf(store, '2026-12-02')).toMatchObject({ pages: 1, bytes: 1e6 });
    for (let d = 1; d <= 12; d++) store = recordPages(store, [page('https://example.org/', noon(addDays('2026-12-03', d)), totals({ bytes: 1 }))], T);
    expect(store.days).toHaveLength(DAYS_KEPT);
    expect(store.days.at(-1)?.day).toBe('2026-12-15');
    expect(store.days.map((d) => d.day)).toEqual([...store.days.map((d) => d.day)].sort());
  });

  it('keeps the largest download of the day', () => {
    let store = recordDownload(empty, 5e6, T);
    store = recordDownload(store, 150e6, T);
    store = recordDownload(store, 20e6, T);
    store = recordDownload(store, Number.NaN, T);
    expect(dayOf(store, '2026-12-03').largestDownload).toBe(150e6);
  });

  it('reads a stored counter defensively, dropping only the malformed days', () => {
    const good = recordPages(empty, [page('https://example.org/', T, totals({ bytes: 1000 }))], T);
    const parsed = parseDailyStore({ version: 1, days: [...good.days, { day: '2026-13-01', pages: 1 }, { ...good.days[0], day: '2026-12-01', bytes: -5 }] });
    expect(parsed.days.map((d) => d.day)).toEqual(['2026-12-03']);
    expect(parseDailyStore({ version: 2, days: good.days }).days).toEqual([]);
    expect(parseDailyStore('nonsense').days).toEqual([]);
  });

  it('recognises a download by its headers', () => {
    expect(downloadSize([{ name: 'Content-Disposition', value: 'attachment; filename="a.zip"' }, { name: 'content-length', value: '123456' }])).toBe(123456);
    expect(downloadSize([{ name: 'content-disposition', value: 'inline' }, { name: 'content-length', value: '10' }])).toBeUndefined();
    expect(downloadSize([{ name: 'content-disposition', value: 'attachment' }])).toBeUndefined();
    expect(downloadSize(undefined)).toBeUndefined();
  });
});
