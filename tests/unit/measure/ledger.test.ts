import { beforeEach, describe, expect, it } from 'vitest';
import { TYPICAL_BODY_BYTES, TYPICAL_HEAD_BYTES } from '../../../lib/measure/estimate';
import { Ledger, NO_TAB, ORPHAN_GRACE_MS, TIMING_GRACE_MS } from '../../../lib/measure/ledger';
import type { TimingEntry } from '../../../lib/measure/types';
import { end, headers, now, redirect, response, start, TAB, wireHead } from './events';

const SITE = 'http://127.0.0.1:8080';

let ledger: Ledger;
/** Head of the top-level document used in every test. */
const docHeaders = headers({ 'Content-Length': '500' });
const docBytes = wireHead('HTTP/1.1 200 X', docHeaders) + 500;

function loadDocument(url = `${SITE}/`, id = 'doc') {
  ledger.onBeforeRequest(start(id, url, 'main_frame'));
  ledger.onResponseStarted(response(id, url, 200, docHeaders));
  ledger.onCompleted(end(id, url));
}

/** A subresource that completes normally. */
function fetchResource(id: string, url: string, status: number, hs = headers(), extra: Parameters<typeof response>[4] = {}) {
  ledger.onBeforeRequest(start(id, url));
  ledger.onResponseStarted(response(id, url, status, hs, extra));
  ledger.onCompleted(end(id, url));
}

const totals = () => ledger.page(TAB)!.totals;

beforeEach(() => {
  ledger = new Ledger();
  loadDocument();
});

describe('a response from the network', () => {
  it('counts the head as written plus the declared body length', () => {
    const hs = headers({ 'Content-Length': '20000' });
    fetchResource('a', `${SITE}/a.png`, 200, hs);
    expect(totals().bytes).toBe(docBytes + wireHead('HTTP/1.1 200 X', hs) + 20000);
    expect(totals().requests).toBe(2);
    expect(totals().estimatedBytes).toBe(0);
    expect(totals().byKind.image).toBe(wireHead('HTTP/1.1 200 X', hs) + 20000);
  });

  it('counts multi-byte header values by their UTF-8 length', () => {
    const hs = headers({ 'Content-Length': '0', 'X-Note': 'déjà vu' });
    fetchResource('a', `${SITE}/a`, 200, hs);
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 200 X', hs));
  });

  it('counts a 404 and a 500 like any response', () => {
    const notFound = headers({ 'Content-Length': '9' });
    const failed = headers({ 'Content-Length': '21' });
    fetchResource('a', `${SITE}/missing`, 404, notFound);
    fetchResource('b', `${SITE}/broken`, 500, failed);
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 404 X', notFound) + 9 + wireHead('HTTP/1.1 500 X', failed) + 21);
    expect(totals().requests).toBe(3);
  });

  it('splits first and third parties by site', () => {
    const hs = headers({ 'Content-Length': '100' });
    fetchResource('a', 'http://127.0.0.2:8080/x.js', 200, hs);
    expect(totals().byParty.third).toBe(wireHead('HTTP/1.1 200 X', hs) + 100);
    expect(totals().byParty.first).toBe(docBytes);
  });
});

describe('Content-Length values that must not be trusted as they are', () => {
  it.each([
    ['duplicated and equal (48000, 48000)', [['Content-Length', '48000, 48000']], 48000],
    ['two equal headers', [['Content-Length', '300'], ['content-length', '300']], 300],
  ])('%s is the length', (_, pairs, expected) => {
    const hs = [...headers(), ...pairs.map(([name, value]) => ({ name: name!, value }))];
    fetchResource('a', `${SITE}/a.js`, 200, hs);
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 200 X', hs) + expected);
    expect(totals().estimatedBytes).toBe(0);
  });

  it.each([
    ['two headers that disagree ("48000" then "300", never "48000300")', [['Content-Length', '48000'], ['Content-Length', '300']]],
    ['negative', [['Content-Length', '-1']]],
    ['not a number', [['Content-Length', 'NaN']]],
    ['exponent', [['Content-Length', '1e3']]],
    ['beyond 2^53', [['Content-Length', '99999999999999999']]],
  ])('%s is ignored and the body estimated until timing tells', (_, pairs) => {
    const hs = [...headers(), ...pairs.map(([name, value]) => ({ name: name!, value }))];
    fetchResource('a', `${SITE}/a.js`, 200, hs, {});
    const head = wireHead('HTTP/1.1 200 X', hs);
    expect(totals().bytes - docBytes).toBe(head + TYPICAL_BODY_BYTES.image);
    expect(totals().estimatedBytes).toBe(TYPICAL_BODY_BYTES.image);
    ledger.onTimings(TAB, [{ url: `${SITE}/a.js`, entryType: 'resource', transferSize: 1300, encodedBodySize: 1000 }], now());
    expect(totals().bytes - docBytes).toBe(head + 1000);
    expect(totals().estimatedBytes).toBe(0);
    expect(Number.isSafeInteger(totals().bytes)).toBe(true);
  });
});

