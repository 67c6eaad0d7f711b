/*
 * Types of seeds/tips.json (good-practice tips) and seeds/services.json (known services). The JSON Schemas
 * next to the seeds are the contract; these types mirror them and must change with them
 * (tests/unit/tips/catalogue.test.ts checks that the enums of both agree).
 */
import type { ActionNumber, LocalizedText, SubActionNumber } from '../strategy/types';

export type { LocalizedText };

/** Who a tip is written for. "webmaster" covers the developers and editors of the Métropole's own sites. */
export type Audience = 'agent' | 'elected' | 'ambassador' | 'webmaster';

/**
 * What the signal computer (lib/tips, computed on the device, never sent anywhere) measures. The list is
 * shared with that computer: renaming an id here silently disconnects every tip that uses it.
 */
export type SignalId =
  | 'video_bytes_share' // share 0–1 of the day's bytes that are video
  | 'video_minutes_day'
  | 'visio_minutes_day'
  | 'genai_visits_day'
  | 'page_bytes' // weight of the current page, bytes
  | 'open_tabs'
  | 'autoplay_media' // count of autoplaying media on the page
  | 'third_party_bytes_share' // share 0–1 of the page's bytes served by other sites
  | 'trackers_on_page' // count of known trackers contacted by the page
  | 'http_page' // 1 when the page itself is plain HTTP
  | 'download_bytes' // bytes of a single download
  | 'oversized_images_bytes' // bytes of images larger than displayed
  | 'uncompressed_text_bytes' // bytes of text resources sent uncompressed
  | 'uncacheable_static_count' // static resources served without cache headers
  | 'font_files'
  | 'third_party_domains'
  | 'cloud_storage_visits_day'
  | 'webmail_visits_day';

/** One unit per signal: ratio 0–1, minutes, a count, bytes, or a 0/1 flag. */
export type SignalUnit = 'ratio' | 'min' | 'count' | 'B' | 'flag';

/** Fires when the signal's value is at or above the threshold (see `triggerMet` in ./catalogue). */
export interface SignalTrigger {
  readonly signal: SignalId;
  readonly threshold: number;
  readonly unit: SignalUnit;
}

/** A tip that is relevant whatever was measured (devices, data, awareness). */
export interface GeneralTrigger {
  readonly signal: 'general';
}

export type TipTrigger = SignalTrigger | GeneralTrigger;

/** Values of the signals at one moment; a missing signal is unknown, not zero. */
export type Signals = Partial<Readonly<Record<SignalId, number>>>;

/** What a saving formula computes: bytes not transferred, or watt-hours not consumed. */
export type SavingQuantity = 'bytes_saved' | 'wh_saved';

export interface SavingFactor {
  /** Identifier used in the formula. */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Publication and year, by identifier only. */
  readonly source: string;
}

export interface Saving {
  readonly description: LocalizedText;
  /** `<quantity> = <arithmetic>` over signal ids and factor names, e.g. `bytes_saved = a * (b - c) / 8`. */
  readonly formula: string;
  readonly factors: readonly SavingFactor[];
}

/**
 * rgesn-2024: criterion number of the Référentiel général d'écoconception de services numériques, 2024
 * edition ("4.1"). greenit-115: practice number in "Écoconception web : les 115 bonnes pratiques", 3rd
 * edition, 2019 ("34"). ademe / other: publication title and year. Never quoted text.
 */
export type ReferenceKind = 'rgesn-2024' | 'greenit-115' | 'ademe' | 'other';

export interface TipReference {
  readonly kind: ReferenceKind;
  readonly id: string;
}

export interface Tip {
  /** Stable kebab-case id: it is stored in people's tip history, so it is never renamed. */
  readonly id: string;
  readonly title: LocalizedText;
  readonly body: LocalizedText;
  /** Strategy actions the tip serves, as printed in the document ("01", "36.1"). */
  readonly actions: readonly (ActionNumber | SubActionNumber)[];
  readonly audiences: readonly Audience[];
  readonly trigger: TipTrigger;
  /** Plain-words reason shown under "Pourquoi ce conseil ?"; `{value}` is the signal, formatted per unit. */
  readonly why: LocalizedText;
  readonly saving: Saving | null;
  readonly references: readonly TipReference[];
}

export interface TipsSeed {
  readonly $schema: string;
  readonly version: 1;
  readonly tips: readonly Tip[];
}

export type ServiceCategory = 'video' | 'visio' | 'genai' | 'tracker' | 'cloud_storage' | 'webmail';

export interface Service {
  /** Registrable domain ("googlevideo.com") or a host under it when only that host is the service ("meet.google.com"). */
  readonly domain: string;
  readonly category: ServiceCategory;
  readonly name: string;
}

export interface ServicesSeed {
  readonly $schema: string;
  readonly version: 1;
  readonly services: readonly Service[];
}

/** A saving computed for given signals. */
export interface SavingEstimate {
  readonly quantity: SavingQuantity;
  readonly value: number;
}
