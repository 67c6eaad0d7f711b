/*
 * Tips in the background: the daily counter fed by finished pages and downloads, the DOM findings of each tab,
 * and the messages extension pages send (the popup's tip, answers, the guide's events). entrypoints/background.ts
 * calls startTips() once, synchronously, so the listeners exist before the event that woke the worker is handled.
 *
 * Everything here stays on the device: signals are computed when a page asks and kept nowhere but in memory;
 * the daily counter holds sums per day, no URL and no site. The background is the only writer of the tip state
 * (answers, shown tips, weekly counters): pages ask, the background writes, so two pages cannot undo each other.
 */
import { browser, type Browser } from 'wxt/browser';
import { onMessage } from '../messaging/protocol';
import type { PageState } from '../measure/types';
import type { Settings } from '../settings';
import { getAction } from '../strategy';
import { getTip, tips } from './catalogue';
import { parseDailyStore, recordDownload, recordPages, downloadSize, type DailyStore } from './daily';
import { rankTips, type RankedTip } from './engine';
import { parseAnswerRequest, parseFindings, type TipCardData, type TipStateView } from './messages';
import { computeSignals, type PageFindings, type SignalPage } from './signals';
import { acknowledgeCharter, historyOf, recordGuideOpened, recordShown, setAnswer, TipStore, type TipState } from './state';
import { localDay } from './week';

/** browser.storage.local key of the daily counter (see ./daily). */
export const DAILY_KEY = 'tips:daily';

export interface TipsDeps {
  /** The measured page of a tab, once the measurement has restored its state; null if none. */
  page(tabId: number): Promise<SignalPage | null>;
  settings(): Settings;
  now?: () => number;
}

/** Only the extension's own pages (popup, guide, options, onboarding) may read or change the tip state. */
function fromExtensionPage(sender: Browser.runtime.MessageSender | undefined): boolean {
  return sender?.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL('/'));
}

export function stateView(state: TipState): TipStateView {
  const answers: Record<string, TipStateView['answers'][string]> = {};
  for (const [id, entry] of Object.entries(state.answers)) answers[id] = entry.answer;
  return { answers, guideOpened: state.guideOpenedAt !== undefined, charterAcknowledged: state.charterAcknowledgedAt !== undefined };
}

export function cardOf(ranked: Pick<RankedTip, 'tip' | 'signal' | 'saving'>): TipCardData {
  return {
    tipId: ranked.tip.id,
    tip: ranked.tip,
    ...(ranked.signal ? { signal: ranked.signal } : {}),
    ...(ranked.saving ? { saving: ranked.saving } : {}),
    actions: ranked.tip.actions.map((number) => ({ number, text: getAction(number)?.text ?? { fr: '', en: '' } })),
  };
}