describe('merging webRequest with Resource Timing', () => {
  const chunked = headers({ 'Transfer-Encoding': 'chunked' });
  const head = wireHead('HTTP/1.1 200 X', chunked);

  it('takes a chunked body size from timing, whichever arrives first', () => {
    ledger.onTimings(TAB, [{ url: `${SITE}/early.js`, entryType: 'resource', transferSize: 1234, encodedBodySize: 934 }], now());
    fetchResource('a', `${SITE}/early.js`, 200, chunked);
    fetchResource('b', `${SITE}/late.js`, 200, chunked);
    ledger.onTimings(TAB, [{ url: `${SITE}/late.js`, entryType: 'resource', transferSize: 800, encodedBodySize: 500 }], now());
    expect(totals().bytes - docBytes).toBe(head + 934 + head + 500);
    expect(totals().estimatedBytes).toBe(0);
  });

  it('keeps the estimate when timing shows zeros (cross-origin without Timing-Allow-Origin)', () => {
    fetchResource('a', 'http://127.0.0.2:8080/opaque.js', 200, chunked);
    ledger.onTimings(TAB, [{ url: 'http://127.0.0.2:8080/opaque.js', entryType: 'resource', transferSize: 0, encodedBodySize: 0 }], now());
    expect(totals().estimatedBytes).toBe(TYPICAL_BODY_BYTES.image);
    expect(totals().bytes - docBytes).toBe(head + TYPICAL_BODY_BYTES.image);
  });

  it('applies a duplicated timing entry once (the navigation entry arrives twice)', () => {
    fetchResource('a', `${SITE}/x.js`, 200, chunked);
    const entry = { url: `${SITE}/x.js`, entryType: 'resource' as const, transferSize: 400, encodedBodySize: 100 };
    ledger.onTimings(TAB, [entry, entry], now());
    ledger.onTimings(TAB, [entry], now());
    expect(totals().bytes - docBytes).toBe(head + 100);
  });

  it('never counts a timing entry with nothing on the wire (memory cache) or answered by the page\'s service worker', () => {
    ledger.onTimings(TAB, [{ url: `${SITE}/cached.css`, entryType: 'resource', transferSize: 0, encodedBodySize: 4700 }], now());
    ledger.onTimings(TAB, [{ url: `${SITE}/sw.css`, entryType: 'resource', transferSize: 5000, encodedBodySize: 4700, viaWorker: true }], now());
    ledger.tick(now() + ORPHAN_GRACE_MS + 1);
    expect(totals().bytes).toBe(docBytes);
    expect(ledger.hasOrphans()).toBe(false);
  });

  it('ignores sizes that are not finite non-negative integers', () => {
    fetchResource('a', `${SITE}/x.js`, 200, chunked);
    ledger.onTimings(TAB, [{ url: `${SITE}/x.js`, entryType: 'resource', transferSize: Number.NaN, encodedBodySize: -5 }], now());
    expect(totals().bytes - docBytes).toBe(head + TYPICAL_BODY_BYTES.image);
    expect(Number.isSafeInteger(totals().bytes)).toBe(true);
  });

  it('forgets what waited for timing after the grace period, keeping the estimate', () => {
    fetchResource('a', `${SITE}/x.js`, 200, chunked);
    ledger.tick(now() + TIMING_GRACE_MS + 1);
    ledger.onTimings(TAB, [{ url: `${SITE}/x.js`, entryType: 'resource', transferSize: 400, encodedBodySize: 100 }], now());
    expect(totals().estimatedBytes).toBe(TYPICAL_BODY_BYTES.image);
    expect(Object.keys(ledger.page(TAB)!.requests)).toHaveLength(0);
  });
});

