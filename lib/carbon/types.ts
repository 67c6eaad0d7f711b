/** ISO 3166-1 alpha-3 country code for which the model has a grid intensity (validated by `isKnownCountry`). */
export type CountryCode = string;

export interface GridSettings {
  /** Grid of the user's device and access network. */
  country: CountryCode;
  /** Grid of the data centres: the model's world average unless the user picks a country. */
  dataCenter: 'world' | CountryCode;
}

export interface CarbonEstimate {
  /** Grams of CO2e for the bytes, with the user's grids. */
  grams: number;
  /** The same grams split by segment (operational + embodied); they add up to `grams`. */
  segments: { dataCenter: number; network: number; device: number };
  /** SWD v4 rating with the model's global defaults, comparable with other tools (A+ ... F). */
  grade: string;
  model: typeof MODEL;
}

export const MODEL = { library: '@tgwf/co2', libraryVersion: '0.19.0', model: 'swd', version: 4 } as const;
