// КАТОТТГ codes of territorial units: 'UA' + oblast(2) raion(2) hromada(3) settlement(3) city district(2) + a
// 5-digit object id (protocol-facts §6.5). The object id is assigned, not computed, so there is no check digit to verify.

import type { Rng } from '../random.ts';
import { type CheckResult, fail, quote } from './check.ts';

/** First-level КАТОТТГ codes: the 24 oblasts, АР Крим (01), Київ (80) and Севастополь (85). */
export const KATOTTG_OBLAST_CODES = [
  '01', '05', '07', '12', '14', '18', '21', '23', '26', '32', '35', '44', '46', '48',
  '51', '53', '56', '59', '61', '63', '65', '68', '71', '73', '74', '80', '85',
] as const;
export type KatottgOblastCode = (typeof KATOTTG_OBLAST_CODES)[number];
const OBLASTS = new Set<string>(KATOTTG_OBLAST_CODES);

/** The most specific level a code names: the deepest part that is not all zeros. */
export type KatottgLevel = 'oblast' | 'raion' | 'hromada' | 'settlement' | 'city-district';

export interface KatottgParts {
  oblast: string;
  raion: string;
  hromada: string;
  settlement: string;
  cityDistrict: string;
  objectId: string;
  level: KatottgLevel;
}

/**
 * Validates the form of a КАТОТТГ code and splits it into its levels.
 * Example: checkKatottg('UA71020010000037786') -> { oblast: '71', raion: '02', hromada: '001', settlement: '000', ... }.
 */
export function checkKatottg(s: string): CheckResult<KatottgParts> {
  if (typeof s !== 'string') return fail("КАТОТТГ code must be a string like 'UA71020010000037786'");
  if (!s.startsWith('UA')) {
    const hint = /^ua/i.test(s) ? ' (capital Latin letters)' : '';
    return fail(`КАТОТТГ code must start with 'UA'${hint}, got ${quote(s.slice(0, 2))}`);
  }
  const digits = s.slice(2);
  if (!/^\d+$/.test(digits)) return fail(`КАТОТТГ code ${quote(s)} must be 'UA' followed by digits only`);
  if (digits.length !== 17) return fail(`КАТОТТГ code must have 17 digits after 'UA', got ${digits.length}`);
  const oblast = digits.slice(0, 2);
  const raion = digits.slice(2, 4);
  const hromada = digits.slice(4, 7);
  const settlement = digits.slice(7, 10);
  const cityDistrict = digits.slice(10, 12);
  const objectId = digits.slice(12);
  if (!OBLASTS.has(oblast)) {
    return fail(`oblast code ${oblast} is not a first-level КАТОТТГ code (one of ${KATOTTG_OBLAST_CODES.join(' ')})`);
  }
  // Levels are not strictly nested (the exclusion zone's towns sit straight under the oblast:
  // UA32000000010085013 is Прип'ять), so the level is simply the deepest non-zero part.
  const levels: [KatottgLevel, string][] = [
    ['raion', raion],
    ['hromada', hromada],
    ['settlement', settlement],
    ['city-district', cityDistrict],
  ];
  let level: KatottgLevel = 'oblast';
  for (const [name, value] of levels) if (value !== '0'.repeat(value.length)) level = name;
  return { ok: true, oblast, raion, hromada, settlement, cityDistrict, objectId, level };
}

export function isValidKatottg(s: string): boolean {
  return checkKatottg(s).ok;
}

// The two cities with special status are themselves first-level units with a single real code each.
const CITY_CODES: Partial<Record<KatottgOblastCode, string>> = {
  '80': 'UA80000000000093317',
  '85': 'UA85000000000065278',
};

/**
 * A plausible hromada-level code (settlement 000, district 00) in the given or a random oblast.
 * Київ (80) and Севастополь (85) have no raions or hromadas, so for them it is the city's own real code.
 */
export function generateHromadaKatottg(rng: Rng, opts: { oblast?: KatottgOblastCode } = {}): string {
  const oblast = opts.oblast ?? rng.pick(KATOTTG_OBLAST_CODES);
  if (!OBLASTS.has(oblast)) throw new RangeError(`'${oblast}' is not a first-level КАТОТТГ code`);
  const city = CITY_CODES[oblast];
  if (city) return city;
  // Real raion codes are even (02, 04, …) and hromada codes odd (001, 003, …); copying that keeps codes plausible.
  const raion = String(2 * rng.int(1, 8)).padStart(2, '0');
  const hromada = String(2 * rng.int(0, 39) + 1).padStart(3, '0');
  const objectId = String(rng.int(10_000, 99_999));
  return `UA${oblast}${raion}${hromada}00000${objectId}`;
}