describe('responses webRequest never reported (Chromium drops events while it starts a stopped worker)', () => {
  const entry = (path: string, body: number, extra: Partial<TimingEntry> = {}): TimingEntry => ({
    url: `${SITE}${path}`,
    entryType: 'resource',
    transferSize: body + 300,
    encodedBodySize: body,
    ...extra,
  });
  const cl = (n: number) => headers({ 'Content-Length': String(n) });

  it('counts a response only Resource Timing showed, once its grace is over: body measured, head estimated', () => {
    ledger.onTimings(TAB, [entry('/lost.css', 12_000)], now());
    expect(totals().bytes).toBe(docBytes);
    expect(ledger.hasOrphans()).toBe(true);
    ledger.tick(now() + ORPHAN_GRACE_MS + 1);
    expect(totals().bytes - docBytes).toBe(12_300);
    expect(totals().estimatedBytes).toBe(300);
    expect(totals().requests).toBe(2);
    expect(totals().byParty.first - docBytes).toBe(12_300);
    ledger.tick(now() + ORPHAN_GRACE_MS * 2);
    expect(totals().bytes - docBytes).toBe(12_300); // counted once
  });

  it('estimates the head when the entry gives none (Firefox reports no flat 300)', () => {
    ledger.onTimings(TAB, [entry('/lost.js', 800, { transferSize: 800 })], now());
    ledger.tick(now() + ORPHAN_GRACE_MS + 1);
    expect(totals().bytes - docBytes).toBe(800 + TYPICAL_HEAD_BYTES);
    expect(totals().estimatedBytes).toBe(TYPICAL_HEAD_BYTES);
  });

  it('does not count an entry that webRequest reports after it (the same response, counted once)', () => {
    ledger.onTimings(TAB, [entry('/late.js', 1000)], now());
    fetchResource('a', `${SITE}/late.js`, 200, cl(1000));
    ledger.tick(now() + ORPHAN_GRACE_MS + 1);
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 200 X', cl(1000)) + 1000);
    expect(totals().requests).toBe(2);
  });

  it('matches each entry of a URL with one reported response, and counts the one left over', () => {
    fetchResource('a', `${SITE}/poll`, 200, cl(100));
    fetchResource('b', `${SITE}/poll`, 200, cl(100));
    ledger.onTimings(TAB, [entry('/poll', 100), entry('/poll', 100), entry('/poll', 100)], now());
    ledger.tick(now() + ORPHAN_GRACE_MS + 1);
    expect(totals().bytes - docBytes).toBe(2 * (wireHead('HTTP/1.1 200 X', cl(100)) + 100) + 400);
    expect(totals().requests).toBe(4);
  });

  it('matches the entry of a redirected resource by its first URL as well as its last', () => {
    const hop = headers({ Location: '/b.png', 'Content-Length': '0' });
    ledger.onBeforeRequest(start('r', `${SITE}/a.png`));
    ledger.onBeforeRedirect(redirect('r', `${SITE}/a.png`, `${SITE}/b.png`, hop));
    ledger.onResponseStarted(response('r', `${SITE}/b.png`, 200, cl(50)));
    ledger.onCompleted(end('r', `${SITE}/b.png`));
    const before = totals().bytes;
    ledger.onTimings(TAB, [entry('/a.png', 50)], now());
    ledger.tick(now() + ORPHAN_GRACE_MS + 1);
    expect(totals().bytes).toBe(before);
  });

  it('waits for a request still in flight when its entry comes first, and counts it once when it ends', () => {
    ledger.onBeforeRequest(start('a', `${SITE}/slow.bin`));
    ledger.onResponseStarted(response('a', `${SITE}/slow.bin`, 200, cl(5000)));
    ledger.onTimings(TAB, [entry('/slow.bin', 5000)], now());
    ledger.onCompleted(end('a', `${SITE}/slow.bin`));
    ledger.tick(now() + ORPHAN_GRACE_MS + 1);
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 200 X', cl(5000)) + 5000);
    expect(totals().requests).toBe(2);
  });

  it('takes the entry as the end of a request whose response events were lost, and ignores them if they come late', () => {
    ledger.onBeforeRequest(start('a', `${SITE}/photo.bin`));
    ledger.onTimings(TAB, [entry('/photo.bin', 50_000)], now());
    ledger.tick(now() + ORPHAN_GRACE_MS + 1);
    expect(totals().bytes - docBytes).toBe(50_300);
    expect(ledger.page(TAB)!.requests.a).toBeUndefined();
    ledger.onResponseStarted(response('a', `${SITE}/photo.bin`, 200, cl(50_000)));
    ledger.onCompleted(end('a', `${SITE}/photo.bin`));
    expect(totals().bytes - docBytes).toBe(50_300);
    expect(totals().requests).toBe(2);
  });

  it("counts a frame's document once, though its parent lists it as a resource and the frame as its navigation", () => {
    const frame = 'http://127.0.0.2:8080/inner';
    ledger.onBeforeRequest(start('f', frame, 'sub_frame'));
    ledger.onResponseStarted(response('f', frame, 200, cl(671)));
    ledger.onCompleted(end('f', frame));
    const before = totals().bytes;
    ledger.onTimings(TAB, [{ url: frame, entryType: 'resource', transferSize: 971, encodedBodySize: 671 }], now());
    ledger.onTimings(TAB, [{ url: frame, entryType: 'navigation', transferSize: 971, encodedBodySize: 671 }], now());
    ledger.tick(now() + ORPHAN_GRACE_MS + 1);
    expect(totals().bytes).toBe(before);
    expect(totals().requests).toBe(2);
  });

  it('keeps a bounded memory of responses whose entry never comes (cross-origin without Timing-Allow-Origin)', () => {
    for (let i = 0; i < 3_000; i++) fetchResource(`x${i}`, `http://127.0.0.2:8080/opaque/${i}.png`, 200, cl(10));
    const seen = Object.keys(ledger.page(TAB)!.seen ?? {});
    expect(seen.length).toBeLessThanOrEqual(1_000);
    expect(ledger.page(TAB)!.seenSize).toBe(seen.length);
    expect(seen).toContain('resource http://127.0.0.2:8080/opaque/2999.png'); // the newest are kept
  });

  it('counts what is still waiting when the page ends, so that history has it', () => {
    ledger.onTimings(TAB, [entry('/lost.css', 2_000)], now());
    loadDocument(`${SITE}/next`, 'doc2');
    ledger.onTabRemoved(TAB);
    const [first] = ledger.takeFinished();
    expect(first!.totals.bytes).toBe(docBytes + 2_300);
    expect(first!.totals.requests).toBe(2);
  });

  it('lets the previous page claim a late entry of its own', () => {
    fetchResource('a', `${SITE}/old.js`, 200, cl(400));
    loadDocument(`${SITE}/next`, 'doc2');
    ledger.onTimings(TAB, [entry('/old.js', 400)], now());
    ledger.tick(now() + ORPHAN_GRACE_MS + 1);
    expect(totals().bytes).toBe(docBytes);
    expect(totals().requests).toBe(1);
  });
});

