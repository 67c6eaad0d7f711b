// The checks the Firefox tests share: a popup reading against the fixture server's record of bytes written.
// The same rules and tolerances as tests/e2e/measure.test.ts (issue 2's 2% target where the size is observable).
import { expect } from 'vitest';
import type { PopupFigures } from '../e2e/harness';
import type { ResponseRecord } from '../e2e/fixtures/server';

/** Tolerance where the size is observable. */
export const TOLERANCE = 0.02;
/** Where it is not: the figure must be between half and twice the record. */
export const ESTIMATE_BAND = { min: 0.5, max: 2 } as const;

export interface Reading {
  scenario: string;
  figures: PopupFigures;
  records: ResponseRecord[];
  expectedBytes: number;
  expectedCount: number;
  /** A second reading 5 s later when the first was off: tells a slow figure from a lost one. */
  late?: PopupFigures;
}

export function reading(scenario: string, figures: PopupFigures, records: ResponseRecord[]): Reading {
  return {
    scenario,
    figures,
    records,
    expectedBytes: records.reduce((sum, r) => sum + r.bytes, 0),
    expectedCount: records.filter((r) => r.kind === 'http').length,
  };
}

export function isOff(figures: PopupFigures, expectedBytes: number): boolean {
  return Math.abs(figures.transferBytes - expectedBytes) > TOLERANCE * expectedBytes;
}

/** Responses whose bytes (or header bytes, or sum for one status) equal the difference: the likely culprits. */
export function culprits(m: Reading): string[] {
  const diff = Math.abs(m.figures.transferBytes - m.expectedBytes);
  if (diff === 0) return [];
  const hits: string[] = [];
  for (const r of m.records) {
    if (r.bytes === diff) hits.push(`${r.path} (whole response, ${diff} B)`);
    else if (r.headerBytes === diff) hits.push(`${r.path} (its headers, ${diff} B)`);
    else if (r.bytes - r.headerBytes === diff) hits.push(`${r.path} (its body, ${diff} B)`);
  }
  const byStatus = new Map<number, number>();
  for (const r of m.records) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.bytes);
  for (const [status, sum] of byStatus) if (sum === diff) hits.push(`all ${status} responses (${sum} B)`);
  return hits;
}

/** What to print when a figure is off: both sides, and every response the server wrote. */
export function explain(m: Reading): string {
  const suspects = culprits(m);
  const rows = m.records.map((r) => `  ${r.status} ${r.kind === 'ws-frames' ? 'WS frames' : r.method} ${r.host}${r.path} ${r.bytes} B (headers ${r.headerBytes})${r.aborted ? ' aborted' : ''}`);
  return [
    `${m.scenario}: popup transfer-bytes ${m.figures.transferBytes}, request-count ${m.figures.requestCount}, estimated-bytes ${m.figures.estimatedBytes};`,
    `server wrote ${m.expectedBytes} B in ${m.expectedCount} responses (difference ${m.figures.transferBytes - m.expectedBytes} B):`,
    ...rows,
    ...(suspects.length ? [`difference matches: ${suspects.join('; ')}`] : []),
    ...(m.late ? [`popup read again 5 s later: transfer-bytes ${m.late.transferBytes}, request-count ${m.late.requestCount}`] : []),
  ].join('\n');
}

/** The size was observable: within 2% of the record, every response counted, nothing estimated beyond 2%. */
export function expectObservable(m: Reading): void {
  expect(m.expectedBytes, 'the scenario produced no traffic').toBeGreaterThan(0);
  expect(Math.abs(m.figures.transferBytes - m.expectedBytes), explain(m)).toBeLessThanOrEqual(TOLERANCE * m.expectedBytes);
  expect(m.figures.requestCount, explain(m)).toBe(m.expectedCount);
}

/** `hidden` = body bytes nothing in the browser can see; the rest must be counted in full. */
export function expectEstimated(m: Reading, hidden: number): void {
  expect(m.figures.estimatedBytes, explain(m)).toBeGreaterThan(0);
  expect(m.figures.transferBytes, explain(m)).toBeGreaterThanOrEqual((1 - TOLERANCE) * (m.expectedBytes - hidden));
  expect(m.figures.transferBytes, explain(m)).toBeGreaterThanOrEqual(ESTIMATE_BAND.min * m.expectedBytes);
  expect(m.figures.transferBytes, explain(m)).toBeLessThanOrEqual(ESTIMATE_BAND.max * m.expectedBytes);
  expect(m.figures.requestCount, explain(m)).toBe(m.expectedCount);
}

export const has = (m: Reading, pred: (r: ResponseRecord) => boolean): number => m.records.filter(pred).length;
