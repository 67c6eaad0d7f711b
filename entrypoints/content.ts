import { defineContentScript } from '#imports';
import { sendMessage } from '../lib/messaging/protocol';
import type { TimingEntry } from '../lib/measure/types';

/*
 * Reads the sizes that only the page can see (Resource Timing) and forwards those the background needs: entries
 * with a non-zero size. It runs in every frame, from document start, and does no work on the page's own path:
 * entries are batched and sent off a timer.
 */
export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  runAt: 'document_start',
  main(ctx) {
    // The top frame says when its document started: a navigation answered by a service worker is invisible to
    // webRequest under the tab, and this is how the background learns a new page began (Ledger.onDocument).
    // A prerendered document says so once it is shown, not while it waits unseen.
    if (window === window.top) {
      const announce = () => sendMessage('document', { url: location.href, timeOrigin: performance.timeOrigin }).catch(() => {});
      if ((document as Document & { prerendering?: boolean }).prerendering) {
        document.addEventListener('prerenderingchange', announce, { once: true });
      } else {
        void announce();
      }
    }

    let batch: TimingEntry[] = [];
    let timer: number | undefined;
    const sent = new Set<string>();

    const send = () => {
      timer = undefined;
      const entries = batch;
      batch = [];
      // The worker may be starting or the extension reloading: a lost batch only costs an estimate.
      sendMessage('timings', entries).catch(() => {});
    };

    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as PerformanceResourceTiming[]) {
        // Chromium delivers the navigation entry twice to an early observer, first incomplete: wait for its end.
        if (entry.responseEnd === 0 || (entry.transferSize === 0 && entry.encodedBodySize === 0)) continue;
        const key = `${entry.entryType}|${entry.name}|${entry.startTime}`;
        if (sent.has(key)) continue;
        sent.add(key);
        batch.push({
          url: entry.name,
          entryType: entry.entryType === 'navigation' ? 'navigation' : 'resource',
          transferSize: Math.round(entry.transferSize),
          encodedBodySize: Math.round(entry.encodedBodySize),
          ...(entry.workerStart > 0 ? { viaWorker: true } : {}),
        });
      }
      if (batch.length >= 200) send();
      else if (batch.length > 0 && timer === undefined) timer = ctx.setTimeout(send, 300);
    });
    // `buffered: true` hands over what happened before this script ran; getEntries() would stop at 250 entries.
    observer.observe({ type: 'resource', buffered: true });
    observer.observe({ type: 'navigation', buffered: true });
    ctx.onInvalidated(() => observer.disconnect());

    // WebSocket messages are counted by the page-world probe (websocket.content.ts), which has no extension API.
    const payloads: number[] = [];
    let wsTimer: number | undefined;
    window.addEventListener(WS_EVENT, (event) => {
      const size = (event as CustomEvent<unknown>).detail;
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return;
      payloads.push(size);
      wsTimer ??= ctx.setTimeout(() => {
        wsTimer = undefined;
        sendMessage('websocket', payloads.splice(0)).catch(() => {});
      }, 500);
    });
  },
});

const WS_EVENT = 'empreinte:websocket-message';