describe('cache', () => {
  const cached = headers({ 'Content-Length': '7000', ETag: '"v1"' });

  it('counts a cache hit as 0 and not as a network request', () => {
    fetchResource('a', `${SITE}/a.css`, 200, cached, { fromCache: true });
    ledger.onTimings(TAB, [{ url: `${SITE}/a.css`, entryType: 'resource', transferSize: 0, encodedBodySize: 7000 }], now());
    expect(totals().bytes).toBe(docBytes);
    expect(totals().requests).toBe(1);
  });

  it('counts a 304 reported as such by its head', () => {
    const notModified = headers({ ETag: '"v1"' });
    fetchResource('a', `${SITE}/a.css`, 304, notModified);
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 304 X', notModified));
    expect(totals().requests).toBe(2);
  });

  it('counts a revalidation reported as a cache hit once timing shows network traffic (estimated head)', () => {
    fetchResource('a', `${SITE}/a.css`, 200, cached, { fromCache: true });
    expect(totals().bytes).toBe(docBytes);
    ledger.onTimings(TAB, [{ url: `${SITE}/a.css`, entryType: 'resource', transferSize: 300, encodedBodySize: 7000 }], now());
    const head = wireHead('HTTP/1.1 200 X', cached);
    expect(totals().bytes - docBytes).toBe(head);
    expect(totals().estimatedBytes).toBe(head);
    expect(totals().requests).toBe(2);
  });
});

