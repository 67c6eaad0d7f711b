/*
 * The ranking engine, pinned down by profiles of the people it serves. Signals are built the way the device
 * computes them (lib/tips/signals.ts) so a profile reads as a day of someone's browsing.
 */
import { describe, expect, it } from 'vitest';
import { getTip, tips } from '../../../lib/tips/catalogue';
import { RELEVANCE_CHARTER, axisOfTip, rankTips, savingScore, type TipHistory } from '../../../lib/tips/engine';
import { computeSignals } from '../../../lib/tips/signals';
import { emptyTipState, historyOf, recordGuideOpened, recordShown, acknowledgeCharter, setAnswer } from '../../../lib/tips/state';
import type { Audience, Signals } from '../../../lib/tips/types';
import { addDays } from '../../../lib/tips/week';
import { noon, observed, page, totals } from './fixtures';

const TODAY = '2026-12-03';
const fresh: TipHistory = historyOf(emptyTipState());

function top(signals: Signals, role: Audience, history: TipHistory = fresh, today = TODAY) {
  return rankTips({ signals, role, history, today, tips, limit: 5 });
}

describe('profiles', () => {
  it('a heavy video user gets the video-quality tip first, with its saving', () => {
    const signals: Signals = { video_bytes_share: 0.8, video_minutes_day: 150, page_bytes: 40e6, open_tabs: 8, http_page: 0 };
    const [first, second] = top(signals, 'agent');
    expect(first?.tip.id).toBe('video-quality');
    expect(first?.signal).toEqual({ id: 'video_bytes_share', value: 0.8, threshold: 0.4, unit: 'ratio' });
    // 150 min × (3 GB − 0.7 GB) / 60 min, from the tip's own factors.
    expect(first?.saving?.value).toBeCloseTo((150 / 60) * (3e9 - 0.7e9), 0);
    // The next ones are video tips too, but variety lowers same-axis repeats below their raw score.
    expect(second?.score).toBeLessThan(second!.relevance * 0.7 + 0.3 + 1e-9);
  });

  it('an elected official who never opened the guide gets the charter first, on a quiet day', () => {
    const signals = computeSignals({ page: page('https://www.lemans.fr/', noon(TODAY), totals({ bytes: 900_000 })), now: noon(TODAY) });
    const ranked = top(signals, 'elected');
    expect(ranked[0]?.tip.id).toBe('elected-charter');
    expect(ranked[0]?.relevance).toBe(RELEVANCE_CHARTER);
    expect(ranked[0]?.signal).toBeUndefined();
    // Once acknowledged, the charter is no longer pushed ahead of the other general tips.
    const acknowledged = historyOf(acknowledgeCharter(emptyTipState(), TODAY));
    const after = top(signals, 'elected', acknowledged);
    expect(after.find((r) => r.tip.id === 'elected-charter')?.relevance ?? 0).toBeLessThan(RELEVANCE_CHARTER);
  });

  it('someone who never opened the guide sees awareness tips (axis 1) before other general tips', () => {
    const ranked = rankTips({ signals: {}, role: 'agent', history: fresh, today: TODAY, tips });
    const firstGeneral = ranked[0]!;
    expect(axisOfTip(firstGeneral.tip)).toBe(1);
    const opened = historyOf(recordGuideOpened(emptyTipState(), TODAY));
    const after = rankTips({ signals: {}, role: 'agent', history: opened, today: TODAY, tips });
    expect(after[0]!.relevance).toBeLessThan(firstGeneral.relevance);
  });

  it('a webmaster on a heavy page of their site gets the eco-design tips of what was measured', () => {
    const signals = computeSignals({
      page: page(
        'https://www.lemans.fr/agenda',
        noon(TODAY),
        totals({ bytes: 6_500_000, third: 1_500_000 }),
        observed({ thirdPartySites: ['google-analytics.com', 'fonts.gstatic.com'], uncompressedTextBytes: 180_000, uncacheableStatic: 12, fontFiles: 7 }),
      ),
      findings: { url: 'https://www.lemans.fr/agenda', autoplayMedia: 0, oversizedImages: 4, oversizedImageBytes: 2_400_000 },
      now: noon(TODAY),
    });
    const ranked = rankTips({ signals, role: 'webmaster', history: fresh, today: TODAY, tips, limit: 6 });
    const ids = ranked.map((r) => r.tip.id);
    expect(ids[0]).toMatch(/^eco-/);
    for (const id of ['eco-heavy-page', 'eco-oversized-images', 'eco-uncompressed-text', 'eco-cache-headers', 'eco-fonts']) expect(ids).toContain(id);
    // Never a tip the webmaster is not an audience of.
    for (const r of ranked) expect(r.tip.audiences).toContain('webmaster');
    // Autoplay was measured as 0: its tips stay out.
    expect(ids).not.toContain('eco-autoplay');
  });

  it('an agent with many tabs and a plain-HTTP page gets tips for what the page shows', () => {
    const ranked = top({ open_tabs: 45, http_page: 1, page_bytes: 200_000 }, 'agent');
    expect(ranked.map((r) => r.tip.id).slice(0, 2).sort()).toEqual(['open-tabs', 'security-http-page']);
  });
});

