import { DEFAULT_GRID, isKnownCountry, type GridSettings } from '../carbon';

export interface Settings {
  grid: GridSettings;
}

export const DEFAULT_SETTINGS: Settings = { grid: DEFAULT_GRID };

/** Settings read from storage are untrusted (older versions, hand edits): anything invalid falls back, field by field. */
export function parseSettings(raw: unknown): Settings {
  const grid = (raw as { grid?: Partial<GridSettings> } | undefined)?.grid;
  return {
    grid: {
      country: isKnownCountry(grid?.country) ? grid.country : DEFAULT_GRID.country,
      dataCenter: grid?.dataCenter === 'world' || isKnownCountry(grid?.dataCenter) ? grid!.dataCenter! : DEFAULT_GRID.dataCenter,
    },
  };
}