describe('redirects', () => {
  it('counts every hop of a chain, then the final response', () => {
    const hop = headers({ Location: '/b', 'Content-Length': '0' });
    const final = headers({ 'Content-Length': '1000' });
    ledger.onBeforeRequest(start('r', `${SITE}/a`, 'script'));
    ledger.onBeforeRedirect(redirect('r', `${SITE}/a`, `${SITE}/b`, hop));
    ledger.onBeforeRedirect(redirect('r', `${SITE}/b`, 'http://127.0.0.2:8080/c', hop));
    ledger.onResponseStarted(response('r', 'http://127.0.0.2:8080/c', 200, final));
    ledger.onCompleted(end('r', 'http://127.0.0.2:8080/c'));
    expect(totals().bytes - docBytes).toBe(2 * wireHead('HTTP/1.1 302 X', hop) + wireHead('HTTP/1.1 200 X', final) + 1000);
    expect(totals().requests).toBe(4);
    expect(totals().byParty.third).toBe(wireHead('HTTP/1.1 200 X', final) + 1000);
  });

  it('skips the redirects Chromium makes up itself (HSTS, internal)', () => {
    ledger.onBeforeRequest(start('r', `${SITE}/a`, 'script'));
    ledger.onBeforeRedirect({ ...redirect('r', `${SITE}/a`, `${SITE}/b`, headers()), statusLine: 'HTTP/1.1 307 Internal Redirect' });
    expect(totals().bytes).toBe(docBytes);
    expect(totals().requests).toBe(1);
  });

  it("gives a top-level redirect's hops to the page it lands on", () => {
    const hop = headers({ Location: '/next', 'Content-Length': '0' });
    ledger.onBeforeRequest(start('nav', `${SITE}/old`, 'main_frame'));
    ledger.onBeforeRedirect(redirect('nav', `${SITE}/old`, `${SITE}/next`, hop));
    ledger.onResponseStarted(response('nav', `${SITE}/next`, 200, docHeaders));
    ledger.onCompleted(end('nav', `${SITE}/next`));
    expect(ledger.page(TAB)!.url).toBe(`${SITE}/next`);
    expect(totals().bytes).toBe(wireHead('HTTP/1.1 302 X', hop) + docBytes);
    expect(totals().requests).toBe(2);
  });

  it('keeps the hops of a top-level chain when Chromium reports a new onBeforeRequest for each hop', () => {
    // As Chromium does: the same requestId, onBeforeRequest again after every onBeforeRedirect.
    const hop = headers({ Location: '/x', 'Content-Length': '27' });
    ledger.onBeforeRequest(start('nav', `${SITE}/?redir=2`, 'main_frame'));
    ledger.onBeforeRedirect(redirect('nav', `${SITE}/?redir=2`, `${SITE}/?redir=1`, hop));
    ledger.onBeforeRequest(start('nav', `${SITE}/?redir=1`, 'main_frame'));
    ledger.onBeforeRedirect(redirect('nav', `${SITE}/?redir=1`, `${SITE}/?redir=0`, hop));
    ledger.onBeforeRequest(start('nav', `${SITE}/?redir=0`, 'main_frame'));
    ledger.onResponseStarted(response('nav', `${SITE}/?redir=0`, 200, docHeaders));
    ledger.onCompleted(end('nav', `${SITE}/?redir=0`));
    expect(totals().bytes).toBe(2 * (wireHead('HTTP/1.1 302 X', hop) + 27) + docBytes);
    expect(totals().requests).toBe(3);
  });

  it('counts the hops of a subresource chain once when onBeforeRequest repeats', () => {
    const hop = headers({ Location: '/b', 'Content-Length': '27' });
    const final = headers({ 'Content-Length': '100' });
    ledger.onBeforeRequest(start('r', `${SITE}/a`));
    ledger.onBeforeRedirect(redirect('r', `${SITE}/a`, `${SITE}/b`, hop));
    ledger.onBeforeRequest(start('r', `${SITE}/b`));
    ledger.onResponseStarted(response('r', `${SITE}/b`, 200, final));
    ledger.onCompleted(end('r', `${SITE}/b`));
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 302 X', hop) + 27 + wireHead('HTTP/1.1 200 X', final) + 100);
    expect(totals().requests).toBe(3);
  });
});

describe('responses without a body', () => {
  it.each([
    [204, 'a beacon answered with 204 and no Content-Length'],
    [205, 'a 205'],
    [304, 'a 304 that repeats the cached Content-Length'],
  ])('%i: counts the head only (%s)', (status) => {
    const hs = status === 304 ? headers({ 'Content-Length': '7000' }) : headers();
    fetchResource('a', `${SITE}/x`, status, hs);
    expect(totals().bytes - docBytes).toBe(wireHead(`HTTP/1.1 ${status} X`, hs));
    expect(totals().estimatedBytes).toBe(0);
    expect(totals().requests).toBe(2);
  });

  it('counts the 101 handshake of a WebSocket (ws: URL) by its head', () => {
    const hs = [
      { name: 'Upgrade', value: 'websocket' },
      { name: 'Connection', value: 'Upgrade' },
      { name: 'Sec-WebSocket-Accept', value: 'miekgSvpEnFwOPHA6o+R5/DZWkY=' },
    ];
    const url = 'ws://127.0.0.1:8080/ws';
    ledger.onBeforeRequest(start('ws', url, 'websocket'));
    ledger.onResponseStarted({ ...response('ws', url, 101, hs), statusLine: 'HTTP/1.1 101 Switching Protocols' });
    ledger.onCompleted(end('ws', url));
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 101 Switching Protocols', hs));
    expect(totals().byKind.websocket).toBe(wireHead('HTTP/1.1 101 Switching Protocols', hs));
    expect(totals().requests).toBe(2);
  });
});

