// @tgwf/co2 0.19.0 ships no type declarations; only what lib/carbon uses is declared.
declare module '@tgwf/co2' {
  export type Intensity = number | { country: string };
  export interface TraceOptions {
    gridIntensity?: { device?: Intensity; network?: Intensity; dataCenter?: Intensity };
    greenHostingFactor?: number;
  }
  export interface SegmentResult {
    consumerDeviceOperationalCO2e: number;
    networkOperationalCO2e: number;
    dataCenterOperationalCO2e: number;
    consumerDeviceEmbodiedCO2e: number;
    networkEmbodiedCO2e: number;
    dataCenterEmbodiedCO2e: number;
    total: number;
    rating?: string;
  }
  export class co2 {
    constructor(options?: { model?: 'swd' | '1byte'; version?: 3 | 4; results?: 'segment'; rating?: boolean });
    perByte(bytes: number, green?: boolean): number | SegmentResult | { total: number; rating: string };
    perByteTrace(
      bytes: number,
      green?: boolean,
      options?: TraceOptions,
    ): { co2: number | SegmentResult | { total: number; rating: string }; green: boolean; variables: unknown };
  }
  export const averageIntensity: { data: Record<string, number>; type: string; year: number };
}
