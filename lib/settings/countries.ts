/*
 * Names for the grid-country select. @tgwf/co2 keys its grid data by ISO 3166-1 alpha-3 code, and
 * Intl.DisplayNames only names alpha-2 codes, so this table maps the one to the other for every country the
 * bundled data knows (tests/unit/settings/countries.test.ts checks both directions against co2.js and Intl).
 * Source: ISO 3166-1 (XK is the user-assigned code commonly used for Kosovo, as co2.js's XKX).
 */
import { knownCountries, type CountryCode } from '../carbon';
import type { Lang } from '../format';

// prettier-ignore
export const ALPHA2: Readonly<Record<string, string>> = Object.freeze({
  AFG: 'AF', ALB: 'AL', DZA: 'DZ', ASM: 'AS', AGO: 'AO', ATG: 'AG', ARG: 'AR', ARM: 'AM', ABW: 'AW', AUS: 'AU',
  AUT: 'AT', AZE: 'AZ', BHS: 'BS', BHR: 'BH', BGD: 'BD', BRB: 'BB', BLR: 'BY', BEL: 'BE', BLZ: 'BZ', BEN: 'BJ',
  BTN: 'BT', BOL: 'BO', BIH: 'BA', BWA: 'BW', BRA: 'BR', BRN: 'BN', BGR: 'BG', BFA: 'BF', BDI: 'BI', CPV: 'CV',
  KHM: 'KH', CMR: 'CM', CAN: 'CA', CYM: 'KY', CAF: 'CF', TCD: 'TD', CHL: 'CL', CHN: 'CN', COL: 'CO', COM: 'KM',
  COG: 'CG', COD: 'CD', COK: 'CK', CRI: 'CR', CIV: 'CI', HRV: 'HR', CUB: 'CU', CYP: 'CY', CZE: 'CZ', DNK: 'DK',
  DJI: 'DJ', DMA: 'DM', DOM: 'DO', ECU: 'EC', EGY: 'EG', SLV: 'SV', GNQ: 'GQ', ERI: 'ER', EST: 'EE', SWZ: 'SZ',
  ETH: 'ET', FLK: 'FK', FRO: 'FO', FJI: 'FJ', FIN: 'FI', FRA: 'FR', GUF: 'GF', PYF: 'PF', GAB: 'GA', GMB: 'GM',
  GEO: 'GE', DEU: 'DE', GHA: 'GH', GRC: 'GR', GRL: 'GL', GRD: 'GD', GLP: 'GP', GUM: 'GU', GTM: 'GT', GIN: 'GN',
  GNB: 'GW', GUY: 'GY', HTI: 'HT', HND: 'HN', HKG: 'HK', HUN: 'HU', ISL: 'IS', IND: 'IN', IDN: 'ID', IRN: 'IR',
  IRQ: 'IQ', IRL: 'IE', ISR: 'IL', ITA: 'IT', JAM: 'JM', JPN: 'JP', JOR: 'JO', KAZ: 'KZ', KEN: 'KE', KIR: 'KI',
  XKX: 'XK', KWT: 'KW', KGZ: 'KG', LAO: 'LA', LVA: 'LV', LBN: 'LB', LSO: 'LS', LBR: 'LR', LBY: 'LY', LTU: 'LT',
  LUX: 'LU', MAC: 'MO', MDG: 'MG', MWI: 'MW', MYS: 'MY', MDV: 'MV', MLI: 'ML', MLT: 'MT', MTQ: 'MQ', MRT: 'MR',
  MUS: 'MU', MEX: 'MX', MDA: 'MD', MNG: 'MN', MNE: 'ME', MSR: 'MS', MAR: 'MA', MOZ: 'MZ', MMR: 'MM', NAM: 'NA',
  NRU: 'NR', NPL: 'NP', NLD: 'NL', NCL: 'NC', NZL: 'NZ', NIC: 'NI', NER: 'NE', NGA: 'NG', PRK: 'KP', MKD: 'MK',
  NOR: 'NO', OMN: 'OM', PAK: 'PK', PSE: 'PS', PAN: 'PA', PNG: 'PG', PRY: 'PY', PER: 'PE', POL: 'PL', PRT: 'PT',
  PRI: 'PR', QAT: 'QA', REU: 'RE', ROU: 'RO', RUS: 'RU', RWA: 'RW', KNA: 'KN', LCA: 'LC', SPM: 'PM', VCT: 'VC',
  WSM: 'WS', STP: 'ST', SAU: 'SA', SEN: 'SN', SRB: 'RS', SYC: 'SC', SLE: 'SL', SGP: 'SG', SVK: 'SK', SVN: 'SI',
  SLB: 'SB', SOM: 'SO', ZAF: 'ZA', KOR: 'KR', SSD: 'SS', ESP: 'ES', LKA: 'LK', SDN: 'SD', SUR: 'SR', SWE: 'SE',
  CHE: 'CH', SYR: 'SY', TWN: 'TW', TJK: 'TJ', TZA: 'TZ', THA: 'TH', PHL: 'PH', TGO: 'TG', TON: 'TO', TTO: 'TT',
  TUN: 'TN', TUR: 'TR', TKM: 'TM', TCA: 'TC', UGA: 'UG', UKR: 'UA', ARE: 'AE', GBR: 'GB', USA: 'US', URY: 'UY',
  UZB: 'UZ', VUT: 'VU', VEN: 'VE', VNM: 'VN', VGB: 'VG', VIR: 'VI', YEM: 'YE', ZMB: 'ZM', ZWE: 'ZW',
});

export interface CountryOption {
  code: CountryCode;
  name: string;
}

/** The name of a grid country in the interface language; the code itself when no name is known. */
export function countryName(code: string, lang: Lang): string {
  const alpha2 = ALPHA2[code];
  if (!alpha2) return code;
  try {
    return new Intl.DisplayNames([lang === 'fr' ? 'fr-FR' : 'en-GB'], { type: 'region' }).of(alpha2) ?? code;
  } catch {
    return code;
  }
}

/** Every country with grid data, France first (the Métropole's grid), then by name in the interface language. */
export function countryOptions(lang: Lang): CountryOption[] {
  const collator = new Intl.Collator(lang === 'fr' ? 'fr-FR' : 'en-GB');
  const options = knownCountries().map((code) => ({ code, name: countryName(code, lang) }));
  const france = options.filter((o) => o.code === 'FRA');
  const others = options.filter((o) => o.code !== 'FRA').sort((a, b) => collator.compare(a.name, b.name));
  return [...france, ...others];
}