describe('errors and aborted responses', () => {
  it('counts nothing for a request that failed before any response', () => {
    ledger.onBeforeRequest(start('a', `${SITE}/a.js`, 'script'));
    ledger.onErrorOccurred(end('a', `${SITE}/a.js`, 'net::ERR_CONNECTION_REFUSED'));
    expect(totals().bytes).toBe(docBytes);
    expect(totals().requests).toBe(1);
  });

  it('counts an aborted body at its declared length, as an estimate', () => {
    const hs = headers({ 'Content-Length': '20000' });
    ledger.onBeforeRequest(start('a', `${SITE}/broken.png`));
    ledger.onResponseStarted(response('a', `${SITE}/broken.png`, 200, hs));
    ledger.onErrorOccurred(end('a', `${SITE}/broken.png`, 'net::ERR_ABORTED'));
    ledger.onTimings(TAB, [{ url: `${SITE}/broken.png`, entryType: 'resource', transferSize: 4245, encodedBodySize: 3945 }], now());
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 200 X', hs) + 20000);
    expect(totals().estimatedBytes).toBe(20000);
  });

  it('takes up a response whose start it never saw (the worker was starting, or stopped before saving it)', () => {
    const hs = headers({ 'Content-Length': '5' });
    ledger.onResponseStarted(response('ghost', `${SITE}/g`, 200, hs, { type: 'script' }));
    ledger.onCompleted(end('ghost', `${SITE}/g`));
    ledger.onCompleted(end('ghost', `${SITE}/g`));
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 200 X', hs) + 5);
    expect(totals().requests).toBe(2);
  });

  it('takes up a top-level response whose start it never saw, and starts its page', () => {
    ledger.onResponseStarted(response('nav', `${SITE}/next`, 200, docHeaders, { type: 'main_frame' }));
    ledger.onCompleted(end('nav', `${SITE}/next`));
    expect(ledger.page(TAB)!.url).toBe(`${SITE}/next`);
    expect(totals().bytes).toBe(docBytes);
  });

  it('ignores the end of a request it saw neither start nor answer', () => {
    ledger.onCompleted(end('ghost', `${SITE}/g`));
    ledger.onErrorOccurred(end('ghost2', `${SITE}/g`, 'net::ERR_ABORTED'));
    expect(totals().bytes).toBe(docBytes);
    expect(totals().requests).toBe(1);
  });
});

