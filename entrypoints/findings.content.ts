import { defineContentScript } from '#imports';
import { sendMessage } from '../lib/messaging/protocol';

/*
 * What only the page's DOM can tell the tips (lib/tips/signals.ts): media that started playing before the person
 * touched the page (autoplay), and images much larger than the box they are drawn in. Top frame only, after the
 * page is idle, a handful of DOM reads: nothing runs on the page's own path. It sends two counts and a byte sum
 * for the page's URL, never the page's content; the background keeps them in memory for that tab only.
 */

/** An image is oversized when it has at least this many times the pixels it is displayed with. */
const OVERSIZE_FACTOR = 2;
const FIRST_LOOK_MS = 2_500;
const DEBOUNCE_MS = 1_000;

export default defineContentScript({
  matches: ['<all_urls>'],
  runAt: 'document_idle',
  main(ctx) {
    const autoplayed = new WeakSet<HTMLMediaElement>();
    let autoplayCount = 0;
    let timer: number | undefined;
    let last = '';

    const hasInteracted = (): boolean => (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation?.hasBeenActive ?? false;

    const noteAutoplay = (media: HTMLMediaElement): void => {
      if (autoplayed.has(media) || hasInteracted()) return;
      autoplayed.add(media);
      autoplayCount++;
    };

    const look = (): void => {
      timer = undefined;
      for (const media of document.querySelectorAll<HTMLMediaElement>('video, audio')) {
        if (!media.paused || media.autoplay) noteAutoplay(media);
      }
      let oversizedImages = 0;
      let oversizedImageBytes = 0;
      const dpr = window.devicePixelRatio || 1;
      for (const img of document.images) {
        if (!img.complete || img.naturalWidth === 0) continue;
        const shown = img.clientWidth * img.clientHeight * dpr * dpr;
        if (shown === 0) continue; // hidden or not laid out: not "larger than displayed"
        if (img.naturalWidth * img.naturalHeight < OVERSIZE_FACTOR * shown) continue;
        oversizedImages++;
        const entry = performance.getEntriesByName(img.currentSrc || img.src)[0] as PerformanceResourceTiming | undefined;
        oversizedImageBytes += Math.round(entry?.encodedBodySize ?? 0);
      }
      const findings = { url: location.href.split('#')[0] ?? '', autoplayMedia: autoplayCount, oversizedImages, oversizedImageBytes };
      const key = JSON.stringify(findings);
      if (key === last) return;
      last = key;
      // The worker may be starting or the extension reloading: a lost message only leaves the signal unknown.
      sendMessage('findings', findings).catch(() => {});
    };
    const schedule = (delay: number): void => {
      timer ??= ctx.setTimeout(look, delay);
    };

    // A player that starts later (after a consent banner, say) is still autoplay if nobody clicked.
    document.addEventListener('play', (event) => {
      if (event.target instanceof HTMLMediaElement) noteAutoplay(event.target);
      schedule(DEBOUNCE_MS);
    }, { capture: true, signal: ctx.signal });
    schedule(FIRST_LOOK_MS);
  },
});