describe('the engine’s rules', () => {
  it('never offers a tip whose signal is unknown or below its threshold', () => {
    const ranked = rankTips({ signals: { video_bytes_share: 0.39 }, role: 'agent', history: fresh, today: TODAY, tips });
    for (const r of ranked) expect(r.tip.trigger.signal).toBe('general');
  });

  it('respects answers until they are changed', () => {
    let state = setAnswer(emptyTipState(), 'video-quality', 'not-for-me', TODAY);
    const signals = { video_bytes_share: 0.9 };
    expect(top(signals, 'agent', historyOf(state)).map((r) => r.tip.id)).not.toContain('video-quality');
    state = setAnswer(state, 'video-quality', null, TODAY);
    expect(top(signals, 'agent', historyOf(state))[0]?.tip.id).toBe('video-quality');
  });

  it('holds back a tip shown on an earlier day, and keeps today’s tip in place', () => {
    const signals: Signals = { video_bytes_share: 0.9, open_tabs: 40 };
    const first = top(signals, 'agent')[0]!.tip.id;
    const today = historyOf(recordShown(emptyTipState(), [first], TODAY));
    expect(top(signals, 'agent', today)[0]!.tip.id).toBe(first); // no flicker within the day
    const yesterday = historyOf(recordShown(emptyTipState(), [first], addDays(TODAY, -1)));
    expect(top(signals, 'agent', yesterday)[0]!.tip.id).not.toBe(first);
    const longAgo = historyOf(recordShown(emptyTipState(), [first], addDays(TODAY, -8)));
    expect(top(signals, 'agent', longAgo)[0]!.tip.id).toBe(first);
  });

  it('spreads the top of the list across axes', () => {
    const ranked = rankTips({ signals: {}, role: 'agent', history: historyOf(recordGuideOpened(emptyTipState(), TODAY)), today: TODAY, tips, limit: 4 });
    expect(new Set(ranked.map((r) => r.axis)).size).toBeGreaterThanOrEqual(3);
  });

  it('is deterministic and filters by audience', () => {
    const signals: Signals = { video_bytes_share: 0.5, genai_visits_day: 4, trackers_on_page: 3 };
    expect(rankTips({ signals, role: 'ambassador', history: fresh, today: TODAY, tips })).toEqual(rankTips({ signals, role: 'ambassador', history: fresh, today: TODAY, tips }));
    for (const r of rankTips({ signals, role: 'elected', history: fresh, today: TODAY, tips })) expect(r.tip.audiences).toContain('elected');
  });

  it('scores savings on a log scale from 1 MB to 10 GB, watt-hours at the SWD v4 intensity', () => {
    expect(savingScore(undefined)).toBe(0);
    expect(savingScore({ quantity: 'bytes_saved', value: 1e6 })).toBe(0);
    expect(savingScore({ quantity: 'bytes_saved', value: 1e8 })).toBeCloseTo(0.5, 9);
    expect(savingScore({ quantity: 'bytes_saved', value: 1e12 })).toBe(1);
    // 19.4 Wh is 1e8 bytes at 0.194 kWh/GB.
    expect(savingScore({ quantity: 'wh_saved', value: 19.4 })).toBeCloseTo(0.5, 9);
  });
});

describe('no nagging outside the popup', () => {
  it('offers at most one new tip a day, never one already shown', () => {
    const signals: Signals = { video_bytes_share: 0.9 };
    const ambient = rankTips({ signals, role: 'agent', history: fresh, today: TODAY, tips, surface: 'ambient', limit: 10 });
    expect(ambient).toHaveLength(1);
    const spent = recordShown(emptyTipState(), [ambient[0]!.tip.id], TODAY, 'ambient');
    expect(rankTips({ signals, role: 'agent', history: historyOf(spent), today: TODAY, tips, surface: 'ambient' })).toEqual([]);
    const tomorrow = rankTips({ signals, role: 'agent', history: historyOf(spent), today: addDays(TODAY, 1), tips, surface: 'ambient' });
    expect(tomorrow).toHaveLength(1);
    expect(tomorrow[0]!.tip.id).not.toBe(ambient[0]!.tip.id);
  });

  it('over two months of daily use, shows one new ambient tip a day, never repeats one, then falls silent', () => {
    // Independently: the agent tips this day's signals can trigger (general ones, and the tabs tip).
    const eligible = tips.filter((t) => t.audiences.includes('agent') && (t.trigger.signal === 'general' || t.trigger.signal === 'open_tabs')).length;
    let state = emptyTipState();
    const seen = new Set<string>();
    for (let d = 0; d < 60; d++) {
      const day = addDays(TODAY, d);
      for (let visit = 0; visit < 3; visit++) {
        const shown = rankTips({ signals: { open_tabs: 25 }, role: 'agent', history: historyOf(state), today: day, tips, surface: 'ambient' });
        expect(shown.length).toBeLessThanOrEqual(1);
        if (visit > 0 || d >= eligible) {
          expect(shown).toEqual([]);
          continue;
        }
        const id = shown[0]!.tip.id;
        expect(seen.has(id)).toBe(false);
        seen.add(id);
        state = recordShown(state, [id], day, 'ambient');
      }
    }
    expect(seen.size).toBe(eligible);
  });

  it('every tip is filed under the axis of its first action', () => {
    expect(axisOfTip(getTip('device-lifetime')!)).toBe(5);
    expect(axisOfTip(getTip('video-quality')!)).toBe(1);
  });
});