describe('pages', () => {
  it('starts a new page at the next top-level response, not at pushState', () => {
    fetchResource('a', `${SITE}/api`, 200, headers({ 'Content-Length': '10' }));
    const before = totals().bytes;
    loadDocument(`${SITE}/other`, 'doc2');
    expect(ledger.page(TAB)!.url).toBe(`${SITE}/other`);
    expect(totals().bytes).toBe(docBytes);
    expect(before).toBeGreaterThan(docBytes);
  });

  it('keeps the page when the top-level response is a download, and counts the download there', () => {
    const download = headers({ 'Content-Disposition': 'attachment; filename="big.bin"', 'Content-Length': '10000000' });
    ledger.onBeforeRequest(start('dl', `${SITE}/big.bin`, 'main_frame'));
    ledger.onResponseStarted(response('dl', `${SITE}/big.bin`, 200, download));
    ledger.onCompleted(end('dl', `${SITE}/big.bin`));
    expect(ledger.page(TAB)!.url).toBe(`${SITE}/`);
    expect(totals().bytes).toBe(docBytes + wireHead('HTTP/1.1 200 X', download) + 10_000_000);
  });

  it('charges late responses of the previous page to that page', () => {
    ledger.onBeforeRequest(start('late', `${SITE}/beacon`, 'ping'));
    loadDocument(`${SITE}/other`, 'doc2');
    const hs = headers({ 'Content-Length': '0' });
    ledger.onResponseStarted(response('late', `${SITE}/beacon`, 204, hs));
    ledger.onCompleted(end('late', `${SITE}/beacon`));
    expect(totals().bytes).toBe(docBytes);
    const [previous] = (() => {
      ledger.onTabRemoved(TAB);
      return ledger.takeFinished().filter((page) => page.url === `${SITE}/`);
    })();
    expect(previous!.totals.bytes).toBe(docBytes + wireHead('HTTP/1.1 204 X', hs));
  });

  it('charges a service worker’s own fetches (tabId -1) to the tab showing its origin', () => {
    const hs = headers({ 'Content-Length': '300' });
    ledger.onBeforeRequest({ ...start('sw', `${SITE}/data.json`, 'xmlhttprequest'), tabId: -1, initiator: SITE });
    ledger.onResponseStarted({ ...response('sw', `${SITE}/data.json`, 200, hs), tabId: -1 });
    ledger.onCompleted({ ...end('sw', `${SITE}/data.json`), tabId: -1 });
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 200 X', hs) + 300);
  });

  it('ties the document of a page webRequest announced to it, without starting another', () => {
    const page = ledger.page(TAB)!;
    ledger.onDocument(TAB, { url: `${SITE}/#top`, timeOrigin: page.startedAt - 20 }, now());
    expect(ledger.page(TAB)).toBe(page);
    expect(page.documentTime).toBe(page.startedAt - 20);
    expect(page.awaitingDocument).toBeUndefined();
    // The same message again, or a late one from an older document, changes nothing.
    ledger.onDocument(TAB, { url: `${SITE}/`, timeOrigin: page.startedAt - 20 }, now());
    ledger.onDocument(TAB, { url: `${SITE}/older`, timeOrigin: page.startedAt - 5000 }, now());
    expect(ledger.page(TAB)).toBe(page);
    expect(totals().bytes).toBe(docBytes);
  });

  describe('a navigation answered by a service worker (nothing under the tab, only tabId -1 fetches)', () => {
    const hs = headers({ 'Content-Length': '900' });
    const swFetch = (id: string, url: string, at: number) => {
      ledger.onBeforeRequest({ ...start(id, url, 'xmlhttprequest'), tabId: -1, initiator: SITE, timeStamp: at });
      ledger.onResponseStarted({ ...response(id, url, 200, hs), tabId: -1, timeStamp: at + 2 });
      ledger.onCompleted({ ...end(id, url), tabId: -1, timeStamp: at + 3 });
    };
    const one = wireHead('HTTP/1.1 200 X', hs) + 900;

    it('starts a new page when the document says so, and moves the worker fetches made for it', () => {
      ledger.onDocument(TAB, { url: `${SITE}/`, timeOrigin: ledger.page(TAB)!.startedAt - 10 }, now());
      swFetch('old', `${SITE}/late-old.json`, now());
      const reloadAt = now() + 1000;
      swFetch('doc', `${SITE}/`, reloadAt + 5);
      swFetch('css', `${SITE}/a.css`, reloadAt + 30);
      ledger.onDocument(TAB, { url: `${SITE}/`, timeOrigin: reloadAt }, reloadAt + 40);
      swFetch('img', `${SITE}/b.png`, reloadAt + 60);
      const page = ledger.page(TAB)!;
      expect(page.startedAt).toBe(reloadAt);
      expect(page.totals.bytes).toBe(3 * one);
      expect(page.totals.requests).toBe(3);
      expect(page.totals.byParty.first).toBe(3 * one);
      // The previous page keeps what it had: its document and the worker fetch made before the reload.
      ledger.onTabRemoved(TAB);
      const previous = ledger.takeFinished().find((p) => p.id !== page.id)!;
      expect(previous.totals.bytes).toBe(docBytes + one);
      expect(previous.totals.requests).toBe(2);
    });

    it('in a tab it has never seen, takes the worker fetches no tab could be charged to', () => {
      const other = 'http://localhost:8080';
      const t = now();
      ledger.onBeforeRequest({ ...start('d', `${other}/app/`, 'xmlhttprequest'), tabId: -1, initiator: other, timeStamp: t + 5 });
      ledger.onResponseStarted({ ...response('d', `${other}/app/`, 200, hs), tabId: -1 });
      ledger.onCompleted({ ...end('d', `${other}/app/`), tabId: -1 });
      expect(ledger.tabIds()).not.toContain(NO_TAB);
      ledger.onDocument(TAB + 1, { url: `${other}/app/`, timeOrigin: t }, t + 50);
      expect(ledger.page(TAB + 1)!.totals.bytes).toBe(one);
      expect(ledger.page(TAB + 1)!.url).toBe(`${other}/app/`);
      expect(ledger.page(NO_TAB)!.totals.bytes).toBe(0);
      expect(totals().bytes).toBe(docBytes);
    });

    it('ignores a document message that is not a web page or has no valid time', () => {
      ledger.onDocument(TAB, { url: 'about:blank', timeOrigin: now() + 1000 }, now());
      ledger.onDocument(TAB, { url: `${SITE}/x`, timeOrigin: Number.NaN }, now());
      ledger.onDocument(-1, { url: `${SITE}/x`, timeOrigin: now() + 1000 }, now());
      expect(ledger.page(TAB)!.url).toBe(`${SITE}/`);
      expect(totals().bytes).toBe(docBytes);
    });
  });

  it('does not start a page for a prerender, and counts a request reported twice once', () => {
    const hs = headers({ 'Content-Length': '50' });
    ledger.onBeforeRequest(start('p', `${SITE}/next`, 'main_frame', { documentLifecycle: 'prerender' }));
    ledger.onBeforeRequest(start('p', `${SITE}/next`, 'main_frame', { documentLifecycle: 'prerender' }));
    ledger.onResponseStarted(response('p', `${SITE}/next`, 200, hs));
    ledger.onCompleted(end('p', `${SITE}/next`));
    ledger.onCompleted(end('p', `${SITE}/next`));
    expect(ledger.page(TAB)!.url).toBe(`${SITE}/`);
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 200 X', hs) + 50);
  });

  it('ignores data:, blob: and extension URLs', () => {
    ledger.onBeforeRequest(start('d', 'data:image/png;base64,AAAA'));
    ledger.onBeforeRequest(start('b', 'blob:http://127.0.0.1:8080/uuid'));
    expect(Object.keys(ledger.page(TAB)!.requests)).toHaveLength(0);
  });

  it('estimates WebSocket frames from message sizes', () => {
    ledger.onWebSocketBytes(TAB, [10, 200, 70_000]);
    expect(totals().byKind.websocket).toBe(12 + 204 + 70_010);
    expect(totals().estimatedBytes).toBe(12 + 204 + 70_010);
  });
});

