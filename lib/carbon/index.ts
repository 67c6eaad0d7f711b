/*
 * The only module that talks to @tgwf/co2, so the model is pinned in one place: Sustainable Web Design v4
 * (co2.js changed its default model twice; say it explicitly). Every estimate carries MODEL.
 */
import { averageIntensity, co2, type SegmentResult } from '@tgwf/co2';
import { MODEL, type CarbonEstimate, type CountryCode, type GridSettings } from './types';

export { MODEL } from './types';
export type { CarbonEstimate, CountryCode, GridSettings } from './types';

export const DEFAULT_GRID: GridSettings = { country: 'FRA', dataCenter: 'world' };

const localModel = new co2({ model: 'swd', version: 4, results: 'segment' });
const ratingModel = new co2({ model: 'swd', version: 4, rating: true });

/**
 * co2.js turns an unknown country code (or 'FR' instead of 'FRA') into NaN without a word, so every code is
 * checked against the grid data it ships before use.
 */
export function isKnownCountry(code: unknown): code is CountryCode {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && Number.isFinite(averageIntensity.data[code]);
}

export function knownCountries(): CountryCode[] {
  return Object.keys(averageIntensity.data).filter(isKnownCountry).sort();
}

/** The model wants a finite, non-negative whole number of bytes; anything else is a bug upstream. */
export function toModelBytes(bytes: number): number {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`bytes must be a finite non-negative number, got ${bytes}`);
  return Math.round(bytes);
}

export function gridOptions(grid: GridSettings) {
  if (!isKnownCountry(grid.country)) throw new RangeError(`unknown grid country: ${String(grid.country)}`);
  if (grid.dataCenter !== 'world' && !isKnownCountry(grid.dataCenter)) {
    throw new RangeError(`unknown data centre country: ${String(grid.dataCenter)}`);
  }
  return {
    device: { country: grid.country },
    network: { country: grid.country },
    ...(grid.dataCenter === 'world' ? {} : { dataCenter: { country: grid.dataCenter } }),
  };
}

export function estimate(bytes: number, grid: GridSettings = DEFAULT_GRID): CarbonEstimate {
  const modelBytes = toModelBytes(bytes);
  const segments = { dataCenter: 0, network: 0, device: 0 };
  if (modelBytes > 0) {
    const result = localModel.perByteTrace(modelBytes, false, { gridIntensity: gridOptions(grid) }).co2 as SegmentResult;
    segments.dataCenter = result.dataCenterOperationalCO2e + result.dataCenterEmbodiedCO2e;
    segments.network = result.networkOperationalCO2e + result.networkEmbodiedCO2e;
    segments.device = result.consumerDeviceOperationalCO2e + result.consumerDeviceEmbodiedCO2e;
  }
  return {
    // The total is the sum of the segments shown, so what the popup shows always adds up.
    grams: segments.dataCenter + segments.network + segments.device,
    segments,
    grade: gradeOf(modelBytes),
    model: MODEL,
  };
}

/** SWD v4 rating of a page of this weight, with the model's global defaults. */
export function gradeOf(bytes: number): string {
  const modelBytes = toModelBytes(bytes);
  if (modelBytes < 1) return 'A+';
  const result = ratingModel.perByte(modelBytes, false) as { rating: string };
  return result.rating;
}

/** Grams with the model's global defaults (the figure other SWD v4 tools show), for comparison and tests. */
export function gramsWithGlobalDefaults(bytes: number, green = false): number {
  const result = ratingModel.perByte(toModelBytes(bytes), green);
  return typeof result === 'number' ? result : result.total;
}