export function startTips(deps: TipsDeps): { onFinished: (pages: PageState[]) => void } {
  const now = deps.now ?? Date.now;
  const store = new TipStore();
  const findings = new Map<number, PageFindings>();

  // The daily counter: one read-modify-write at a time, so two quick navigations do not lose a page.
  let dailyChain: Promise<unknown> = Promise.resolve();
  const updateDaily = (change: (daily: DailyStore) => DailyStore): void => {
    dailyChain = dailyChain
      .then(async () => {
        const stored = await browser.storage.local.get(DAILY_KEY);
        await browser.storage.local.set({ [DAILY_KEY]: change(parseDailyStore(stored[DAILY_KEY])) });
      })
      .catch((error: unknown) => console.error('Empreinte tips: could not update the daily counter', error));
  };
  const readDaily = async (): Promise<DailyStore> => {
    await dailyChain;
    return parseDailyStore((await browser.storage.local.get(DAILY_KEY))[DAILY_KEY]);
  };

  browser.tabs.onRemoved.addListener((tabId) => findings.delete(tabId));

  // A download is a top-level (or frame) response served as an attachment; only its size is kept.
  browser.webRequest.onResponseStarted.addListener(
    (details) => {
      const size = downloadSize(details.responseHeaders);
      if (size !== undefined) updateDaily((daily) => recordDownload(daily, size, now()));
    },
    { urls: ['<all_urls>'], types: ['main_frame', 'sub_frame'] },
    ['responseHeaders'],
  );

  onMessage('findings', ({ data, sender }) => {
    const parsed = parseFindings(data);
    const tabId = sender.tab?.id;
    // Only the top frame speaks for the page: a frame's own findings are about another document.
    if (!parsed || tabId === undefined || (sender.frameId ?? 0) !== 0) {
      console.warn('Empreinte: dropped a malformed findings message');
      return;
    }
    findings.set(tabId, parsed);
  });

  const signalsFor = async (tabId: number | null) => {
    const [page, daily, tabsOpen] = await Promise.all([
      tabId === null ? Promise.resolve(null) : deps.page(tabId),
      readDaily(),
      browser.tabs.query({}).then((all) => all.length, () => undefined),
    ]);
    return computeSignals({
      page,
      findings: tabId === null ? null : (findings.get(tabId) ?? null),
      daily,
      ...(tabsOpen !== undefined ? { openTabs: tabsOpen } : {}),
      now: now(),
    });
  };

  onMessage('getTip', async ({ data, sender }) => {
    if (!fromExtensionPage(sender) || typeof data !== 'number' || !Number.isSafeInteger(data)) return null;
    const signals = await signalsFor(data);
    const today = localDay(now());
    const { state } = await store.load();
    const [best] = rankTips({ signals, role: deps.settings().role, history: historyOf(state), today, tips, surface: 'popup', limit: 1 });
    if (!best) return null;
    await store.update((s) => recordShown(s, [best.tip.id], today, 'popup'));
    return cardOf(best);
  });

  /*
   * The tip of the day outside the popup (the guide shows it): at most one new tip a day. The same tip comes
   * back for the rest of the day (it is not new any more), unless the person answered it.
   */
  onMessage('tipOfTheDay', async ({ sender }) => {
    if (!fromExtensionPage(sender)) return null;
    const today = localDay(now());
    const { state } = await store.load();
    if (state.ambientDay === today) {
      const tip = state.ambientTipId !== undefined && state.answers[state.ambientTipId] === undefined ? getTip(state.ambientTipId) : undefined;
      return tip ? cardOf({ tip }) : null;
    }
    const signals = await signalsFor(null);
    const [best] = rankTips({ signals, role: deps.settings().role, history: historyOf(state), today, tips, surface: 'ambient' });
    if (!best) return null;
    await store.update((s) => recordShown(s, [best.tip.id], today, 'ambient'));
    return cardOf(best);
  });

  onMessage('answerTip', async ({ data, sender }) => {
    const request = parseAnswerRequest(data);
    if (!fromExtensionPage(sender) || !request || !getTip(request.tipId)) {
      console.warn('Empreinte: dropped a malformed tip answer');
      return null;
    }
    return stateView(await store.update((s) => setAnswer(s, request.tipId, request.answer, localDay(now()))));
  });

  onMessage('tipState', async ({ sender }) => (fromExtensionPage(sender) ? stateView((await store.load()).state) : null));

  onMessage('guideOpened', async ({ sender }) => {
    if (!fromExtensionPage(sender)) return null;
    return stateView(await store.update((s) => recordGuideOpened(s, localDay(now()))));
  });

  onMessage('acknowledgeCharter', async ({ sender }) => {
    if (!fromExtensionPage(sender)) return null;
    return stateView(await store.update((s) => acknowledgeCharter(s, localDay(now()))));
  });

  return {
    onFinished: (pages) => {
      const inputs = pages.map((p) => ({ url: p.url, startedAt: p.startedAt, totals: p.totals, observed: p.observed }));
      if (inputs.length > 0) updateDaily((daily) => recordPages(daily, inputs, now()));
    },
  };
}