describe('persistence', () => {
  it('carries on after a restore from a snapshot, counting each byte once', () => {
    ledger.onBeforeRequest(start('a', `${SITE}/slow.js`, 'script'));
    const saved = JSON.parse(JSON.stringify(ledger.snapshotTab(TAB)));
    const restarted = new Ledger();
    restarted.restoreTab(saved);
    const hs = headers({ 'Content-Length': '4000' });
    restarted.onResponseStarted(response('a', `${SITE}/slow.js`, 200, hs));
    restarted.onCompleted(end('a', `${SITE}/slow.js`));
    restarted.onCompleted(end('a', `${SITE}/slow.js`));
    expect(restarted.page(TAB)!.totals.bytes).toBe(docBytes + wireHead('HTTP/1.1 200 X', hs) + 4000);
    expect(restarted.takeDirty()).toContain(TAB);
  });
});

describe('eco-design observations', () => {
  it('notes uncompressed text, uncacheable static files, fonts and third-party sites', () => {
    fetchResource('css', `${SITE}/big.css`, 200, headers({ 'Content-Type': 'text/css', 'Content-Length': '5000' }));
    fetchResource('gz', `${SITE}/small.js`, 200, headers({ 'Content-Type': 'text/javascript', 'Content-Encoding': 'gzip', 'Content-Length': '5000', 'Cache-Control': 'max-age=60' }));
    ledger.onBeforeRequest(start('font', 'http://127.0.0.2:8080/f.woff2', 'font'));
    ledger.onResponseStarted(response('font', 'http://127.0.0.2:8080/f.woff2', 200, headers({ 'Content-Type': 'font/woff2', 'Content-Length': '100', ETag: '"1"' })));
    ledger.onCompleted(end('font', 'http://127.0.0.2:8080/f.woff2'));
    const observed = ledger.page(TAB)!.observed;
    expect(observed.uncompressedTextBytes).toBe(5000);
    // big.css (an image-typed request in these helpers) has no caching header; small.js and the font do.
    expect(observed.uncacheableStatic).toBe(1);
    expect(observed.fontFiles).toBe(1);
    expect(observed.thirdPartySites).toEqual(['127.0.0.2']);
  });
});

describe('events lost when the worker stops', () => {
  const hs = headers({ 'Content-Length': '3000' });
  const full = (status = 200) => ({ ...end('t', `${SITE}/tick.json`), type: 'xmlhttprequest', statusCode: status, statusLine: `HTTP/1.1 ${status} X`, responseHeaders: hs, fromCache: false });

  it('counts a response from its completion alone when every earlier event was lost', () => {
    ledger.onCompleted(full());
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 200 X', hs) + 3000);
    expect(totals().requests).toBe(2);
  });

  it('counts a response from its completion when only its start was saved', () => {
    ledger.onBeforeRequest(start('t', `${SITE}/tick.json`, 'xmlhttprequest'));
    ledger.onCompleted(full());
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 200 X', hs) + 3000);
    expect(totals().requests).toBe(2);
  });

  it('never counts a completion twice, even when it is reported again after the request ended', () => {
    ledger.onBeforeRequest(start('t', `${SITE}/tick.json`, 'xmlhttprequest'));
    ledger.onResponseStarted(response('t', `${SITE}/tick.json`, 200, hs));
    ledger.onCompleted(full());
    ledger.onCompleted(full());
    ledger.onResponseStarted(response('t', `${SITE}/tick.json`, 200, hs, { type: 'xmlhttprequest' }));
    expect(totals().bytes - docBytes).toBe(wireHead('HTTP/1.1 200 X', hs) + 3000);
    expect(totals().requests).toBe(2);
  });

  it('keeps the list of ended requests bounded', () => {
    for (let i = 0; i < 1000; i++) fetchResource(`r${i}`, `${SITE}/r${i}`, 200, headers({ 'Content-Length': '1' }));
    // 300 kept, trimmed by chunks of 100.
    const settled = ledger.snapshotTab(TAB)!.settled!;
    expect(settled.length).toBeLessThanOrEqual(400);
    expect(settled.at(-1)).toBe('r999'); // the newest are kept
  });
});
